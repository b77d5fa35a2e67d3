package dev.agentswarm.internal.subagent;

import dev.agentswarm.internal.run.RunContext;
import dev.agentswarm.report.TaskResult;
import java.util.function.Consumer;
import reactor.core.publisher.Mono;

/** Runs one task of a stage to its result. */
public interface TaskRunner {

    /**
     * Runs a task, and records its result the moment it is known.
     *
     * @param spec the task
     * @param recorder told of the result under the run's lock, together with the result's {@code TaskFinished} event
     * @return its result; never an error signal
     */
    Mono<TaskResult> run(TaskSpec spec, Consumer<TaskResult> recorder);

    /**
     * The task runner of a run: the live one, decorated with a replay of the journal when the run resumes one, behind
     * the swarm-wide task bulkhead when the swarm has one.
     *
     * @param ctx the run
     * @param live runs tasks for real
     * @return the runner
     */
    static TaskRunner of(RunContext ctx, SubagentTaskRunner live) {
        return new AdmittedTaskRunner(ctx, ctx.resume().isEmpty() ? live : new ReplayingTaskRunner(ctx, live));
    }
}

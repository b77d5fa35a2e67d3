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
     * the swarm-wide task bulkhead when the swarm has one, and decorated by each {@link Decorator} among the run's
     * listeners.
     *
     * @param ctx the run
     * @param live runs tasks for real
     * @return the runner
     */
    static TaskRunner of(RunContext ctx, SubagentTaskRunner live) {
        TaskRunner runner =
                new AdmittedTaskRunner(ctx, ctx.resume().isEmpty() ? live : new ReplayingTaskRunner(ctx, live));
        for (dev.agentswarm.event.SwarmEventListener l : ctx.listeners()) {
            if (l instanceof Decorator d) {
                runner = d.decorate(ctx, runner);
            }
        }
        return runner;
    }

    /**
     * A seam for runtimes that run a run's tasks elsewhere (swarm-temporal runs a large stage's tasks in child
     * workflows): a run listener ({@code RunOptions.withListener}) that also implements this decorates the run's task
     * runner. Internal machinery, not API.
     */
    interface Decorator {

        /**
         * @param ctx the run
         * @param runner the run's own task runner
         * @return the runner the run's stages use
         */
        TaskRunner decorate(RunContext ctx, TaskRunner runner);
    }
}

package dev.agentswarm.internal.subagent;

import dev.agentswarm.internal.run.ResumeState;
import dev.agentswarm.internal.run.RunContext;
import dev.agentswarm.report.TaskResult;
import java.util.function.Consumer;
import reactor.core.publisher.Mono;

/**
 * Decorates the live task runner of a resumed run: a task whose result is in the journal (same id, agent and prompt)
 * is not run again; its result is replayed (its tokens counted, its start and end emitted again). Every other task
 * runs live.
 */
final class ReplayingTaskRunner implements TaskRunner {

    private final RunContext ctx;
    private final SubagentTaskRunner live;

    ReplayingTaskRunner(RunContext ctx, SubagentTaskRunner live) {
        this.ctx = ctx;
        this.live = live;
    }

    @Override
    public Mono<TaskResult> run(TaskSpec spec, Consumer<TaskResult> recorder) {
        TaskResult journaled = ctx.resume().task(spec.taskId(), spec.agent().name(), spec.prompt());
        if (journaled == null) {
            return live.run(spec, recorder);
        }
        return Mono.fromSupplier(() -> {
            if (!ctx.cancellations().finish(spec.taskId())) {
                // Cancelled before its replay: it ends as a task cancelled while it waited.
                String reason = ctx.cancellations().reasonIfCancelled(spec.taskId());
                ctx.cancellations().finished(spec.taskId());
                return live.cancelledWhileWaiting(spec, reason, recorder);
            }
            ctx.cancellations().finished(spec.taskId());
            return ctx.serialized(() -> {
                TaskResult r = ResumeState.replay(ctx, spec.stage(), spec.stageId(), journaled);
                recorder.accept(r);
                return r;
            });
        });
    }
}

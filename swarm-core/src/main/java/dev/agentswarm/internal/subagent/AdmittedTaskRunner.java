package dev.agentswarm.internal.subagent;

import dev.agentswarm.event.SwarmEvent;
import dev.agentswarm.internal.bulkhead.FairBulkhead;
import dev.agentswarm.internal.bulkhead.Lane;
import dev.agentswarm.internal.run.RunContext;
import dev.agentswarm.report.TaskResult;
import java.time.Instant;
import java.util.function.Consumer;
import reactor.core.publisher.Mono;

/**
 * Admits a run's tasks through the swarm-wide task bulkhead ({@code AgentSwarm.Builder.maxTasksInFlight}) when the
 * swarm has one: a task that finds every place taken waits in its run's lane (a {@code bulkhead_wait} event), without
 * a thread, and starts when a place frees and its run's turn comes. A task cancelled while it waits (by
 * {@code cancelTask}, fail-fast or a budget) leaves the line at once and ends {@code CANCELLED} without a place; a run
 * cancelled while its tasks wait takes them out of the line. The wait is the task's {@code queueWait}. Without a
 * bulkhead, tasks go straight to the runner.
 */
final class AdmittedTaskRunner implements TaskRunner {

    private final RunContext ctx;
    private final TaskRunner inner;

    AdmittedTaskRunner(RunContext ctx, TaskRunner inner) {
        this.ctx = ctx;
        this.inner = inner;
    }

    @Override
    public Mono<TaskResult> run(TaskSpec spec, Consumer<TaskResult> recorder) {
        return Mono.deferContextual(context -> {
            FairBulkhead tasks = Lane.taskBulkhead(context);
            if (tasks == null) {
                return inner.run(spec, recorder);
            }
            Instant readyAt = ctx.now();
            return tasks.admit(
                    Lane.of(context),
                    waited -> inner.run(spec, recorder).contextWrite(c -> Lane.withQueueWait(c, waited)),
                    ctx.cancellations().signal(spec.taskId()),
                    // Cancelled while it waited: the runner ends it CANCELLED at once, without a model call.
                    () -> inner.run(spec, recorder).contextWrite(c -> Lane.withQueueWait(c, ctx.since(readyAt))),
                    queued -> {
                        if (ctx.hasListeners()) {
                            ctx.emit(new SwarmEvent.BulkheadWait(
                                    ctx.origin(spec.stage(), spec.taskId(), spec.stageId()),
                                    queued.scope(),
                                    queued.inFlight(),
                                    queued.capacity(),
                                    queued.waiting()));
                        }
                    });
        });
    }
}

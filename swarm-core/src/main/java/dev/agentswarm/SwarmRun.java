package dev.agentswarm;

import dev.agentswarm.event.SwarmEvent;
import dev.agentswarm.event.SwarmEventListener;
import dev.agentswarm.internal.run.RunContext;
import dev.agentswarm.report.SwarmResult;
import java.time.Duration;
import java.util.function.BiFunction;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * A run in progress: its id, its live event stream, its result, and {@link #cancel()}. Cancelling stops every model
 * and tool call in flight; the result then has status {@code CANCELLED} and keeps what was completed. Whatever ends
 * the run, {@code RunFinished} is the last event of its stream.
 */
public final class SwarmRun {

    private final String runId;
    private final Sinks.Many<SwarmEvent> events;
    private final Sinks.Empty<Void> cancel;
    private final Mono<SwarmResult> result;
    private final Disposable subscription;
    private final RunContext ctx;

    private SwarmRun(
            String runId,
            Sinks.Many<SwarmEvent> events,
            Sinks.Empty<Void> cancel,
            Mono<SwarmResult> result,
            RunContext ctx) {
        this.runId = runId;
        this.ctx = ctx;
        this.events = events;
        this.cancel = cancel;
        this.result = result;
        this.subscription = result.subscribe(r -> {}, e -> {});
    }

    /**
     * Starts a run at once.
     *
     * @param runId the run's id
     * @param launcher makes the run, given the listener that feeds this handle's event stream and the signal that
     *     cancels it
     */
    static SwarmRun start(String runId, BiFunction<SwarmEventListener, Mono<Void>, Launcher.Launched> launcher) {
        Sinks.Many<SwarmEvent> events = Sinks.many().replay().all();
        Sinks.Empty<Void> cancel = Sinks.empty();
        Launcher.Launched run = launcher.apply(
                event -> events.emitNext(event, Sinks.EmitFailureHandler.busyLooping(Duration.ofSeconds(1))),
                cancel.asMono());
        Mono<SwarmResult> result = run.result()
                .doFinally(s -> {
                    run.close().run();
                    events.tryEmitComplete();
                })
                .cache();
        return new SwarmRun(runId, events, cancel, result, run.ctx());
    }

    /** @return the run's id */
    public String runId() {
        return runId;
    }

    /**
     * The run's events, from its start, as they happen; completes when the run ends. Every subscriber sees every
     * event from the first.
     *
     * @return the event stream
     */
    public Flux<SwarmEvent> events() {
        return events.asFlux();
    }

    /** @return the result, once the run has ended; cached, so every subscriber gets the same one */
    public Mono<SwarmResult> result() {
        return result;
    }

    /** Cancels the run: no further model call starts, calls in flight are cancelled, and the result keeps what was completed. */
    public void cancel() {
        cancel.tryEmitEmpty();
    }

    /**
     * Cancels one task, waiting or running: its model and tool calls in flight are cancelled (the HTTP request
     * aborted), it makes no further model call, and it ends {@code CANCELLED}; its stage and the run go on, and the
     * orchestrator sees the cancellation as that task's tool result.
     *
     * @param taskId the task's id, as in {@code TaskAssigned} events ({@code s<stage>-t<index>})
     * @return true only when the cancellation took effect: the task was waiting or running, and it ends
     *     {@code CANCELLED}; false for an unknown task, a task that ended or whose own result was already decided, a
     *     task cancelled before, and any task once the run has ended
     */
    public boolean cancelTask(String taskId) {
        return ctx.cancellations()
                .cancel(java.util.Objects.requireNonNull(taskId, "taskId"), "task " + taskId + " was cancelled");
    }

    /** @return whether the run has ended */
    public boolean isDone() {
        return subscription.isDisposed();
    }
}

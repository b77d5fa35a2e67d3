package dev.agentswarm.temporal;

import dev.agentswarm.event.SwarmEvent;
import dev.agentswarm.event.SwarmEventListener;
import dev.agentswarm.report.SwarmResult;
import dev.agentswarm.temporal.workflow.Codec;
import dev.agentswarm.temporal.workflow.ResultEnvelope;
import dev.agentswarm.temporal.workflow.SwarmWorkflow;
import io.grpc.StatusRuntimeException;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowStub;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.failure.TemporalFailure;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/** A run on Temporal, as a client follows it: its result, its events, and its cancellation. */
public final class TemporalSwarmRun {

    private final String runId;
    private final WorkflowStub stub;
    private final SwarmWorkflow workflow;
    private final Duration pollInterval;

    TemporalSwarmRun(String runId, WorkflowStub stub, SwarmWorkflow workflow, Duration pollInterval) {
        this.runId = runId;
        this.stub = stub;
        this.workflow = workflow;
        this.pollInterval = pollInterval;
    }

    /** @return the run's id, its workflow id */
    public String runId() {
        return runId;
    }

    /**
     * Waits for the run's result. A run cancelled with {@link #cancel()} or from Temporal's side still has one: it is
     * {@code CANCELLED} and keeps every finished task.
     *
     * @return the result
     * @throws TemporalSwarmException if the workflow failed without a result (another library version on the
     *     workers, an unknown swarm name) or was terminated
     */
    public SwarmResult result() {
        String envelope;
        try {
            envelope = stub.getResult(String.class);
        } catch (WorkflowFailedException e) {
            if (e.getCause() instanceof CanceledFailure) {
                // Cancelled from Temporal's side: the workflow closed the run first and keeps its result.
                int parts = workflow.resultParts();
                if (parts > 0) {
                    return Codec.read(joinParts(parts), SwarmResult.class);
                }
            }
            throw new TemporalSwarmException("run " + runId + " ended without a result: " + describe(e.getCause()), e);
        } catch (StatusRuntimeException e) {
            throw new TemporalSwarmException(
                    "cannot get the result of run " + runId + ": the Temporal service did not answer ("
                            + e.getStatus().getCode() + ")",
                    e);
        }
        ResultEnvelope env = Codec.read(envelope, ResultEnvelope.class);
        String json = env.result();
        if (json == null) {
            json = joinParts(env.parts());
        }
        return Codec.read(json, SwarmResult.class);
    }

    private String joinParts(int parts) {
        StringBuilder all = new StringBuilder();
        for (int i = 0; i < parts; i++) {
            all.append(workflow.resultPart(i));
        }
        return all.toString();
    }

    /** @return the result when the run ends, without blocking the caller */
    public CompletableFuture<SwarmResult> resultAsync() {
        return CompletableFuture.supplyAsync(this::result);
    }

    private static String describe(@Nullable Throwable cause) {
        if (cause == null) {
            return "no cause given";
        }
        Throwable c = cause;
        while (c instanceof TemporalFailure && c.getCause() != null && !(c instanceof ApplicationFailure)) {
            c = c.getCause();
        }
        if (c instanceof ApplicationFailure app) {
            return app.getOriginalMessage();
        }
        if (c instanceof CanceledFailure) {
            return "the workflow was cancelled from Temporal's side before it could close the run";
        }
        return String.valueOf(c.getMessage());
    }

    /**
     * The events the run has emitted so far and will emit, in order, each once, asked of the workflow by query every
     * poll interval; completes after {@code RunFinished}.
     *
     * @return the events
     */
    public Flux<SwarmEvent> events() {
        return Flux.defer(() -> {
            int[] next = {0};
            return Flux.interval(Duration.ZERO, pollInterval, Schedulers.boundedElastic())
                    .onBackpressureDrop()
                    .concatMap(tick -> Mono.fromCallable(() -> page(next)).subscribeOn(Schedulers.boundedElastic()), 1)
                    .concatMapIterable(events -> events)
                    .takeUntil(e -> e instanceof SwarmEvent.RunFinished);
        });
    }

    private List<SwarmEvent> page(int[] next) {
        List<SwarmEvent> out = new ArrayList<>();
        List<String> page = workflow.events(next[0]);
        while (!page.isEmpty()) {
            for (String json : page) {
                out.add(Codec.read(json, SwarmEvent.class));
            }
            next[0] += page.size();
            page = workflow.events(next[0]);
        }
        return out;
    }

    /**
     * Delivers every event of the run to a listener, in order, on a poller thread, until the run finishes.
     *
     * @param listener the listener
     * @return a handle that stops the delivery
     */
    public reactor.core.Disposable listen(SwarmEventListener listener) {
        return events().subscribe(listener::onEvent);
    }

    /** @return every event of the run so far, asked of the workflow once */
    public List<SwarmEvent> eventsSoFar() {
        return page(new int[] {0});
    }

    /** Cancels the run: it ends {@code CANCELLED} with every finished task kept. */
    public void cancel() {
        workflow.cancelRun();
    }

    /**
     * Cancels one task of the run; the run goes on.
     *
     * @param taskId the task's id, such as {@code s0-t3}
     */
    public void cancelTask(String taskId) {
        workflow.cancelTask(taskId);
    }
}

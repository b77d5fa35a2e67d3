package dev.agentswarm.internal.run;

import dev.agentswarm.event.SwarmEvent;
import dev.agentswarm.internal.bulkhead.FairBulkhead;
import dev.agentswarm.internal.resilience.RetryListener;
import reactor.util.context.ContextView;

/**
 * Turns the retries of a resilient model into {@link SwarmEvent.RetryScheduled} events, and its calls' waits under the
 * model's in-flight cap into {@link SwarmEvent.BulkheadWait} events, of the run that made the call; it adds the calls'
 * waits for rate-limit capacity to the call's {@link ModelCaller.Call}, which {@link SwarmEvent.ModelCallFinished}
 * reports. {@link ModelCaller} puts the run, the caller and the waits into the Reactor context of every model call.
 */
public final class RetryEvents {

    /** The listener that emits the events. */
    public static final RetryListener LISTENER = new RetryListener() {
        @Override
        public void onRetry(Retry retry) {
            ModelCaller.Call call = ModelCaller.Call.of(retry.context());
            if (call == null) {
                return;
            }
            RunContext ctx = call.ctx();
            ModelCaller.Caller caller = call.caller();
            ctx.emit(new SwarmEvent.RetryScheduled(
                    ctx.origin(caller.stage(), caller.taskId(), caller.parentId()),
                    retry.model(),
                    retry.attempt(),
                    retry.delay().toMillis(),
                    retry.reason(),
                    retry.cause()));
        }

        @Override
        public void onRateLimitWait(RateLimitWait wait) {
            ModelCaller.Call call = ModelCaller.Call.of(wait.context());
            if (call != null) {
                call.addWait(wait.duration());
            }
        }

        @Override
        public void onQueued(String model, FairBulkhead.Queued queued, ContextView context) {
            ModelCaller.Call call = ModelCaller.Call.of(context);
            if (call == null) {
                return;
            }
            RunContext ctx = call.ctx();
            ModelCaller.Caller caller = call.caller();
            ctx.emit(new SwarmEvent.BulkheadWait(
                    ctx.origin(caller.stage(), caller.taskId(), caller.parentId()),
                    queued.scope(),
                    queued.inFlight(),
                    queued.capacity(),
                    queued.waiting()));
        }
    };

    private RetryEvents() {}
}

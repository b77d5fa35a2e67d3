package dev.agentswarm.internal.resilience;

import dev.agentswarm.internal.bulkhead.FairBulkhead;
import java.time.Duration;
import reactor.util.context.ContextView;

/**
 * Told of every retry a {@link ResilientModel} schedules, and of every call that waits for a place under the model's
 * in-flight cap, for events and logs. Must not block.
 */
@FunctionalInterface
public interface RetryListener {

    /** A listener that ignores retries. */
    RetryListener NONE = retry -> {};

    /**
     * A retry is scheduled.
     *
     * @param retry what failed and how long the wait is
     */
    void onRetry(Retry retry);

    /**
     * A call waits for a place under the model's in-flight cap ({@code ModelPolicy.maxCallsInFlight}).
     *
     * @param model the model's name
     * @param queued the cap, the calls in flight and waiting
     * @param context the Reactor context of the caller's subscription, to tell who called
     */
    default void onQueued(String model, FairBulkhead.Queued queued, ContextView context) {}

    /**
     * A call waits for rate-limit capacity before an attempt. The default ignores it.
     *
     * @param wait the model, how long, and the caller
     */
    default void onRateLimitWait(RateLimitWait wait) {}

    /**
     * A scheduled retry.
     *
     * @param model the model's name
     * @param attempt the attempt that failed, from 1
     * @param delay the wait before the next attempt
     * @param reason the failure, one line
     * @param cause the failure's kind, a short low-cardinality name such as {@code HTTP 429} or {@code timeout}
     * @param context the Reactor context of the caller's subscription, to tell who called
     */
    record Retry(String model, int attempt, Duration delay, String reason, String cause, ContextView context) {}

    /**
     * A wait for rate-limit capacity.
     *
     * @param model the model's name
     * @param duration how long the attempt waits before it starts
     * @param context the Reactor context of the caller's subscription, to tell who called
     */
    record RateLimitWait(String model, Duration duration, ContextView context) {}
}

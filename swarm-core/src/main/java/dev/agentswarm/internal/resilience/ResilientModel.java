package dev.agentswarm.internal.resilience;

import dev.agentswarm.internal.bulkhead.FairBulkhead;
import dev.agentswarm.internal.bulkhead.Lane;
import dev.agentswarm.model.SwarmModel;
import dev.agentswarm.model.WireGate;
import dev.agentswarm.policy.context.ApproximateTokenCountEstimator;
import dev.agentswarm.resilience.ModelPolicy;
import dev.agentswarm.security.Redactor;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.util.context.Context;
import reactor.util.context.ContextView;

/**
 * A {@link SwarmModel} decorator that applies a {@link ModelPolicy}: each call first waits for rate-limit capacity,
 * then runs with the per-call timeout (and, if configured, a hedged duplicate), and is retried on retryable failures
 * as {@link FailureClassifier} judges them, after an exponential, jittered backoff or the server's
 * {@code Retry-After}. Rate limits are shared by every caller of this instance, so wrap a model once and share the
 * wrapper. All waiting happens on the given scheduler: nothing blocks, and a virtual-time scheduler makes it
 * instantaneous in tests. Cancelling the subscription cancels the attempt in flight (and so its HTTP request) or the
 * wait. The wait for capacity is not part of the call timeout, which starts when the call does; a call never fails
 * because of the rate limits, and a wait that is abandoned (the caller cancelled or timed out) gives its slot back.
 *
 * <pre>{@code
 * SwarmModel resilient = ResilientModel.wrap(SwarmModel.of("gpt-4o-mini", chatModel),
 *         ModelPolicy.builder().requestsPerMinute(500).callTimeout(Duration.ofSeconds(60)).build(),
 *         Schedulers.parallel(), RetryListener.NONE);
 * }</pre>
 */
public final class ResilientModel implements SwarmModel {

    private static final Logger LOG = LoggerFactory.getLogger(ResilientModel.class);
    /** Redacts credential headers and key shapes from failure descriptions; the run redacts its secrets again. */
    private static final Redactor REDACTOR = Redactor.defaults();

    private static final long MINUTE_NANOS = TimeUnit.MINUTES.toNanos(1);

    private final SwarmModel delegate;
    private final ModelPolicy policy;
    private final Scheduler scheduler;
    private final RetryListener listener;
    private final Limits limits;

    private ResilientModel(
            SwarmModel delegate, ModelPolicy policy, Scheduler scheduler, RetryListener listener, Limits limits) {
        this.delegate = delegate;
        this.policy = policy;
        this.scheduler = scheduler;
        this.listener = listener;
        this.limits = limits;
    }

    /**
     * Wraps a model.
     *
     * @param model the model
     * @param policy its policy
     * @param scheduler the scheduler of every wait and timeout; a {@code VirtualTimeScheduler} in tests
     * @param listener told of every retry
     * @return the resilient model, with the same name
     */
    public static ResilientModel wrap(
            SwarmModel model, ModelPolicy policy, Scheduler scheduler, RetryListener listener) {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(scheduler, "scheduler");
        Objects.requireNonNull(listener, "listener");
        return new ResilientModel(model, policy, scheduler, listener, new Limits(model.name(), policy, scheduler));
    }

    /**
     * Wraps another model of the same provider account with this one's policy, sharing its rate limits and latency
     * history, for example the orchestrator's and the subagents' model when both have the same name.
     *
     * @param other the other model
     * @return the resilient model
     */
    public ResilientModel sharingLimitsWith(SwarmModel other) {
        return new ResilientModel(Objects.requireNonNull(other, "other"), policy, scheduler, listener, limits);
    }

    /** @return the policy */
    public ModelPolicy policy() {
        return policy;
    }

    /** @return the wrapped model */
    public SwarmModel delegate() {
        return delegate;
    }

    @Override
    public String name() {
        return delegate.name();
    }

    @Override
    public Mono<ChatResponse> chat(ChatRequest request) {
        if (limits.inFlight == null && limits.requests == null && limits.tokens == null) {
            // No cap and no rate limit: the caller's context is needed only to tell of a retry, so it is read only
            // then, and a call that succeeds at once is two operators.
            return FirstAttempt.of(this, request);
        }
        return Mono.deferContextual(context -> attemptFrom(request, 1, context));
    }

    /**
     * Attempt {@code attempt} and, on a retryable failure, the next ones. Recursion through {@code onErrorResume}
     * instead of {@code retryWhen}: a call that succeeds allocates no retry machinery (a companion sink and
     * subscription per call), which is most calls; see {@code docs/benchmarks.md}.
     */
    private Mono<ChatResponse> attemptFrom(ChatRequest request, int attempt, ContextView context) {
        return Mono.defer(() -> attempt(request, context))
                .onErrorResume(error -> retryOrFail(request, attempt, context, error));
    }

    /** After attempt {@code attempt} failed with {@code error}: the next attempt after its backoff, or the failure. */
    Mono<ChatResponse> retryOrFail(ChatRequest request, int attempt, ContextView context, Throwable error) {
        FailureClassifier.Verdict verdict = FailureClassifier.classify(error);
        if (!verdict.retryable()) {
            return Mono.error(error);
        }
        if (attempt >= policy.maxAttempts()) {
            return Mono.error(new RetriesExhaustedException(
                    "gave up after " + attempt + " attempt" + (attempt == 1 ? "" : "s") + " (" + verdict.kind() + "): "
                            + REDACTOR.describe(error),
                    error));
        }
        Duration delay = verdict.retryAfter();
        if (delay != null && delay.compareTo(policy.maxRetryAfter()) > 0) {
            return Mono.error(new RetriesExhaustedException(
                    "the server asked to retry after "
                            + delay.toMillis() + " ms, longer than maxRetryAfter "
                            + policy.maxRetryAfter().toMillis() + " ms: " + REDACTOR.describe(error),
                    error));
        }
        if (delay == null) {
            delay = policy.backoff(attempt);
        }
        LOG.debug(
                "model {}: attempt {} failed ({}), retrying in {} ms",
                name(),
                attempt,
                verdict.kind(),
                delay.toMillis());
        listener.onRetry(
                new RetryListener.Retry(name(), attempt, delay, REDACTOR.describe(error), verdict.kind(), context));
        return Mono.delay(delay, scheduler).then(attemptFrom(request, attempt + 1, context));
    }

    /**
     * One attempt: waits for a place under the model's in-flight cap (if any), then for rate-limit capacity, then
     * calls, with the timeout and the optional hedge. The wait for capacity is not part of the call's timeout: the
     * timeout starts when the call does, so a call never times out (nor fails) because of the limiter. For a model that
     * queues its calls before sending them (a blocking {@code ChatModel}), the rate-limit permit is taken at the wire,
     * on the worker thread that sends the request ({@link WireGate}), not here.
     */
    private Mono<ChatResponse> attempt(ChatRequest request, ContextView context) {
        FairBulkhead cap = limits.inFlight;
        if (cap == null) {
            return limitedCall(request, context);
        }
        return cap.admit(
                Lane.of(context),
                waited -> limitedCall(request, context),
                Mono.never(),
                Mono::empty,
                queued -> listener.onQueued(name(), queued, context));
    }

    private Mono<ChatResponse> limitedCall(ChatRequest request, ContextView context) {
        // Without rate limits there is nothing to reserve, and without a token limit nothing to estimate.
        if (limits.requests == null && limits.tokens == null) {
            return timedCall(request, 0);
        }
        long estimate = limits.tokens == null ? 0 : estimateTokens(request);
        if (wireGated()) {
            return timedCall(request, estimate);
        }
        return acquire(estimate, context).then(Mono.defer(() -> timedCall(request, estimate)));
    }

    /** Whether the delegate takes its rate-limit permits at the wire, from a gate in the call's context. */
    private boolean wireGated() {
        return (limits.requests != null || limits.tokens != null) && WireGate.takenBy(delegate);
    }

    /** The call itself, once capacity is granted: with the optional hedge, under the call timeout. */
    Mono<ChatResponse> timedCall(ChatRequest request, long estimate) {
        Mono<ChatResponse> call = measuredCall(request, estimate);
        if (policy.hedging()) {
            Duration hedgeAfter = limits.latencies.percentile(policy.hedgePercentile(), policy.hedgeMinSamples());
            if (hedgeAfter != null) {
                // The duplicate takes a rate-limit slot of its own; if the original wins first, its wait is abandoned
                // and its reservation released.
                Mono<ChatResponse> hedge = Mono.delay(hedgeAfter, scheduler)
                        .doOnNext(x ->
                                LOG.debug("model {}: hedging a call slower than {} ms", name(), hedgeAfter.toMillis()))
                        // A hedge's wait is not the caller's: the caller is not told of it.
                        .then(wireGated() ? Mono.empty() : acquire(estimate, Context.empty()))
                        .then(Mono.defer(() -> measuredCall(request, estimate)));
                call = Mono.firstWithValue(call, hedge);
            }
        }
        Duration timeout = policy.callTimeout();
        return timeout == null ? call : call.timeout(timeout, scheduler);
    }

    /** Sends the request: through a gate of its own when the delegate takes its permit at the wire. */
    private Mono<ChatResponse> send(ChatRequest request, long estimate) {
        if (!wireGated()) {
            return delegate.chat(request);
        }
        return Mono.defer(() -> {
            CallGate gate = new CallGate(estimate);
            return delegate.chat(request)
                    .contextWrite(c -> WireGate.into(c, gate))
                    .doFinally(s -> gate.done());
        });
    }

    private Mono<ChatResponse> measuredCall(ChatRequest request, long estimate) {
        if (!policy.hedging() && limits.tokens == null) {
            // Latencies only feed the hedging percentile, and actual tokens only the token limit.
            return send(request, estimate);
        }
        return Mono.defer(() -> {
            long start = scheduler.now(TimeUnit.NANOSECONDS);
            return send(request, estimate).doOnNext(response -> {
                long now = scheduler.now(TimeUnit.NANOSECONDS);
                limits.latencies.add(now - start);
                if (limits.tokens != null && response.tokenUsage() != null) {
                    Integer total = response.tokenUsage().totalTokenCount();
                    if (total != null && total > estimate) {
                        limits.tokens.record(now, total - estimate, now);
                    }
                }
            });
        });
    }

    /**
     * Waits for rate-limit capacity: reserves the earliest slot both limits allow and completes at its time. A waiter
     * cancelled before then (its caller was cancelled or timed out, or a hedge lost) releases its reservation.
     */
    private Mono<Void> acquire(long estimate, ContextView context) {
        if (limits.requests == null && limits.tokens == null) {
            return Mono.empty();
        }
        return Mono.defer(() -> {
            long now = scheduler.now(TimeUnit.NANOSECONDS);
            Reservation reservation = limits.reserve(estimate, now);
            long wait = reservation.at() - now;
            if (wait <= 0) {
                return Mono.empty();
            }
            LOG.debug("model {}: waiting {} ms for rate-limit capacity", name(), TimeUnit.NANOSECONDS.toMillis(wait));
            listener.onRateLimitWait(new RetryListener.RateLimitWait(name(), Duration.ofNanos(wait), context));
            return Mono.delay(Duration.ofNanos(wait), scheduler).then().doOnCancel(() -> {
                if (limits.release(reservation, scheduler.now(TimeUnit.NANOSECONDS))) {
                    LOG.debug("model {}: released an abandoned rate-limit reservation", name());
                }
            });
        });
    }

    /**
     * Estimates the input tokens of a request for the tokens-per-minute limit, with the swarm's one estimator
     * ({@link ApproximateTokenCountEstimator}: one token per four characters of each message, rounded up).
     *
     * @param request the request
     * @return the estimate, at least 1
     */
    public static long estimateTokens(ChatRequest request) {
        return Math.max(1, ApproximateTokenCountEstimator.INSTANCE.estimateTokenCountInMessages(request.messages()));
    }

    @Override
    public String toString() {
        return "ResilientModel[" + delegate + ", " + policy.maxAttempts() + " attempts]";
    }

    /** A call failed for good after retries, or a retry was refused. */
    public static final class RetriesExhaustedException extends RuntimeException {
        RetriesExhaustedException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /**
     * The permit of one call at the wire: taken by the thread that sends it, the moment it sends it. A call that finds
     * no capacity waits as one of the parked calls, which are woken one slot apart, so that a freed slot does not wake
     * them all.
     */
    private final class CallGate implements WireGate {
        private final long estimate;
        private volatile boolean parked;

        CallGate(long estimate) {
            this.estimate = estimate;
        }

        @Override
        public long tryAcquire() {
            long now = scheduler.now(TimeUnit.NANOSECONDS);
            long at = limits.tryAcquire(estimate, now, parked);
            parked = at > now;
            if (parked) {
                LOG.debug(
                        "model {}: waiting {} ms at the wire for rate-limit capacity",
                        name(),
                        TimeUnit.NANOSECONDS.toMillis(at - now));
            }
            return parked ? at - now : 0;
        }

        @Override
        public Scheduler timer() {
            return scheduler;
        }

        /** The call ended, was cancelled or failed: it no longer waits. */
        void done() {
            if (parked) {
                parked = false;
                limits.unpark();
            }
        }
    }

    /** The rate limits, in-flight cap and latency history shared by every caller of one model. */
    private static final class Limits {
        final @Nullable SlidingWindowLimiter requests;
        final @Nullable SlidingWindowLimiter tokens;
        final @Nullable FairBulkhead inFlight;
        final LatencyTracker latencies = new LatencyTracker(128);
        /** Calls waiting at the wire for capacity; guarded by this. */
        private int parked;

        Limits(String name, ModelPolicy policy, Scheduler scheduler) {
            inFlight = policy.maxCallsInFlight() > 0
                    ? new FairBulkhead("model:" + name, policy.maxCallsInFlight(), scheduler)
                    : null;
            requests = policy.requestsPerMinute() > 0
                    ? new SlidingWindowLimiter(policy.requestsPerMinute(), MINUTE_NANOS)
                    : null;
            tokens = policy.tokensPerMinute() > 0
                    ? new SlidingWindowLimiter(policy.tokensPerMinute(), MINUTE_NANOS)
                    : null;
        }

        /** Finds the earliest time both limits allow and records the call there. */
        synchronized Reservation reserve(long estimate, long now) {
            long t = now;
            for (int i = 0; i < 1_000; i++) {
                long t1 = requests == null ? t : requests.earliest(1, t);
                long t2 = tokens == null ? t1 : tokens.earliest(estimate, t1);
                t = t2;
                if (t2 == t1) {
                    break;
                }
            }
            if (requests != null) {
                requests.record(t, 1, now);
            }
            if (tokens != null) {
                tokens.record(t, estimate, now);
            }
            return new Reservation(t, estimate);
        }

        /**
         * Takes capacity for a call sent now, if both limits allow it now; the permit of a call at the wire.
         *
         * @param estimate the call's estimated tokens
         * @param now the current time
         * @param wasParked whether the caller waited since its last try
         * @return {@code now} when the permit was taken; otherwise when to try again: the slot that frees for this
         *     caller, counting the callers already waiting ahead of it
         */
        synchronized long tryAcquire(long estimate, long now, boolean wasParked) {
            if (wasParked && parked > 0) {
                parked--;
            }
            long t1 = requests == null ? now : requests.earliest(1, now);
            long t2 = tokens == null ? now : tokens.earliest(estimate, now);
            if (t1 <= now && t2 <= now) {
                if (requests != null) {
                    requests.record(now, 1, now);
                }
                if (tokens != null) {
                    tokens.record(now, estimate, now);
                }
                return now;
            }
            // One slot per caller already waiting: they are woken one slot apart, not all at once.
            long spread = requests == null ? t1 : requests.earliest(1L + parked, now);
            parked++;
            return Math.max(now + 1, Math.max(Math.max(t1, t2), spread));
        }

        /** A caller that waited at the wire stopped waiting (it was cancelled or failed). */
        synchronized void unpark() {
            if (parked > 0) {
                parked--;
            }
        }

        /** Releases a reservation whose time has not come; returns whether it was released. */
        synchronized boolean release(Reservation reservation, long now) {
            boolean released = false;
            if (requests != null) {
                released = requests.release(reservation.at(), 1, now);
            }
            if (tokens != null) {
                released |= tokens.release(reservation.at(), reservation.tokens(), now);
            }
            return released;
        }
    }

    /** A call's slot in the rate limits: its start time and its estimated tokens. */
    private record Reservation(long at, long tokens) {}

    /** The latencies of the last successful calls, for the hedging percentile. */
    private static final class LatencyTracker {
        private final long[] ring;
        private int count;
        private int next;

        LatencyTracker(int size) {
            ring = new long[size];
        }

        synchronized void add(long nanos) {
            ring[next] = nanos;
            next = (next + 1) % ring.length;
            count = Math.min(count + 1, ring.length);
        }

        synchronized @Nullable Duration percentile(double p, int minSamples) {
            if (count < minSamples) {
                return null;
            }
            long[] copy = Arrays.copyOf(ring, count);
            Arrays.sort(copy);
            int index = (int) Math.min(count - 1, Math.ceil(p * count) - 1);
            return Duration.ofNanos(copy[Math.max(0, index)]);
        }
    }
}

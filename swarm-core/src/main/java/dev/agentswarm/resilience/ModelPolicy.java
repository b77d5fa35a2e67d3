package dev.agentswarm.resilience;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;
import org.jspecify.annotations.Nullable;

/**
 * How calls to one model are made resilient: retries, a per-call timeout, rate limits and hedging. Set for every
 * model with {@code AgentSwarm.Builder.defaultModelPolicy(policy)}, or per model name with
 * {@code AgentSwarm.Builder.modelPolicy(name, policy)}.
 *
 * <p>Retry delays: before retry {@code n} (from 1) the wait is {@code initialBackoff × multiplier^(n-1)}, capped at
 * {@code maxBackoff}, then spread by ±{@code jitter} (a fraction) with the {@code random} source. When the failure
 * carries a {@code Retry-After}, the wait is exactly that, unless it exceeds
 * {@code maxRetryAfter}, in which case the call is not retried.
 *
 * @param maxAttempts the most attempts of one call, first included; 1 disables retries
 * @param initialBackoff the wait before the first retry
 * @param multiplier how much each wait grows, at least 1
 * @param maxBackoff the longest computed wait
 * @param jitter the spread of each computed wait, as a fraction in [0, 1)
 * @param maxRetryAfter the longest {@code Retry-After} honoured; a longer one fails the call
 * @param callTimeout the limit of one attempt, or null for none; an attempt past it is cancelled (its HTTP request
 *     aborted) and counts as a retryable timeout
 * @param requestsPerMinute the most calls started in any 60-second window, or 0 for no limit
 * @param tokensPerMinute the most tokens (estimated before the call, corrected after) in any 60-second window, or 0
 *     for no limit
 * @param hedgePercentile when in (0, 1): a call still running past this percentile of the model's recent latencies
 *     gets a duplicate request; the first answer wins and the other is cancelled. 0 (the default) disables hedging
 * @param hedgeMinSamples how many successful calls must be seen before hedging starts
 * @param random the source of jitter, in [0, 1); inject a fixed one in tests
 * @param maxCallsInFlight the most calls to this model in flight at once across every run of the swarm, or 0 for no
 *     cap; calls past it wait, fairly between runs by their priority (see {@code docs/concurrency.md})
 */
public record ModelPolicy(
        int maxAttempts,
        Duration initialBackoff,
        double multiplier,
        Duration maxBackoff,
        double jitter,
        Duration maxRetryAfter,
        @Nullable Duration callTimeout,
        int requestsPerMinute,
        long tokensPerMinute,
        double hedgePercentile,
        int hedgeMinSamples,
        DoubleSupplier random,
        int maxCallsInFlight) {

    /**
     * The default policy: 4 attempts, backoff 1 s doubling up to 30 s with ±20 % jitter, {@code Retry-After} honoured up
     * to 2 minutes, no call timeout, no rate limit, no hedging.
     */
    public static final ModelPolicy DEFAULTS = builder().build();

    /** No resilience at all: one attempt, no timeout, no rate limit, no hedging. */
    public static final ModelPolicy NONE = builder().maxAttempts(1).build();

    /**
     * Validates the policy.
     *
     * @param maxAttempts the most attempts of one call, first included; 1 disables retries
     * @param initialBackoff the wait before the first retry
     * @param multiplier how much each wait grows, at least 1
     * @param maxBackoff the longest computed wait
     * @param jitter the spread of each computed wait, as a fraction in [0, 1)
     * @param maxRetryAfter the longest {@code Retry-After} honoured; a longer one fails the call
     * @param callTimeout the limit of one attempt, or null for none; an attempt past it is cancelled (its HTTP request aborted) and counts as a retryable timeout
     * @param requestsPerMinute the most calls started in any 60-second window, or 0 for no limit
     * @param tokensPerMinute the most tokens (estimated before the call, corrected after) in any 60-second window, or 0 for no limit
     * @param hedgePercentile when in (0, 1): a call still running past this percentile of the model's recent latencies gets a duplicate request; the first answer wins and the other is cancelled. 0 (the default) disables hedging
     * @param hedgeMinSamples how many successful calls must be seen before hedging starts
     * @param random the source of jitter, in [0, 1); inject a fixed one in tests
     * @param maxCallsInFlight the most calls to this model in flight at once across the swarm's runs, or 0 for no cap
     * @throws IllegalArgumentException naming the first setting out of range
     */
    public ModelPolicy {
        Objects.requireNonNull(initialBackoff, "initialBackoff");
        Objects.requireNonNull(maxBackoff, "maxBackoff");
        Objects.requireNonNull(maxRetryAfter, "maxRetryAfter");
        Objects.requireNonNull(random, "random");
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be >= 1, got " + maxAttempts);
        }
        if (initialBackoff.isNegative() || maxBackoff.isNegative() || maxRetryAfter.isNegative()) {
            throw new IllegalArgumentException("initialBackoff, maxBackoff and maxRetryAfter must not be negative");
        }
        if (!(multiplier >= 1) || Double.isInfinite(multiplier)) {
            throw new IllegalArgumentException("multiplier must be a finite number >= 1, got " + multiplier);
        }
        if (!(jitter >= 0 && jitter < 1)) {
            throw new IllegalArgumentException("jitter must be in [0, 1), got " + jitter);
        }
        if (callTimeout != null && (callTimeout.isNegative() || callTimeout.isZero())) {
            throw new IllegalArgumentException("callTimeout must be positive, got " + callTimeout);
        }
        if (requestsPerMinute < 0) {
            throw new IllegalArgumentException(
                    "requestsPerMinute must be >= 0 (0 = no limit), got " + requestsPerMinute);
        }
        if (tokensPerMinute < 0) {
            throw new IllegalArgumentException("tokensPerMinute must be >= 0 (0 = no limit), got " + tokensPerMinute);
        }
        if (!(hedgePercentile >= 0 && hedgePercentile < 1)) {
            throw new IllegalArgumentException("hedgePercentile must be in [0, 1) (0 = off), got " + hedgePercentile);
        }
        if (hedgeMinSamples < 1) {
            throw new IllegalArgumentException("hedgeMinSamples must be >= 1, got " + hedgeMinSamples);
        }
        if (maxCallsInFlight < 0) {
            throw new IllegalArgumentException(
                    "maxCallsInFlight must be >= 1, or 0 for no cap; got " + maxCallsInFlight);
        }
    }

    /**
     * A policy without an in-flight cap, as policies were made before {@code maxCallsInFlight} existed.
     *
     * @param maxAttempts the most attempts of one call, first included; 1 disables retries
     * @param initialBackoff the wait before the first retry
     * @param multiplier how much each wait grows, at least 1
     * @param maxBackoff the longest computed wait
     * @param jitter the spread of each computed wait, as a fraction in [0, 1)
     * @param maxRetryAfter the longest {@code Retry-After} honoured; a longer one fails the call
     * @param callTimeout the limit of one attempt, or null for none
     * @param requestsPerMinute the most calls started in any 60-second window, or 0 for no limit
     * @param tokensPerMinute the most tokens in any 60-second window, or 0 for no limit
     * @param hedgePercentile the hedging percentile in (0, 1), or 0 for no hedging
     * @param hedgeMinSamples how many successful calls must be seen before hedging starts
     * @param random the source of jitter, in [0, 1)
     * @throws IllegalArgumentException naming the first setting out of range
     */
    public ModelPolicy(
            int maxAttempts,
            Duration initialBackoff,
            double multiplier,
            Duration maxBackoff,
            double jitter,
            Duration maxRetryAfter,
            @Nullable Duration callTimeout,
            int requestsPerMinute,
            long tokensPerMinute,
            double hedgePercentile,
            int hedgeMinSamples,
            DoubleSupplier random) {
        this(
                maxAttempts,
                initialBackoff,
                multiplier,
                maxBackoff,
                jitter,
                maxRetryAfter,
                callTimeout,
                requestsPerMinute,
                tokensPerMinute,
                hedgePercentile,
                hedgeMinSamples,
                random,
                0);
    }

    /** @return a builder that starts from the defaults */
    public static Builder builder() {
        return new Builder();
    }

    /** @return a builder that starts from this policy */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.maxAttempts = maxAttempts;
        b.initialBackoff = initialBackoff;
        b.multiplier = multiplier;
        b.maxBackoff = maxBackoff;
        b.jitter = jitter;
        b.maxRetryAfter = maxRetryAfter;
        b.callTimeout = callTimeout;
        b.requestsPerMinute = requestsPerMinute;
        b.tokensPerMinute = tokensPerMinute;
        b.hedgePercentile = hedgePercentile;
        b.hedgeMinSamples = hedgeMinSamples;
        b.random = random;
        b.maxCallsInFlight = maxCallsInFlight;
        return b;
    }

    /** @return whether hedged requests are on */
    public boolean hedging() {
        return hedgePercentile > 0;
    }

    /**
     * The computed wait before a retry, without {@code Retry-After}.
     *
     * @param retry the retry number, from 1
     * @return the wait, jitter applied
     */
    public Duration backoff(int retry) {
        double base = initialBackoff.toNanos() * Math.pow(multiplier, Math.max(0, retry - 1));
        double capped = Math.min(base, (double) maxBackoff.toNanos());
        double spread = 1 + jitter * (2 * random.getAsDouble() - 1);
        return Duration.ofNanos(Math.max(0L, Math.round(capped * spread)));
    }

    /** Builds a {@link ModelPolicy}; {@link #build()} validates. */
    public static final class Builder {
        private int maxAttempts = 4;
        private Duration initialBackoff = Duration.ofSeconds(1);
        private double multiplier = 2;
        private Duration maxBackoff = Duration.ofSeconds(30);
        private double jitter = 0.2;
        private Duration maxRetryAfter = Duration.ofMinutes(2);
        private @Nullable Duration callTimeout;
        private int requestsPerMinute;
        private long tokensPerMinute;
        private double hedgePercentile;
        private int hedgeMinSamples = 20;
        private DoubleSupplier random = () -> ThreadLocalRandom.current().nextDouble();
        private int maxCallsInFlight;

        private Builder() {}

        /**
         * Caps the calls to this model in flight at once, across every run of the swarm (the orchestrator's and the
         * subagents' calls alike, a hedge counting as a call). A call past the cap waits, without a thread, until a
         * call ends; waiting calls are served fairly between runs, weighted by their priority
         * ({@code RunOptions.priority}). A wait is a {@code bulkhead_wait} event. Default: no cap.
         *
         * @param v the most calls in flight, at least 1
         * @return this builder
         * @throws IllegalArgumentException if below 1 (leave it unset for no cap)
         */
        public Builder maxCallsInFlight(int v) {
            if (v < 1) {
                throw new IllegalArgumentException(
                        "maxCallsInFlight must be >= 1, got " + v + "; leave it unset for no cap");
            }
            maxCallsInFlight = v;
            return this;
        }

        /**
         * @param v the most attempts of one call, first included
         * @return this builder
         */
        public Builder maxAttempts(int v) {
            maxAttempts = v;
            return this;
        }

        /**
         * @param initial the wait before the first retry
         * @param multiplier how much each wait grows
         * @param max the longest computed wait
         * @return this builder
         */
        public Builder backoff(Duration initial, double multiplier, Duration max) {
            this.initialBackoff = Objects.requireNonNull(initial, "initial");
            this.multiplier = multiplier;
            this.maxBackoff = Objects.requireNonNull(max, "max");
            return this;
        }

        /**
         * @param v the spread of each computed wait, a fraction in [0, 1)
         * @return this builder
         */
        public Builder jitter(double v) {
            jitter = v;
            return this;
        }

        /**
         * @param v the longest {@code Retry-After} honoured
         * @return this builder
         */
        public Builder maxRetryAfter(Duration v) {
            maxRetryAfter = Objects.requireNonNull(v, "maxRetryAfter");
            return this;
        }

        /**
         * @param v the limit of one attempt
         * @return this builder
         */
        public Builder callTimeout(Duration v) {
            callTimeout = Objects.requireNonNull(v, "callTimeout");
            return this;
        }

        /**
         * @param v the most calls started in any minute, 0 for no limit
         * @return this builder
         */
        public Builder requestsPerMinute(int v) {
            requestsPerMinute = v;
            return this;
        }

        /**
         * @param v the most tokens in any minute, 0 for no limit
         * @return this builder
         */
        public Builder tokensPerMinute(long v) {
            tokensPerMinute = v;
            return this;
        }

        /**
         * Turns hedged requests on.
         *
         * @param percentile the latency percentile past which a duplicate request is sent, in (0, 1)
         * @param minSamples how many successful calls must be seen first
         * @return this builder
         */
        public Builder hedge(double percentile, int minSamples) {
            hedgePercentile = percentile;
            hedgeMinSamples = minSamples;
            return this;
        }

        /**
         * @param v the source of jitter, returning values in [0, 1)
         * @return this builder
         */
        public Builder random(DoubleSupplier v) {
            random = Objects.requireNonNull(v, "random");
            return this;
        }

        /**
         * @return the policy
         * @throws IllegalArgumentException naming the first setting out of range
         */
        public ModelPolicy build() {
            return new ModelPolicy(
                    maxAttempts,
                    initialBackoff,
                    multiplier,
                    maxBackoff,
                    jitter,
                    maxRetryAfter,
                    callTimeout,
                    requestsPerMinute,
                    tokensPerMinute,
                    hedgePercentile,
                    hedgeMinSamples,
                    random,
                    maxCallsInFlight);
        }
    }
}

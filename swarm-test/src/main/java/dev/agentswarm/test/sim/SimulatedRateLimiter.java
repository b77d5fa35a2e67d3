package dev.agentswarm.test.sim;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import reactor.core.scheduler.Scheduler;

/**
 * A simulated provider's requests-per-minute limit: calls are spaced evenly, {@code 60 s / rpm} apart, in the order
 * they reserve a slot. Time comes from the injected scheduler, so it works in virtual time.
 */
final class SimulatedRateLimiter {

    private final Scheduler scheduler;
    private final long intervalNanos;
    private long nextFreeNanos = Long.MIN_VALUE;

    /**
     * @param rpm requests per minute, at least 1
     * @param scheduler the clock
     * @param timeFactor the interval is multiplied by this (as latencies are), &gt; 0
     * @throws IllegalArgumentException if rpm is below 1 or the factor is not positive
     */
    SimulatedRateLimiter(int rpm, Scheduler scheduler, double timeFactor) {
        if (rpm < 1) {
            throw new IllegalArgumentException("rpm must be >= 1, got " + rpm);
        }
        if (!(timeFactor > 0)) {
            throw new IllegalArgumentException("timeFactor must be > 0, got " + timeFactor);
        }
        this.scheduler = scheduler;
        this.intervalNanos = Math.round(60_000_000_000.0 / rpm * timeFactor);
    }

    /** @return how long the caller must wait before its call may start */
    synchronized Duration reserve() {
        long now = scheduler.now(TimeUnit.NANOSECONDS);
        long start = Math.max(now, nextFreeNanos);
        nextFreeNanos = start + intervalNanos;
        return Duration.ofNanos(start - now);
    }
}

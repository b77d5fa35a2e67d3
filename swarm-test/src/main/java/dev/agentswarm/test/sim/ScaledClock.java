package dev.agentswarm.test.sim;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.function.LongSupplier;

/**
 * A clock that runs {@code speedup} times faster than real time from a fixed origin, so that a simulated run played
 * {@code speedup} times faster than its scenario's latencies still reports durations in scenario time.
 */
public final class ScaledClock extends Clock {

    private final Instant origin;
    private final long originNanos;
    private final double speedup;
    private final LongSupplier nanoTime;

    /**
     * @param origin the instant at which the clock starts
     * @param speedup how much faster than real time it runs, &gt; 0
     * @param nanoTime a monotonic nanosecond source, normally {@code System::nanoTime}
     * @throws IllegalArgumentException if the speed-up is not positive
     */
    public ScaledClock(Instant origin, double speedup, LongSupplier nanoTime) {
        if (!(speedup > 0)) {
            throw new IllegalArgumentException("speedup must be > 0, got " + speedup);
        }
        this.origin = origin;
        this.speedup = speedup;
        this.nanoTime = nanoTime;
        this.originNanos = nanoTime.getAsLong();
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }

    @Override
    public Instant instant() {
        long elapsed = nanoTime.getAsLong() - originNanos;
        return origin.plusNanos(Math.round(elapsed * speedup));
    }
}

package dev.agentswarm.test.sim;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.TimeUnit;
import reactor.core.scheduler.Scheduler;

/**
 * The clock of a simulated run: it starts at a given instant and advances with the scheduler's (virtual) time, so
 * that a run's timestamps and durations are scenario time exactly, however long the run took in real time.
 */
final class SimulatedClock extends Clock {

    private final Instant origin;
    private final long originNanos;
    private final Scheduler scheduler;

    /**
     * @param origin the instant at which the clock starts
     * @param scheduler whose time it follows, normally a virtual-time scheduler
     */
    SimulatedClock(Instant origin, Scheduler scheduler) {
        this.origin = origin;
        this.scheduler = scheduler;
        this.originNanos = scheduler.now(TimeUnit.NANOSECONDS);
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
        return origin.plusNanos(scheduler.now(TimeUnit.NANOSECONDS) - originNanos);
    }
}

package dev.agentswarm;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.TimeUnit;
import reactor.core.scheduler.Scheduler;

/**
 * A clock that reads a Reactor scheduler's time, so that a virtual-time scheduler gives virtual timestamps. The
 * default clock of a swarm whose builder got no explicit clock.
 */
public final class SchedulerClock extends Clock {

    private final Scheduler scheduler;
    private final ZoneId zone;

    /**
     * A UTC clock over a scheduler.
     *
     * @param scheduler the scheduler whose {@code now} this clock reads
     */
    public SchedulerClock(Scheduler scheduler) {
        this(scheduler, ZoneOffset.UTC);
    }

    private SchedulerClock(Scheduler scheduler, ZoneId zone) {
        this.scheduler = java.util.Objects.requireNonNull(scheduler, "scheduler");
        this.zone = java.util.Objects.requireNonNull(zone, "zone");
    }

    @Override
    public ZoneId getZone() {
        return zone;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return new SchedulerClock(scheduler, zone);
    }

    @Override
    public Instant instant() {
        long nanos = scheduler.now(TimeUnit.NANOSECONDS);
        return Instant.ofEpochSecond(0, nanos);
    }
}

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
 *
 * <p>Reactor's own schedulers tell time from {@link System#nanoTime()}, which counts from an arbitrary origin (the
 * machine's boot, on Linux), not from the epoch: read as an instant it would be a date in January 1970. A scheduler
 * whose time runs with {@code System.nanoTime()} is therefore read with the offset that turns it into wall-clock time,
 * measured once when the clock is made; its durations stay monotonic. A scheduler whose time does not run by itself (a
 * virtual-time scheduler) or that already tells epoch time is read as it is.
 */
public final class SchedulerClock extends Clock {

    private final Scheduler scheduler;
    private final ZoneId zone;
    /** Added to the scheduler's time to make it epoch time: 0 unless the scheduler runs on System.nanoTime(). */
    private final long offsetNanos;

    /**
     * A UTC clock over a scheduler.
     *
     * @param scheduler the scheduler whose {@code now} this clock reads
     */
    public SchedulerClock(Scheduler scheduler) {
        this(scheduler, ZoneOffset.UTC, offsetOf(java.util.Objects.requireNonNull(scheduler, "scheduler")));
    }

    private SchedulerClock(Scheduler scheduler, ZoneId zone, long offsetNanos) {
        this.scheduler = java.util.Objects.requireNonNull(scheduler, "scheduler");
        this.zone = java.util.Objects.requireNonNull(zone, "zone");
        this.offsetNanos = offsetNanos;
    }

    /**
     * The offset from a scheduler's time to epoch time: non-zero only for a scheduler whose time is
     * {@code System.nanoTime()} (within a second of it, and moving between two reads; virtual time stands still).
     */
    static long offsetOf(Scheduler scheduler) {
        long first = scheduler.now(TimeUnit.NANOSECONDS);
        long nano = System.nanoTime();
        long wall = System.currentTimeMillis();
        long second = scheduler.now(TimeUnit.NANOSECONDS);
        boolean runsOnNanoTime = Math.abs(nano - first) < TimeUnit.SECONDS.toNanos(1) && second != first;
        return runsOnNanoTime ? TimeUnit.MILLISECONDS.toNanos(wall) - nano : 0;
    }

    @Override
    public ZoneId getZone() {
        return zone;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return new SchedulerClock(scheduler, zone, offsetNanos);
    }

    @Override
    public Instant instant() {
        long nanos = scheduler.now(TimeUnit.NANOSECONDS) + offsetNanos;
        return Instant.ofEpochSecond(0, nanos);
    }

    /** The same as {@code instant().toEpochMilli()}, without making an {@code Instant}. */
    @Override
    public long millis() {
        return Math.floorDiv(scheduler.now(TimeUnit.NANOSECONDS) + offsetNanos, 1_000_000L);
    }
}

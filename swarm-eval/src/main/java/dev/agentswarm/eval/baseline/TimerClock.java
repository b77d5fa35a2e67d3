package dev.agentswarm.eval.baseline;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.TimeUnit;
import reactor.core.scheduler.Scheduler;

/** A clock that reads a Reactor scheduler's time, so that a virtual-time scheduler gives virtual timestamps. */
final class TimerClock extends Clock {

    private final Scheduler scheduler;

    TimerClock(Scheduler scheduler) {
        this.scheduler = scheduler;
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
        return Instant.ofEpochMilli(scheduler.now(TimeUnit.MILLISECONDS));
    }
}

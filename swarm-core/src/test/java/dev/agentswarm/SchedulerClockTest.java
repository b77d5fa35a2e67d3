package dev.agentswarm;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.test.scheduler.VirtualTimeScheduler;

/**
 * The default clock of a swarm tells wall-clock time on Reactor's real schedulers (whose time is
 * {@code System.nanoTime()}, not epoch time), and virtual time on a virtual-time scheduler.
 */
class SchedulerClockTest {

    @Test
    void onReactorsRealSchedulersItTellsWallClockTimeNot1970() {
        for (Scheduler s : new Scheduler[] {Schedulers.parallel(), Schedulers.single(), Schedulers.boundedElastic()}) {
            Instant now = new SchedulerClock(s).instant();
            assertThat(Duration.between(Instant.now(), now).abs()).as("%s", s).isLessThan(Duration.ofSeconds(5));
        }
    }

    @Test
    void itsDurationsFollowTheScheduler() {
        SchedulerClock clock = new SchedulerClock(Schedulers.parallel());
        Instant a = clock.instant();
        long nanos = System.nanoTime();
        while (System.nanoTime() - nanos < TimeUnit.MILLISECONDS.toNanos(2)) {
            Thread.onSpinWait();
        }
        assertThat(Duration.between(a, clock.instant())).isGreaterThanOrEqualTo(Duration.ofMillis(2));
    }

    @Test
    void onAVirtualTimeSchedulerItTellsVirtualTime() {
        VirtualTimeScheduler virtual = VirtualTimeScheduler.create();
        SchedulerClock clock = new SchedulerClock(virtual);
        assertThat(clock.instant()).isEqualTo(Instant.EPOCH);
        virtual.advanceTimeBy(Duration.ofSeconds(5));
        assertThat(clock.instant()).isEqualTo(Instant.EPOCH.plusSeconds(5));
        assertThat(clock.withZone(java.time.ZoneId.of("Europe/Paris")).instant())
                .isEqualTo(Instant.EPOCH.plusSeconds(5));
        // Its milliseconds are its instant's, to the millisecond, rounded down as Instant rounds them.
        virtual.advanceTimeBy(Duration.ofNanos(1_999_999));
        assertThat(clock.millis()).isEqualTo(5_001L).isEqualTo(clock.instant().toEpochMilli());
    }

    @Test
    void itsMillisecondsAreItsInstantsOnARealScheduler() {
        SchedulerClock clock = new SchedulerClock(Schedulers.parallel());
        long before = clock.instant().toEpochMilli();
        long millis = clock.millis();
        long after = clock.instant().toEpochMilli();
        assertThat(millis).isBetween(before, after);
    }

    @Test
    void aSchedulerThatTellsEpochTimeIsReadAsItIs() {
        Scheduler epoch = new Scheduler() {
            @Override
            public Disposable schedule(Runnable task) {
                return Schedulers.immediate().schedule(task);
            }

            @Override
            public Worker createWorker() {
                return Schedulers.immediate().createWorker();
            }

            @Override
            public long now(TimeUnit unit) {
                return unit.convert(System.currentTimeMillis(), TimeUnit.MILLISECONDS);
            }
        };
        assertThat(Duration.between(Instant.now(), new SchedulerClock(epoch).instant())
                        .abs())
                .isLessThan(Duration.ofSeconds(5));
    }
}

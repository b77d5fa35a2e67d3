package dev.agentswarm.internal.bulkhead;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;
import reactor.core.scheduler.Scheduler;

/**
 * A cap on work in flight shared by every run of one swarm, with fair sharing between the runs that wait.
 *
 * <ul>
 *   <li>At most {@link #capacity()} units of work (subagent tasks, or one model's calls) are in flight at once; a unit
 *       holds its place from the moment it is admitted until its {@code Mono} ends, fails or is cancelled.</li>
 *   <li>Work that finds no free place waits in its run's {@link Lane}. A freed place goes to the waiting lane that
 *       holds the fewest places for its weight ({@code held / weight} smallest; a run of priority 20 gets twice the
 *       places of a run of priority 10 when both want more than their share); among equals, to the lane served least
 *       recently, so equal runs take turns (round-robin). Within a lane, first come, first served. So one wide run
 *       cannot starve small ones: a run that holds nothing is served at the next freed place.</li>
 *   <li>Waiting takes nothing: no thread, no place. A waiter that is cancelled, or whose {@code giveUp} signal fires
 *       (its task was cancelled, its budget ran out), leaves the line at once and never takes a place.</li>
 *   <li>State is bounded by the work in flight and waiting: a lane's entry exists only while it holds or waits.</li>
 * </ul>
 *
 * <p>Non-blocking and thread-safe; one lock guards the counts and the lines, and no work is started under it.
 */
public final class FairBulkhead {

    /**
     * What a unit of work saw when it had to wait.
     *
     * @param scope what is capped: {@code tasks}, or {@code model:<name>}
     * @param inFlight the units in flight when it queued
     * @param capacity the cap
     * @param waiting the units waiting, itself included
     */
    public record Queued(String scope, int inFlight, int capacity, int waiting) {}

    private static final int WAITING = 0;
    private static final int RUNNING = 1;
    private static final int LEFT = 2;

    private final String scope;
    private final int capacity;
    private final Scheduler clock;
    private final Object lock = new Object();
    private final Map<Lane, LaneState> lanes = new HashMap<>();
    private int inFlight;
    private int peakInFlight;
    private int waiting;
    private long served;

    /**
     * @param scope what is capped, for events: {@code tasks} or {@code model:<name>}
     * @param capacity the most units in flight, at least 1
     * @param clock the scheduler whose time measures the waits (a virtual-time one in tests)
     * @throws IllegalArgumentException if the capacity is below 1
     */
    public FairBulkhead(String scope, int capacity, Scheduler clock) {
        this.scope = Objects.requireNonNull(scope, "scope");
        if (capacity < 1) {
            throw new IllegalArgumentException("a bulkhead's capacity must be >= 1, got " + capacity);
        }
        this.capacity = capacity;
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** @return what is capped */
    public String scope() {
        return scope;
    }

    /** @return the most units in flight */
    public int capacity() {
        return capacity;
    }

    /** @return the units in flight now */
    public int inFlight() {
        synchronized (lock) {
            return inFlight;
        }
    }

    /** @return the most units that were in flight at once */
    public int peakInFlight() {
        synchronized (lock) {
            return peakInFlight;
        }
    }

    /** @return the units waiting now */
    public int waiting() {
        synchronized (lock) {
            return waiting;
        }
    }

    /** @return the lanes that hold or wait for a place now (the bulkhead's whole per-run state) */
    public int activeLanes() {
        synchronized (lock) {
            return lanes.size();
        }
    }

    /**
     * Runs a unit of work once it has a place.
     *
     * @param lane the run it belongs to
     * @param work the work, given how long it waited; subscribed once it holds a place, with the caller's context
     * @param giveUp while the work waits, a signal that it must not run any more (its task was cancelled)
     * @param instead what to run, without a place, when {@code giveUp} fired while it waited
     * @param onQueued told, before it waits, that it has to
     * @param <T> the work's value
     * @return the work's outcome; cancelling it leaves the line, or cancels the work and frees its place
     */
    public <T> Mono<T> admit(
            Lane lane,
            Function<Duration, Mono<T>> work,
            Mono<?> giveUp,
            Supplier<Mono<T>> instead,
            Consumer<Queued> onQueued) {
        Objects.requireNonNull(lane, "lane");
        return Mono.create(sink -> {
            Waiter<T> w = new Waiter<>(lane, work, sink, clock.now(TimeUnit.NANOSECONDS));
            sink.onCancel(w::cancel);
            Queued queued = null;
            synchronized (lock) {
                LaneState s = lanes.computeIfAbsent(lane, LaneState::new);
                if (inFlight < capacity && waiting == 0) {
                    if (!w.state.compareAndSet(WAITING, RUNNING)) {
                        forgetIfIdle(s);
                        return; // cancelled before it was admitted
                    }
                    grant(s);
                } else {
                    s.line.addLast(w);
                    waiting++;
                    queued = new Queued(scope, inFlight, capacity, waiting);
                }
            }
            if (queued == null) {
                w.start(Duration.ZERO);
                return;
            }
            onQueued.accept(queued);
            w.watch(giveUp, instead);
        });
    }

    /** Counts a place given to a waiter that is now running; holds the lock. */
    private void grant(LaneState s) {
        inFlight++;
        peakInFlight = Math.max(peakInFlight, inFlight);
        s.held++;
        s.lastServed = ++served;
    }

    /** Frees a place and hands the freed places to the lanes whose turn it is. */
    private void release(Lane lane) {
        List<Waiter<?>> granted = new ArrayList<>(1);
        synchronized (lock) {
            inFlight--;
            LaneState s = lanes.get(lane);
            if (s != null) {
                s.held--;
                forgetIfIdle(s);
            }
            while (inFlight < capacity && waiting > 0) {
                LaneState next = nextLane();
                if (next == null) {
                    break;
                }
                Waiter<?> w = next.line.pollFirst();
                waiting--;
                if (w == null || !w.state.compareAndSet(WAITING, RUNNING)) {
                    forgetIfIdle(next);
                    continue;
                }
                grant(next);
                granted.add(w);
            }
        }
        long now = clock.now(TimeUnit.NANOSECONDS);
        for (Waiter<?> w : granted) {
            w.start(Duration.ofNanos(Math.max(0, now - w.enqueuedAt)));
        }
    }

    /** The waiting lane with the fewest places for its weight, served least recently among equals; holds the lock. */
    private @Nullable LaneState nextLane() {
        LaneState best = null;
        for (LaneState s : lanes.values()) {
            if (s.line.isEmpty()) {
                continue;
            }
            if (best == null) {
                best = s;
                continue;
            }
            // held/weight compared without division: s.held * best.weight vs best.held * s.weight
            long a = (long) s.held * best.lane.weight();
            long b = (long) best.held * s.lane.weight();
            if (a < b || (a == b && s.lastServed < best.lastServed)) {
                best = s;
            }
        }
        return best;
    }

    /** Leaves the line; holds no lock. */
    private void leave(Waiter<?> w) {
        synchronized (lock) {
            LaneState s = lanes.get(w.lane);
            if (s != null && s.line.remove(w)) {
                waiting--;
                forgetIfIdle(s);
            }
        }
    }

    /** Drops a lane that neither holds nor waits; holds the lock. */
    private void forgetIfIdle(LaneState s) {
        if (s.held <= 0 && s.line.isEmpty()) {
            lanes.remove(s.lane);
        }
    }

    @Override
    public String toString() {
        synchronized (lock) {
            return "FairBulkhead[" + scope + ", " + inFlight + "/" + capacity + " in flight, " + waiting + " waiting, "
                    + lanes.size() + " lanes]";
        }
    }

    /** One lane's share: the places it holds and its line. Guarded by the bulkhead's lock. */
    private static final class LaneState {
        final Lane lane;
        final ArrayDeque<Waiter<?>> line = new ArrayDeque<>();
        int held;
        long lastServed;

        LaneState(Lane lane) {
            this.lane = lane;
        }
    }

    /** One unit of work: waiting, running (holding a place) or gone. */
    private final class Waiter<T> {
        final Lane lane;
        final Function<Duration, Mono<T>> work;
        final MonoSink<T> sink;
        final long enqueuedAt;
        final AtomicInteger state = new AtomicInteger(WAITING);
        final AtomicBoolean released = new AtomicBoolean();
        volatile @Nullable Disposable running;
        volatile @Nullable Disposable watching;
        volatile boolean cancelled;

        Waiter(Lane lane, Function<Duration, Mono<T>> work, MonoSink<T> sink, long enqueuedAt) {
            this.lane = lane;
            this.work = work;
            this.sink = sink;
            this.enqueuedAt = enqueuedAt;
        }

        /** Holds a place: runs the work, and frees the place the moment it ends. */
        void start(Duration waited) {
            Disposable watch = watching;
            if (watch != null) {
                watch.dispose();
            }
            if (cancelled) {
                free();
                return;
            }
            Mono<T> mono;
            try {
                mono = Objects.requireNonNull(work.apply(waited), "work");
            } catch (RuntimeException e) {
                free();
                sink.error(e);
                return;
            }
            Disposable d = mono.contextWrite(sink.contextView())
                    .subscribe(
                            v -> {
                                free();
                                sink.success(v);
                            },
                            e -> {
                                free();
                                sink.error(e);
                            },
                            () -> {
                                free();
                                sink.success();
                            });
            running = d;
            if (cancelled) {
                d.dispose();
                free();
            }
        }

        /** While waiting, gives up at the signal. */
        void watch(Mono<?> giveUp, Supplier<Mono<T>> instead) {
            if (state.get() != WAITING) {
                return;
            }
            Disposable d = giveUp.subscribe(x -> gaveUp(instead));
            watching = d;
            if (state.get() != WAITING) {
                d.dispose();
            }
        }

        private void gaveUp(Supplier<Mono<T>> instead) {
            if (!state.compareAndSet(WAITING, LEFT)) {
                return;
            }
            leave(this);
            running =
                    instead.get().contextWrite(sink.contextView()).subscribe(sink::success, sink::error, sink::success);
        }

        void free() {
            if (state.get() == RUNNING && released.compareAndSet(false, true)) {
                release(lane);
            }
        }

        void cancel() {
            cancelled = true;
            Disposable watch = watching;
            if (watch != null) {
                watch.dispose();
            }
            if (state.compareAndSet(WAITING, LEFT)) {
                leave(this);
                return;
            }
            Disposable r = running;
            if (r != null) {
                r.dispose();
            }
            free();
        }
    }
}

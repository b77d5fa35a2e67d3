package dev.agentswarm.internal.subagent;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.concurrent.atomic.AtomicReferenceFieldUpdater;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Operators;

/**
 * A task's turns as one operator: subscribes the next turn each time the previous one completed without a value, and
 * emits the first value a turn gives; a turn's failure ends the loop with the value {@link Turns#failed} makes of it.
 * A turn that completes at once (a model and tools that answer on the caller's thread) does not deepen the stack: the
 * turns are subscribed in a loop, not from each other's completion. A cancellation cancels the turn in flight and
 * starts no other.
 *
 * <p>It does what {@code Mono.defer(next).repeat().next().onErrorResume(failed)} does, with one subscriber instead of
 * four and no lambda, which every task in flight holds.
 *
 * @param <T> the value
 */
final class TurnLoop<T> extends Mono<T> {

    /**
     * The turns of one loop.
     *
     * @param <T> the loop's value
     */
    interface Turns<T> {

        /** @return the next turn: completes empty to go on, or gives the loop's value */
        Mono<T> next();

        /**
         * @param error why a turn failed, or why there was none
         * @return the loop's value after that failure
         */
        T failed(Throwable error);
    }

    private final Turns<T> turns;

    private TurnLoop(Turns<T> turns) {
        this.turns = turns;
    }

    /**
     * @param turns the turns
     * @param <T> the value
     * @return the loop
     */
    static <T> Mono<T> of(Turns<T> turns) {
        return onAssembly(new TurnLoop<>(Objects.requireNonNull(turns, "turns")));
    }

    @Override
    public void subscribe(CoreSubscriber<? super T> actual) {
        Loop<T> loop = new Loop<>(actual, turns);
        actual.onSubscribe(loop);
        loop.drain();
    }

    /** The loop's subscriber of each turn in turn, and its subscription downstream. */
    private static final class Loop<T> extends Operators.MonoSubscriber<T, T> {

        @SuppressWarnings("rawtypes")
        private static final AtomicIntegerFieldUpdater<Loop> WIP =
                AtomicIntegerFieldUpdater.newUpdater(Loop.class, "wip");

        @SuppressWarnings("rawtypes")
        private static final AtomicReferenceFieldUpdater<Loop, Subscription> TURN =
                AtomicReferenceFieldUpdater.newUpdater(Loop.class, Subscription.class, "turn");

        private final Turns<T> turns;
        /** How many turns are to be subscribed: the loop runs while it is above 0. */
        @SuppressWarnings("UnusedVariable") // read and written through WIP
        private volatile int wip;
        /** The turn in flight; {@link Operators#cancelledSubscription()} once cancelled. */
        @SuppressWarnings("UnusedVariable") // read and written through TURN
        private volatile @Nullable Subscription turn;
        /** Whether a turn gave the value; only the thread of the current turn's signals reads and writes it. */
        private boolean valued;

        Loop(CoreSubscriber<? super T> actual, Turns<T> turns) {
            super(actual);
            this.turns = turns;
        }

        void drain() {
            if (WIP.getAndIncrement(this) != 0) {
                return;
            }
            do {
                if (isCancelled()) {
                    return;
                }
                Mono<T> m;
                try {
                    m = Objects.requireNonNull(turns.next(), "a turn returned no Mono");
                } catch (Throwable e) {
                    onError(e);
                    return;
                }
                m.subscribe(this);
            } while (WIP.decrementAndGet(this) != 0);
        }

        @Override
        public void onSubscribe(Subscription s) {
            for (; ; ) {
                Subscription current = TURN.get(this);
                if (current == Operators.cancelledSubscription()) {
                    s.cancel();
                    return;
                }
                if (TURN.compareAndSet(this, current, s)) {
                    s.request(Long.MAX_VALUE);
                    return;
                }
            }
        }

        @Override
        public void onNext(T value) {
            if (valued) {
                Operators.onNextDropped(value, currentContext());
                return;
            }
            valued = true;
            complete(value);
        }

        @Override
        public void onError(Throwable error) {
            if (valued) {
                Operators.onErrorDropped(error, currentContext());
                return;
            }
            valued = true;
            T value;
            try {
                value = Objects.requireNonNull(turns.failed(error), "failed() returned no value");
            } catch (Throwable e) {
                e.addSuppressed(error);
                actual.onError(Operators.onOperatorError(e, actual.currentContext()));
                return;
            }
            complete(value);
        }

        @Override
        public void onComplete() {
            if (!valued) {
                drain();
            }
        }

        @Override
        public void cancel() {
            super.cancel();
            Subscription s = TURN.getAndSet(this, Operators.cancelledSubscription());
            if (s != null && s != Operators.cancelledSubscription()) {
                s.cancel();
            }
        }
    }
}

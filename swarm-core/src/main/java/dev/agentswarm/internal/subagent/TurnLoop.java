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
 * A task's turns as one operator. Each turn has two steps: its call ({@link Turns#next}), whose one response the loop
 * keeps, and then what the response asks for ({@link Turns#answered}), which completes empty to go on with the next
 * turn or gives the loop's value. A failure of either step ends the loop with the value {@link Turns#failed} makes of
 * it. A turn that completes at once (a model and tools that answer on the caller's thread) does not deepen the stack:
 * the steps are subscribed in a loop, not from each other's completion. A cancellation cancels the step in flight and
 * starts no other.
 *
 * <p>It does what {@code Mono.defer(() -> next().flatMap(answered)).repeat().next().onErrorResume(failed)} does, with
 * one subscriber instead of five and no lambda, which every task in flight holds.
 *
 * @param <T> the value
 * @param <R> a call's response
 */
final class TurnLoop<T, R> extends Mono<T> {

    /**
     * The turns of one loop.
     *
     * @param <T> the loop's value
     * @param <R> a call's response
     */
    interface Turns<T, R> {

        /** @return the next turn's call: gives its response (a call that completes empty is followed by the next) */
        Mono<R> next();

        /**
         * @param response the call's response
         * @return what it asks for: completes empty to go on with the next turn, or gives the loop's value
         */
        Mono<T> answered(R response);

        /**
         * @param error why a step failed, or why there was none
         * @return the loop's value after that failure
         */
        T failed(Throwable error);
    }

    private final Turns<T, R> turns;

    private TurnLoop(Turns<T, R> turns) {
        this.turns = turns;
    }

    /**
     * @param turns the turns
     * @param <T> the value
     * @param <R> a call's response
     * @return the loop
     */
    static <T, R> Mono<T> of(Turns<T, R> turns) {
        return onAssembly(new TurnLoop<>(Objects.requireNonNull(turns, "turns")));
    }

    @Override
    public void subscribe(CoreSubscriber<? super T> actual) {
        Loop<T, R> loop = new Loop<>(actual, turns);
        actual.onSubscribe(loop);
        loop.drain();
    }

    /** The loop's subscriber of each step in turn, and its subscription downstream. */
    private static final class Loop<T, R> extends Operators.MonoSubscriber<Object, T> {

        @SuppressWarnings("rawtypes")
        private static final AtomicIntegerFieldUpdater<Loop> WIP =
                AtomicIntegerFieldUpdater.newUpdater(Loop.class, "wip");

        @SuppressWarnings("rawtypes")
        private static final AtomicReferenceFieldUpdater<Loop, Subscription> STEP =
                AtomicReferenceFieldUpdater.newUpdater(Loop.class, Subscription.class, "step");

        private final Turns<T, R> turns;
        /** How many steps are to be subscribed: the loop runs while it is above 0. */
        @SuppressWarnings("UnusedVariable") // read and written through WIP
        private volatile int wip;
        /** The step in flight; {@link Operators#cancelledSubscription()} once cancelled. */
        @SuppressWarnings("UnusedVariable") // read and written through STEP
        private volatile @Nullable Subscription step;
        /**
         * The response of the call in flight, once it came, until what it asks for is subscribed. It and the fields
         * below are read and written by one step's signals at a time, each step subscribed after the previous one
         * ended (the {@link #wip} counter orders them).
         */
        private @Nullable R response;
        /** Whether the step in flight is a call (else what a response asks for). */
        private boolean calling;
        /** Whether the loop has its value. */
        private boolean valued;

        Loop(CoreSubscriber<? super T> actual, Turns<T, R> turns) {
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
                Mono<?> m;
                try {
                    R r = response;
                    if (r == null) {
                        calling = true;
                        m = turns.next();
                    } else {
                        response = null;
                        calling = false;
                        m = turns.answered(r);
                    }
                    Objects.requireNonNull(m, "a turn returned no Mono");
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
                Subscription current = STEP.get(this);
                if (current == Operators.cancelledSubscription()) {
                    s.cancel();
                    return;
                }
                if (STEP.compareAndSet(this, current, s)) {
                    s.request(Long.MAX_VALUE);
                    return;
                }
            }
        }

        @Override
        @SuppressWarnings("unchecked")
        public void onNext(Object value) {
            if (valued) {
                Operators.onNextDropped(value, currentContext());
                return;
            }
            if (calling) {
                if (response != null) {
                    Operators.onNextDropped(value, currentContext());
                    return;
                }
                // Kept until the call completes: what it asks for starts after the call has ended.
                response = (R) value;
                return;
            }
            valued = true;
            complete((T) value);
        }

        @Override
        public void onError(Throwable error) {
            if (valued) {
                Operators.onErrorDropped(error, currentContext());
                return;
            }
            valued = true;
            response = null;
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
            Subscription s = STEP.getAndSet(this, Operators.cancelledSubscription());
            if (s != null && s != Operators.cancelledSubscription()) {
                s.cancel();
            }
        }
    }
}

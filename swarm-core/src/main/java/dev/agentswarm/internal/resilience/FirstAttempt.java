package dev.agentswarm.internal.resilience;

import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReferenceFieldUpdater;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Operators;
import reactor.util.context.Context;

/**
 * A call of a {@link ResilientModel} without an in-flight cap or a rate limit, as one operator: its first attempt,
 * and on a failure what {@link ResilientModel#retryOrFail} makes of it (the retries after their backoff, or the
 * failure). It does what {@code Mono.defer(first).onErrorResume(e -> Mono.deferContextual(retryOrFail))} does, with
 * one subscriber and no lambda: a stage of 100,000 tasks keeps one call of each task in flight.
 */
final class FirstAttempt extends Mono<ChatResponse> {

    private final ResilientModel model;
    private final ChatRequest request;

    private FirstAttempt(ResilientModel model, ChatRequest request) {
        this.model = model;
        this.request = request;
    }

    static Mono<ChatResponse> of(ResilientModel model, ChatRequest request) {
        return onAssembly(new FirstAttempt(model, request));
    }

    @Override
    public void subscribe(CoreSubscriber<? super ChatResponse> actual) {
        Attempts attempts = new Attempts(actual, this);
        actual.onSubscribe(attempts);
        Mono<ChatResponse> first;
        try {
            first = Objects.requireNonNull(model.timedCall(request, 0), "the model returned no Mono");
        } catch (Throwable e) {
            // As a failure of the first attempt: a model that throws instead of failing its Mono is retried alike.
            attempts.onError(e);
            return;
        }
        first.subscribe(attempts);
    }

    /** The subscriber of the first attempt and then of the retries, and the downstream's one subscription. */
    private static final class Attempts implements CoreSubscriber<ChatResponse>, Subscription {

        private static final AtomicReferenceFieldUpdater<Attempts, @Nullable Subscription> UPSTREAM =
                AtomicReferenceFieldUpdater.newUpdater(Attempts.class, Subscription.class, "upstream");

        private final CoreSubscriber<? super ChatResponse> actual;
        // The call's own fields, not the FirstAttempt: it is left behind once subscribed.
        private final ResilientModel model;
        private final ChatRequest request;
        /** The attempt in flight; {@link Operators#cancelledSubscription()} once cancelled. */
        private volatile @Nullable Subscription upstream;
        /** Whether the downstream asked for the response; a retry's source is asked at once then. */
        private volatile boolean requested;
        /** Whether the retries took over; the attempts' signals come one attempt at a time. */
        private boolean retrying;
        /** Whether a response went downstream: a failure after it is not retried. */
        private boolean answered;

        Attempts(CoreSubscriber<? super ChatResponse> actual, FirstAttempt call) {
            this.actual = actual;
            this.model = call.model;
            this.request = call.request;
        }

        @Override
        public Context currentContext() {
            return actual.currentContext();
        }

        @Override
        public void onSubscribe(Subscription s) {
            for (; ; ) {
                Subscription current = upstream;
                if (current == Operators.cancelledSubscription()) {
                    s.cancel();
                    return;
                }
                if (UPSTREAM.compareAndSet(this, current, s)) {
                    // A request that raced with this may reach the source twice: a Mono sends one value anyway.
                    if (requested) {
                        s.request(Long.MAX_VALUE);
                    }
                    return;
                }
            }
        }

        @Override
        public void onNext(ChatResponse response) {
            answered = true;
            actual.onNext(response);
        }

        @Override
        public void onError(Throwable error) {
            if (retrying || answered) {
                actual.onError(error);
                return;
            }
            retrying = true;
            Mono<ChatResponse> next;
            try {
                next = Objects.requireNonNull(
                        model.retryOrFail(request, 1, actual.currentContext(), error), "no retry decision");
            } catch (Throwable e) {
                e.addSuppressed(error);
                actual.onError(Operators.onOperatorError(e, actual.currentContext()));
                return;
            }
            if (upstream != Operators.cancelledSubscription()) {
                next.subscribe(this);
            }
        }

        @Override
        public void onComplete() {
            actual.onComplete();
        }

        @Override
        public void request(long n) {
            if (Operators.validate(n)) {
                requested = true;
                Subscription s = upstream;
                if (s != null && s != Operators.cancelledSubscription()) {
                    s.request(n);
                }
            }
        }

        @Override
        public void cancel() {
            Subscription s = UPSTREAM.getAndSet(this, Operators.cancelledSubscription());
            if (s != null && s != Operators.cancelledSubscription()) {
                s.cancel();
            }
        }
    }
}

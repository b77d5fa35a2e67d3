package dev.agentswarm.internal.run;

import dev.agentswarm.model.ModelCallScope;
import dev.agentswarm.model.SwarmModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Operators;
import reactor.util.context.Context;

/**
 * One model call of a run as a single operator: on subscription it emits {@code ModelCallStarted} and calls the
 * model; the model's response is counted and reported ({@code ModelCallFinished}), a failure reported, and a model
 * that completes without a response fails with {@link EmptyModelResponseException}. The model sees the call's
 * {@link ModelCaller.Call} and {@link ModelCallScope} in its Reactor context.
 *
 * <p>It does what {@code Mono.defer(...).switchIfEmpty(...).doOnNext(...).doOnError(...).contextWrite(...)} did, with
 * one subscriber that is also the call's context entry, instead of five operators, three lambdas and three holder
 * objects a call: a stage of 100,000 tasks keeps one call of each task in flight, and every object of it in memory.
 */
final class ModelCallMono extends Mono<ChatResponse> {

    private final RunContext ctx;
    private final SwarmModel model;
    private final ChatRequest request;
    private final ModelCaller.Caller caller;
    private final int step;

    private ModelCallMono(RunContext ctx, SwarmModel model, ChatRequest request, ModelCaller.Caller caller, int step) {
        this.ctx = ctx;
        this.model = model;
        this.request = request;
        this.caller = caller;
        this.step = step;
    }

    static Mono<ChatResponse> of(
            RunContext ctx, SwarmModel model, ChatRequest request, ModelCaller.Caller caller, int step) {
        return onAssembly(new ModelCallMono(ctx, model, request, caller, step));
    }

    @Override
    public void subscribe(CoreSubscriber<? super ChatResponse> actual) {
        CallSubscriber call = new CallSubscriber(actual, this);
        Mono<ChatResponse> source;
        try {
            call.start = ModelCaller.started(ctx, model, caller, step);
            source = Objects.requireNonNull(model.chat(request), "the model returned no Mono");
        } catch (Throwable e) {
            Operators.error(actual, Operators.onOperatorError(e, actual.currentContext()));
            return;
        }
        source.subscribe(call);
    }

    /** The subscriber of one call, its subscription downstream, and its context entry. */
    private static final class CallSubscriber extends ModelCaller.Call
            implements CoreSubscriber<ChatResponse>, Subscription {

        private final CoreSubscriber<? super ChatResponse> actual;
        private final ModelCallMono call;
        private Instant start = Instant.EPOCH;
        private @Nullable Subscription upstream;
        private @Nullable Context context;
        private boolean answered;
        private boolean done;

        CallSubscriber(CoreSubscriber<? super ChatResponse> actual, ModelCallMono call) {
            super(call.ctx, call.caller);
            this.actual = actual;
            this.call = call;
        }

        @Override
        public Context currentContext() {
            Context c = context;
            if (c == null) {
                // Immutable, and equal however many threads build it: a race only builds it twice.
                c = actual.currentContext()
                        .put(ModelCaller.Call.class, this)
                        .put(
                                ModelCallScope.class,
                                new ModelCallScope(
                                        call.ctx.runId(),
                                        call.caller.role(),
                                        call.caller.stage(),
                                        call.caller.taskId(),
                                        call.step));
                context = c;
            }
            return c;
        }

        @Override
        public void onSubscribe(Subscription s) {
            if (Operators.validate(upstream, s)) {
                upstream = s;
                actual.onSubscribe(this);
            }
        }

        @Override
        public void onNext(ChatResponse response) {
            // A Mono sends one value; a source that sends more is not counted twice.
            if (done || answered) {
                Operators.onNextDropped(response, currentContext());
                return;
            }
            answered = true;
            try {
                ModelCaller.answered(this, call.model, call.step, start, response);
            } catch (Throwable e) {
                Subscription s = upstream;
                if (s != null) {
                    s.cancel();
                }
                onError(Operators.onOperatorError(e, currentContext()));
                return;
            }
            actual.onNext(response);
        }

        @Override
        public void onError(Throwable error) {
            if (done) {
                Operators.onErrorDropped(error, currentContext());
                return;
            }
            done = true;
            fail(error);
        }

        @Override
        public void onComplete() {
            if (done) {
                return;
            }
            done = true;
            if (answered) {
                actual.onComplete();
            } else {
                fail(new EmptyModelResponseException(call.model.name()));
            }
        }

        private void fail(Throwable error) {
            try {
                ModelCaller.failed(this, call.model, call.step, start, error);
            } catch (Throwable e) {
                error.addSuppressed(e);
            }
            actual.onError(error);
        }

        @Override
        public void request(long n) {
            Subscription s = upstream;
            if (s != null) {
                s.request(n);
            }
        }

        @Override
        public void cancel() {
            Subscription s = upstream;
            if (s != null) {
                s.cancel();
            }
        }
    }
}

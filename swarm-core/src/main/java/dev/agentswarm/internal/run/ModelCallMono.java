package dev.agentswarm.internal.run;

import dev.agentswarm.model.ModelCallScope;
import dev.agentswarm.model.SwarmModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import java.util.AbstractMap;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;
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
 * one subscriber that is also the call's context, instead of five operators, three lambdas and three holder
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
            call.startMillis = ModelCaller.started(ctx, model, caller, step);
            source = Objects.requireNonNull(model.chat(request), "the model returned no Mono");
        } catch (Throwable e) {
            Operators.error(actual, Operators.onOperatorError(e, actual.currentContext()));
            return;
        }
        source.subscribe(call);
    }

    /**
     * The subscriber of one call, its subscription downstream, and the call's Reactor context: the caller's context
     * with the call ({@link ModelCaller.Call}) and its {@link ModelCallScope} on top. Being its own context, a call in
     * flight holds no context object of its own (a model's operators ask for the context at once, for example
     * {@code Mono.delay}); the scope is made on the first read of it, and a write ({@code put}, {@code delete}) makes an
     * ordinary context with both entries first.
     */
    private static final class CallSubscriber extends ModelCaller.Call
            implements CoreSubscriber<ChatResponse>, Subscription, Context {

        private final CoreSubscriber<? super ChatResponse> actual;
        // The call's own fields, not the ModelCallMono: it and its request are left behind once subscribed.
        private final SwarmModel model;
        private final int step;
        /** When the call started, in milliseconds of the run's clock: only the call's duration is reported. */
        private long startMillis;

        private @Nullable Subscription upstream;
        /** The caller's context, read once; immutable, so a race only reads it twice. */
        private @Nullable Context parent;
        /** Made on the first read; immutable and equal however many threads make it. */
        private @Nullable ModelCallScope scope;

        private boolean answered;
        private boolean done;

        CallSubscriber(CoreSubscriber<? super ChatResponse> actual, ModelCallMono call) {
            super(call.ctx, call.caller);
            this.actual = actual;
            this.model = call.model;
            this.step = call.step;
        }

        @Override
        public Context currentContext() {
            return this;
        }

        private Context parent() {
            Context p = parent;
            if (p == null) {
                p = actual.currentContext();
                parent = p;
            }
            return p;
        }

        private ModelCallScope scope() {
            ModelCallScope s = scope;
            if (s == null) {
                s = new ModelCallScope(ctx.runId(), caller.role(), caller.stage(), caller.taskId(), step);
                scope = s;
            }
            return s;
        }

        private static boolean own(Object key) {
            return key == ModelCaller.Call.class || key == ModelCallScope.class;
        }

        /** The same entries as an ordinary context, for a write. */
        private Context materialized() {
            return parent().put(ModelCaller.Call.class, this).put(ModelCallScope.class, scope());
        }

        @Override
        @SuppressWarnings({"unchecked", "TypeParameterUnusedInFormals"}) // Reactor's signature
        public <T> T get(Object key) {
            if (key == ModelCaller.Call.class) {
                return (T) this;
            }
            if (key == ModelCallScope.class) {
                return (T) scope();
            }
            return parent().get(key);
        }

        @Override
        public boolean hasKey(Object key) {
            return own(key) || parent().hasKey(key);
        }

        @Override
        public int size() {
            Context p = parent();
            return p.size() + (p.hasKey(ModelCaller.Call.class) ? 0 : 1) + (p.hasKey(ModelCallScope.class) ? 0 : 1);
        }

        @Override
        public Stream<Map.Entry<Object, Object>> stream() {
            return Stream.concat(
                    parent().stream().filter(e -> !own(e.getKey())),
                    Stream.of(
                            new AbstractMap.SimpleImmutableEntry<>(ModelCaller.Call.class, this),
                            new AbstractMap.SimpleImmutableEntry<>(ModelCallScope.class, scope())));
        }

        @Override
        public Context put(Object key, Object value) {
            return materialized().put(key, value);
        }

        @Override
        public Context delete(Object key) {
            return materialized().delete(key);
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
                ModelCaller.answered(this, model, step, startMillis, response);
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
                fail(new EmptyModelResponseException(model.name()));
            }
        }

        private void fail(Throwable error) {
            try {
                ModelCaller.failed(this, model, step, startMillis, error);
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

package dev.agentswarm.model;

import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import java.util.Objects;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicReferenceFieldUpdater;
import org.jspecify.annotations.Nullable;
import reactor.core.CoreSubscriber;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Operators;
import reactor.core.scheduler.Scheduler;

/**
 * A blocking LangChain4j model, called on a scheduler that allows blocking. Cancelling a call's subscription
 * interrupts its thread. A {@link WireGate} in the call's context is passed on the worker thread, just before the
 * request is sent.
 */
final class BlockingChatModelAdapter implements SwarmModel {

    private final String name;
    private final ChatModel model;
    private final Scheduler scheduler;
    private final boolean sharedScheduler;
    private final boolean ownScheduler;

    BlockingChatModelAdapter(String name, ChatModel model, Scheduler scheduler, boolean sharedScheduler) {
        this(name, model, scheduler, sharedScheduler, false);
    }

    private BlockingChatModelAdapter(
            String name, ChatModel model, Scheduler scheduler, boolean sharedScheduler, boolean ownScheduler) {
        this.name = Objects.requireNonNull(name, "name");
        this.model = Objects.requireNonNull(model, "model");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.sharedScheduler = sharedScheduler;
        this.ownScheduler = ownScheduler;
    }

    /** @return whether calls run on {@link BlockingSchedulers#forModelCalls()}, not on a scheduler of the user's */
    boolean onSharedScheduler() {
        return sharedScheduler;
    }

    /**
     * @param other where calls should run; a pool made for this adapter alone, which {@link #release()} disposes
     * @return an adapter of the same model whose calls run there
     */
    BlockingChatModelAdapter onOwnScheduler(Scheduler other) {
        return new BlockingChatModelAdapter(name, model, other, false, true);
    }

    /** Disposes the scheduler made for this adapter alone, if it has one; a shared or user's scheduler is kept. */
    void release() {
        if (ownScheduler) {
            scheduler.dispose();
        }
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Mono<ChatResponse> chat(ChatRequest request) {
        return BlockingCall.of(this, request);
    }

    /**
     * One blocking call as one operator: on subscription it is handed to the scheduler; the worker takes the
     * rate-limit permit of a {@link WireGate} in the caller's context, if any (after the queue, just before the
     * request is sent), calls the model and gives its response (none if the model returned null). A cancellation
     * disposes the scheduled call, which interrupts a worker that is in it. It does what
     * {@code Mono.deferContextual(...).fromCallable(...).subscribeOn(scheduler)} did, with one subscriber and no
     * lambda per call.
     */
    private static final class BlockingCall extends Mono<ChatResponse> {
        private final BlockingChatModelAdapter adapter;
        private final ChatRequest request;

        private BlockingCall(BlockingChatModelAdapter adapter, ChatRequest request) {
            this.adapter = adapter;
            this.request = request;
        }

        static Mono<ChatResponse> of(BlockingChatModelAdapter adapter, ChatRequest request) {
            return onAssembly(new BlockingCall(adapter, request));
        }

        @Override
        public void subscribe(CoreSubscriber<? super ChatResponse> actual) {
            Worker worker = adapter.new Worker(actual, request);
            actual.onSubscribe(worker);
            worker.schedule();
        }
    }

    /** The call on its worker thread, and its subscription downstream. */
    private final class Worker extends Operators.MonoSubscriber<ChatResponse, ChatResponse> implements Runnable {
        private final ChatRequest request;
        private final @Nullable WireGate gate;
        /** The scheduled call; {@link #CANCELLED} once cancelled. */
        @SuppressWarnings("UnusedVariable") // read and written through TASK
        private volatile @Nullable Disposable task;

        Worker(CoreSubscriber<? super ChatResponse> actual, ChatRequest request) {
            super(actual);
            this.request = request;
            this.gate = WireGate.from(actual.currentContext());
        }

        void schedule() {
            try {
                Disposable scheduled = scheduler.schedule(this);
                if (!TASK.compareAndSet(this, null, scheduled)) {
                    scheduled.dispose(); // cancelled while it was being scheduled
                }
            } catch (RejectedExecutionException e) {
                actual.onError(Operators.onRejectedExecution(e, actual.currentContext()));
            }
        }

        @Override
        public void run() {
            if (isCancelled()) {
                return;
            }
            ChatResponse response;
            try {
                if (gate != null) {
                    WireGate.awaitPermit(gate);
                }
                response = model.chat(request);
            } catch (Throwable e) {
                if (!isCancelled()) {
                    actual.onError(Operators.onOperatorError(this, e, actual.currentContext()));
                }
                return;
            }
            if (response == null) {
                actual.onComplete();
            } else {
                complete(response);
            }
        }

        @Override
        public void cancel() {
            super.cancel();
            Disposable d = TASK.getAndSet(this, CANCELLED);
            if (d != null) {
                d.dispose();
            }
        }
    }

    private static final Disposable CANCELLED = Disposables.disposed();

    private static final AtomicReferenceFieldUpdater<Worker, @Nullable Disposable> TASK =
            AtomicReferenceFieldUpdater.newUpdater(Worker.class, Disposable.class, "task");

    @Override
    public String toString() {
        return "SwarmModel[" + name + ", blocking " + model.getClass().getSimpleName() + "]";
    }
}

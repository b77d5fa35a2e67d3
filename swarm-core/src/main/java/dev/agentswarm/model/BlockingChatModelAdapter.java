package dev.agentswarm.model;

import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import java.util.Objects;
import reactor.core.publisher.Mono;
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
        // The rate-limit permit, if any, is taken on the worker thread that sends the request, after the queue.
        return Mono.deferContextual(context -> {
            WireGate gate = WireGate.from(context);
            return Mono.fromCallable(() -> {
                        if (gate != null) {
                            WireGate.awaitPermit(gate);
                        }
                        return model.chat(request);
                    })
                    .subscribeOn(scheduler);
        });
    }

    @Override
    public String toString() {
        return "SwarmModel[" + name + ", blocking " + model.getClass().getSimpleName() + "]";
    }
}

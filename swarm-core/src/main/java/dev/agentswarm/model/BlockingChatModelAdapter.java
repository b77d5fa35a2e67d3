package dev.agentswarm.model;

import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import java.util.Objects;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * A blocking LangChain4j model, called on a scheduler that allows blocking. Cancelling a call's subscription
 * interrupts its thread.
 */
final class BlockingChatModelAdapter implements SwarmModel {

    private final String name;
    private final ChatModel model;
    private final Scheduler scheduler;
    private final boolean sharedScheduler;

    BlockingChatModelAdapter(String name, ChatModel model, Scheduler scheduler, boolean sharedScheduler) {
        this.name = Objects.requireNonNull(name, "name");
        this.model = Objects.requireNonNull(model, "model");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.sharedScheduler = sharedScheduler;
    }

    /** @return whether calls run on {@link BlockingSchedulers#forModelCalls()}, not on a scheduler of the user's */
    boolean onSharedScheduler() {
        return sharedScheduler;
    }

    /**
     * @param other where calls should run
     * @return an adapter of the same model whose calls run there
     */
    BlockingChatModelAdapter onScheduler(Scheduler other) {
        return new BlockingChatModelAdapter(name, model, other, false);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Mono<ChatResponse> chat(ChatRequest request) {
        return Mono.fromCallable(() -> model.chat(request)).subscribeOn(scheduler);
    }

    @Override
    public String toString() {
        return "SwarmModel[" + name + ", blocking " + model.getClass().getSimpleName() + "]";
    }
}

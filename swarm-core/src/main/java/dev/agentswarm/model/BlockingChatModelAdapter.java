package dev.agentswarm.model;

import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import java.util.Objects;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/** A blocking LangChain4j model, called on a scheduler that allows blocking. */
final class BlockingChatModelAdapter implements SwarmModel {

    private final String name;
    private final ChatModel model;
    private final Scheduler scheduler;

    BlockingChatModelAdapter(String name, ChatModel model, Scheduler scheduler) {
        this.name = Objects.requireNonNull(name, "name");
        this.model = Objects.requireNonNull(model, "model");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
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

package dev.agentswarm.model;

import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import java.util.Objects;
import java.util.function.Function;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * The model port: one chat call as a {@link Mono}, over LangChain4j's {@link ChatRequest} and {@link ChatResponse}.
 * Providers come from LangChain4j modules and plug in through {@link #of(String, ChatModel)} or
 * {@link #of(String, StreamingChatModel)}.
 *
 * <p>Implementations must be lazy (no work before subscription) and must stop their call when the subscription is
 * cancelled.
 */
public interface SwarmModel {

    /** @return the model's name, used in accounting, budgets and rate limits */
    String name();

    /**
     * Sends one request.
     *
     * @param request the conversation and the tools on offer
     * @return the response, or an error signal when the call failed
     */
    Mono<ChatResponse> chat(ChatRequest request);

    /**
     * Adapts a blocking LangChain4j {@link ChatModel}. Calls never run on a non-blocking thread; cancelling the
     * subscription interrupts the calling thread. They run on virtual threads on JDK 21+. On JDK 17 they run on the
     * shared pool of {@link BlockingSchedulers#forModelCalls()}, and a swarm built with this model gives it a pool of
     * its own sized to the swarm's {@code maxConcurrency} ({@link BlockingSchedulers#sizedForSwarm}): threads start on
     * demand and end when idle, and no call waits behind a hung one.
     *
     * @param name the model's name
     * @param model the LangChain4j model
     * @return the port
     */
    static SwarmModel of(String name, ChatModel model) {
        return new BlockingChatModelAdapter(name, model, BlockingSchedulers.forModelCalls(), true);
    }

    /**
     * Adapts a blocking LangChain4j {@link ChatModel}, with calls on the given scheduler, which a swarm keeps as it is;
     * {@link BlockingSchedulers#pool} makes one.
     *
     * @param name the model's name
     * @param model the LangChain4j model
     * @param scheduler where the blocking calls run; must allow blocking
     * @return the port
     */
    static SwarmModel of(String name, ChatModel model, Scheduler scheduler) {
        return new BlockingChatModelAdapter(name, model, scheduler, false);
    }

    /**
     * Adapts a LangChain4j {@link StreamingChatModel}: non-blocking; cancelling the subscription cancels the stream
     * once the provider has handed out its streaming handle.
     *
     * @param name the model's name
     * @param model the LangChain4j model
     * @return the port
     */
    static SwarmModel of(String name, StreamingChatModel model) {
        return new StreamingChatModelAdapter(name, model);
    }

    /**
     * Wraps a function as a model, for tests, simulations and decorators.
     *
     * @param name the model's name
     * @param call the call; must be lazy
     * @return the port
     */
    static SwarmModel of(String name, Function<ChatRequest, Mono<ChatResponse>> call) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(call, "call");
        return new SwarmModel() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public Mono<ChatResponse> chat(ChatRequest request) {
                return Mono.defer(() -> call.apply(request));
            }

            @Override
            public String toString() {
                return "SwarmModel[" + name + "]";
            }
        };
    }
}

package dev.agentswarm.test.cassette;

import dev.agentswarm.model.SwarmModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import java.util.Objects;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * A model decorator that records every successful call of the model it wraps to a {@link Cassette}, with the same
 * name, so that a {@link ReplayModel} can serve the run offline. Failed calls are not recorded. The write to the
 * cassette file happens on a scheduler that may block, before the response is passed on.
 */
public final class RecordingModel implements SwarmModel {

    private final SwarmModel delegate;
    private final Cassette cassette;
    private final Scheduler io;

    /**
     * @param delegate the real model
     * @param cassette a cassette opened with {@link Cassette#create}; several models may share one
     */
    public RecordingModel(SwarmModel delegate, Cassette cassette) {
        this(delegate, cassette, Schedulers.boundedElastic());
    }

    /**
     * @param delegate the real model
     * @param cassette a cassette opened with {@link Cassette#create}; several models may share one
     * @param io where the blocking cassette writes run
     */
    public RecordingModel(SwarmModel delegate, Cassette cassette, Scheduler io) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.cassette = Objects.requireNonNull(cassette, "cassette");
        this.io = Objects.requireNonNull(io, "io");
    }

    @Override
    public String name() {
        return delegate.name();
    }

    @Override
    public Mono<ChatResponse> chat(ChatRequest request) {
        return delegate.chat(request)
                .flatMap(response -> Mono.fromRunnable(() -> cassette.record(delegate.name(), request, response))
                        .subscribeOn(io)
                        .thenReturn(response));
    }

    @Override
    public String toString() {
        return "RecordingModel[" + delegate + " -> " + cassette.path() + "]";
    }
}

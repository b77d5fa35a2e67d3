package dev.agentswarm.model;

import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.PartialResponse;
import dev.langchain4j.model.chat.response.PartialResponseContext;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.chat.response.StreamingHandle;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;

/** A streaming LangChain4j model as a non-blocking {@link Mono} of its complete response. */
final class StreamingChatModelAdapter implements SwarmModel {

    private final String name;
    private final StreamingChatModel model;

    StreamingChatModelAdapter(String name, StreamingChatModel model) {
        this.name = Objects.requireNonNull(name, "name");
        this.model = Objects.requireNonNull(model, "model");
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Mono<ChatResponse> chat(ChatRequest request) {
        return Mono.create(sink -> {
            Handler handler = new Handler(sink);
            sink.onCancel(handler::cancel);
            model.chat(request, handler);
        });
    }

    @Override
    public String toString() {
        return "SwarmModel[" + name + ", streaming " + model.getClass().getSimpleName() + "]";
    }

    private static final class Handler implements StreamingChatResponseHandler {
        private final MonoSink<ChatResponse> sink;
        private final AtomicReference<@Nullable StreamingHandle> handle = new AtomicReference<>();
        private final AtomicBoolean cancelled = new AtomicBoolean();

        Handler(MonoSink<ChatResponse> sink) {
            this.sink = sink;
        }

        void cancel() {
            cancelled.set(true);
            StreamingHandle h = handle.get();
            if (h != null) {
                h.cancel();
            }
        }

        @Override
        public void onPartialResponse(PartialResponse partialResponse, PartialResponseContext context) {
            StreamingHandle h = context.streamingHandle();
            if (h != null && handle.compareAndSet(null, h) && cancelled.get()) {
                h.cancel();
            }
        }

        @Override
        public void onCompleteResponse(ChatResponse completeResponse) {
            sink.success(completeResponse);
        }

        @Override
        public void onError(Throwable error) {
            sink.error(error);
        }
    }
}

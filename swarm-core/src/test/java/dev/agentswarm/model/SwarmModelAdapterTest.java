package dev.agentswarm.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.PartialResponse;
import dev.langchain4j.model.chat.response.PartialResponseContext;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.chat.response.StreamingHandle;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import reactor.blockhound.BlockingOperationError;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

class SwarmModelAdapterTest {

    static final ChatRequest REQUEST =
            ChatRequest.builder().messages(UserMessage.from("hi")).build();

    @Test
    void blockingModelNeverRunsOnANonBlockingThread() {
        AtomicReference<String> thread = new AtomicReference<>();
        ChatModel blocking = new ChatModel() {
            @Override
            public ChatResponse doChat(ChatRequest request) {
                thread.set(Thread.currentThread().getName());
                try {
                    Thread.sleep(1); // a real blocking call: BlockHound would fail it on a non-blocking thread
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return ChatResponse.builder().aiMessage(AiMessage.from("hello")).build();
            }
        };
        // Subscribed from a non-blocking parallel thread, as the runtime does.
        ChatResponse response = Mono.defer(() -> SwarmModel.of("b", blocking).chat(REQUEST))
                .subscribeOn(Schedulers.parallel())
                .block(Duration.ofSeconds(10));
        assertThat(response.aiMessage().text()).isEqualTo("hello");
        assertThat(thread.get()).doesNotStartWith("parallel-");
    }

    @Test
    void blockHoundIsInstalledInThisSuite() {
        Mono<Object> blocksOnParallel = Mono.fromCallable(() -> {
                    Thread.sleep(1);
                    return (Object) "x";
                })
                .subscribeOn(Schedulers.parallel());
        StepVerifier.create(blocksOnParallel)
                .expectError(BlockingOperationError.class)
                .verify(Duration.ofSeconds(10));
    }

    @Test
    void aBlockingModelIsCalledOnceWithTheRequestAsGiven() {
        ChatModel model = mock(ChatModel.class);
        when(model.chat(REQUEST))
                .thenReturn(ChatResponse.builder()
                        .aiMessage(AiMessage.from("hello"))
                        .build());

        ChatResponse response = SwarmModel.of("m", model).chat(REQUEST).block(Duration.ofSeconds(10));

        assertThat(response.aiMessage().text()).isEqualTo("hello");
        verify(model, times(1)).chat(REQUEST);
    }

    @Test
    void aBlockingModelIsNotCalledBeforeSubscription() {
        ChatModel model = mock(ChatModel.class);

        Mono<ChatResponse> call = SwarmModel.of("m", model).chat(REQUEST);

        verify(model, never()).chat(REQUEST);
        call.onErrorResume(e -> Mono.empty()).block(Duration.ofSeconds(10));
        verify(model, times(1)).chat(REQUEST);
    }

    @Test
    void aBlockingCallWaitsForDemandGivesNothingForNullAndItsFailureAsIs() {
        ChatModel model = mock(ChatModel.class);
        ChatResponse hello =
                ChatResponse.builder().aiMessage(AiMessage.from("hello")).build();
        when(model.chat(REQUEST)).thenReturn(hello, (ChatResponse) null).thenThrow(new IllegalStateException("down"));
        SwarmModel swarmModel = SwarmModel.of("m", model);

        StepVerifier.create(swarmModel.chat(REQUEST), 0)
                .expectSubscription()
                .expectNoEvent(Duration.ofMillis(50))
                .thenRequest(1)
                .expectNext(hello)
                .expectComplete()
                .verify(Duration.ofSeconds(10));
        StepVerifier.create(swarmModel.chat(REQUEST)).expectComplete().verify(Duration.ofSeconds(10));
        StepVerifier.create(swarmModel.chat(REQUEST)).expectErrorMessage("down").verify(Duration.ofSeconds(10));
    }

    @Test
    void cancellingABlockingCallInterruptsItsThread() throws InterruptedException {
        java.util.concurrent.CountDownLatch inCall = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch interrupted = new java.util.concurrent.CountDownLatch(1);
        ChatModel model = new ChatModel() {
            @Override
            public ChatResponse doChat(ChatRequest request) {
                inCall.countDown();
                try {
                    new java.util.concurrent.CountDownLatch(1).await();
                } catch (InterruptedException e) {
                    interrupted.countDown();
                    Thread.currentThread().interrupt();
                }
                throw new IllegalStateException("interrupted");
            }
        };
        Disposable call = SwarmModel.of("m", model).chat(REQUEST).subscribe(r -> {}, e -> {});
        assertThat(inCall.await(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        call.dispose();
        assertThat(interrupted.await(10, java.util.concurrent.TimeUnit.SECONDS))
                .as("the worker thread is interrupted")
                .isTrue();
    }

    @Test
    void streamingModelCompletesWithTheFullResponse() {
        StreamingHandle handle = mock(StreamingHandle.class);
        StreamingChatModel streaming = new StreamingChatModel() {
            @Override
            public void doChat(ChatRequest request, StreamingChatResponseHandler handler) {
                handler.onPartialResponse(new PartialResponse("hel"), new PartialResponseContext(handle));
                handler.onCompleteResponse(ChatResponse.builder()
                        .aiMessage(AiMessage.from("hello"))
                        .build());
            }
        };
        StepVerifier.create(SwarmModel.of("s", streaming).chat(REQUEST))
                .assertNext(r -> assertThat(r.aiMessage().text()).isEqualTo("hello"))
                .verifyComplete();
        verify(handle, never()).cancel();
    }

    @Test
    void cancellingAStreamingCallCancelsTheProviderStream() {
        StreamingHandle handle = mock(StreamingHandle.class);
        StreamingChatModel endless = new StreamingChatModel() {
            @Override
            public void doChat(ChatRequest request, StreamingChatResponseHandler handler) {
                handler.onPartialResponse(new PartialResponse("..."), new PartialResponseContext(handle));
                // never completes, like a stuck stream
            }
        };
        Disposable d = SwarmModel.of("s", endless).chat(REQUEST).subscribe();
        verify(handle, never()).cancel();
        d.dispose();
        verify(handle, times(1)).cancel();
    }
}

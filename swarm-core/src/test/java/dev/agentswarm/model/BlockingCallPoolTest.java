package dev.agentswarm.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/** The pool for blocking calls on JVMs without virtual threads: places, the shared queue, cancellation, idle threads. */
class BlockingCallPoolTest {

    static final Duration WAIT = Duration.ofSeconds(10);
    static final ChatRequest REQUEST =
            ChatRequest.builder().messages(UserMessage.from("hi")).build();

    final Map<String, CountDownLatch> gates = new ConcurrentHashMap<>();
    final Map<String, String> threadOf = new ConcurrentHashMap<>();
    final Map<String, Boolean> interruptedAtStart = new ConcurrentHashMap<>();
    final AtomicInteger invoked = new AtomicInteger();
    BlockingCallPool pool;

    @AfterEach
    void stop() {
        if (pool != null) {
            gates.values().forEach(CountDownLatch::countDown);
            pool.shutdownNow();
        }
    }

    CountDownLatch gate(String id) {
        return gates.computeIfAbsent(id, k -> new CountDownLatch(1));
    }

    /** A model whose call {@code id} records its thread, then waits at its gate (interruptibly) and answers. */
    SwarmModel model(BlockingCallPool p) {
        ChatModel blocking = new ChatModel() {
            @Override
            public ChatResponse doChat(ChatRequest request) {
                String id = ((UserMessage) request.messages().get(0)).singleText();
                invoked.incrementAndGet();
                interruptedAtStart.put(id, Thread.currentThread().isInterrupted());
                threadOf.put(id, Thread.currentThread().getName());
                try {
                    gate(id).await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted", e);
                }
                return ChatResponse.builder().aiMessage(AiMessage.from(id)).build();
            }
        };
        return SwarmModel.of("m", blocking, Schedulers.fromExecutorService(p, "test"));
    }

    static ChatRequest call(String id) {
        return ChatRequest.builder().messages(UserMessage.from(id)).build();
    }

    @Test
    void threadsStartOnDemandAndCallsBeyondTheCapWaitInOneSharedQueue() {
        pool = new BlockingCallPool("cap", 2, Duration.ofSeconds(30));
        SwarmModel model = model(pool);
        assertThat(pool.liveThreads()).isZero();

        Mono<ChatResponse> a = model.chat(call("a")).cache();
        Mono<ChatResponse> b = model.chat(call("b")).cache();
        Mono<ChatResponse> c = model.chat(call("c")).cache();
        a.subscribe();
        b.subscribe();
        c.subscribe();
        await().atMost(WAIT).until(() -> threadOf.size() == 2);
        assertThat(pool.runningCalls()).isEqualTo(2);
        assertThat(pool.waitingCalls()).isEqualTo(1);
        assertThat(pool.liveThreads()).isEqualTo(2);

        // "a" hangs; "b" ends: "c" runs at once on b's thread, not behind "a".
        gate("b").countDown();
        await().atMost(WAIT).until(() -> threadOf.containsKey("c"));
        assertThat(threadOf.get("c")).isEqualTo(threadOf.get("b")).startsWith("swarm-blocking-cap-");
        gate("c").countDown();
        assertThat(c.block(WAIT).aiMessage().text()).isEqualTo("c");
        assertThat(pool.threadsStarted())
                .as("no thread beyond the calls running")
                .isEqualTo(2);
        gate("a").countDown();
        assertThat(a.block(WAIT).aiMessage().text()).isEqualTo("a");
        // The result is handed on before the worker leaves the call, so the count drops just after.
        await().atMost(WAIT).until(() -> pool.runningCalls() == 0);
    }

    @Test
    void aCancelledCallThatIgnoresItsInterruptGivesUpItsPlaceAtOnce() {
        pool = new BlockingCallPool("stuck", 1, Duration.ofSeconds(30));
        CountDownLatch release = new CountDownLatch(1);
        AtomicBoolean interrupted = new AtomicBoolean();
        AtomicBoolean returned = new AtomicBoolean();
        ChatModel deaf = new ChatModel() {
            @Override
            public ChatResponse doChat(ChatRequest request) {
                String id = ((UserMessage) request.messages().get(0)).singleText();
                threadOf.put(id, Thread.currentThread().getName());
                if (id.equals("stuck")) {
                    // A call that does not answer to interrupts, like a socket read without a timeout.
                    while (true) {
                        try {
                            if (release.await(30, TimeUnit.SECONDS)) {
                                break;
                            }
                        } catch (InterruptedException e) {
                            interrupted.set(true);
                        }
                    }
                    returned.set(true);
                }
                return ChatResponse.builder().aiMessage(AiMessage.from(id)).build();
            }
        };
        SwarmModel model = SwarmModel.of("m", deaf, Schedulers.fromExecutorService(pool, "test"));
        Disposable stuck = model.chat(call("stuck")).subscribe();
        await().atMost(WAIT).until(() -> threadOf.containsKey("stuck"));
        Mono<ChatResponse> next = model.chat(call("next")).cache();
        next.subscribe();
        assertThat(pool.waitingCalls()).isEqualTo(1);

        stuck.dispose();

        assertThat(next.block(WAIT).aiMessage().text()).isEqualTo("next");
        await().atMost(WAIT).untilTrue(interrupted); // the cancelled call's thread was interrupted
        assertThat(returned).as("the cancelled call is still stuck").isFalse();
        assertThat(threadOf.get("next")).isNotEqualTo(threadOf.get("stuck"));
        release.countDown();
        await().atMost(WAIT).untilTrue(returned);
        assertThat(pool.runningCalls()).isZero();
    }

    @Test
    void aCallCancelledWhileItWaitsNeverRuns() {
        pool = new BlockingCallPool("queue", 1, Duration.ofSeconds(30));
        SwarmModel model = model(pool);
        Mono<ChatResponse> a = model.chat(call("a")).cache();
        a.subscribe();
        await().atMost(WAIT).until(() -> threadOf.containsKey("a"));
        Disposable b = model.chat(call("b")).subscribe();
        Mono<ChatResponse> c = model.chat(call("c")).cache();
        c.subscribe();
        assertThat(pool.waitingCalls()).isEqualTo(2);

        b.dispose();
        assertThat(pool.waitingCalls()).isEqualTo(1);
        gate("a").countDown();
        gate("c").countDown();

        assertThat(c.block(WAIT).aiMessage().text()).isEqualTo("c");
        assertThat(threadOf).containsOnlyKeys("a", "c");
        assertThat(invoked).hasValue(2);
    }

    @Test
    void anInterruptLeftByOneCallDoesNotReachTheNextOnTheSameThread() {
        pool = new BlockingCallPool("flag", 1, Duration.ofSeconds(30));
        ChatModel leaky = new ChatModel() {
            @Override
            public ChatResponse doChat(ChatRequest request) {
                String id = ((UserMessage) request.messages().get(0)).singleText();
                interruptedAtStart.put(id, Thread.currentThread().isInterrupted());
                threadOf.put(id, Thread.currentThread().getName());
                try {
                    gate(id).await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
                Thread.currentThread().interrupt(); // a call that leaves its thread interrupted
                return ChatResponse.builder().aiMessage(AiMessage.from(id)).build();
            }
        };
        SwarmModel model = SwarmModel.of("m", leaky, Schedulers.fromExecutorService(pool, "test"));
        Mono<ChatResponse> a = model.chat(call("a")).cache();
        a.subscribe();
        await().atMost(WAIT).until(() -> threadOf.containsKey("a"));
        Mono<ChatResponse> b = model.chat(call("b")).cache();
        b.subscribe();
        gate("a").countDown();
        gate("b").countDown();

        assertThat(b.block(WAIT).aiMessage().text()).isEqualTo("b");
        assertThat(threadOf.get("b")).isEqualTo(threadOf.get("a"));
        assertThat(interruptedAtStart).containsEntry("b", false);
    }

    @Test
    void idleThreadsEnd() {
        pool = new BlockingCallPool("idle", 4, Duration.ofMillis(100));
        SwarmModel model = model(pool);
        List<Mono<ChatResponse>> calls = List.of("a", "b", "c").stream()
                .map(id -> model.chat(call(id)).cache())
                .toList();
        calls.forEach(Mono::subscribe);
        await().atMost(WAIT).until(() -> threadOf.size() == 3);
        assertThat(pool.liveThreads()).isEqualTo(3);
        gates.values().forEach(CountDownLatch::countDown);
        calls.forEach(m -> m.block(WAIT));

        await().atMost(WAIT).until(() -> pool.liveThreads() == 0);
        assertThat(pool.threadsStarted()).isEqualTo(3);
    }

    @Test
    void rejectsAnEmptyPoolOrANonPositiveKeepAlive() {
        assertThatThrownBy(() -> new BlockingCallPool("x", 0, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxCalls");
        assertThatThrownBy(() -> new BlockingCallPool("x", 1, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("keepAlive");
    }

    @Test
    void aSwarmGivesABlockingModelAPoolOfItsOwnOnlyWithoutVirtualThreads() {
        ChatModel answers = new ChatModel() {
            @Override
            public ChatResponse doChat(ChatRequest request) {
                return ChatResponse.builder()
                        .aiMessage(AiMessage.from(Thread.currentThread().getName()))
                        .build();
            }
        };
        SwarmModel shared = SwarmModel.of("sized-model", answers);

        SwarmModel sized = BlockingSchedulers.sizedForSwarm(shared, 8, false, Duration.ofSeconds(1));
        assertThat(sized).isNotSameAs(shared);
        assertThat(sized.name()).isEqualTo("sized-model");
        assertThat(sized.chat(REQUEST).block(WAIT).aiMessage().text()).startsWith("swarm-blocking-sized-model-");
        assertThat(BlockingSchedulers.sizedForSwarm(sized, 8, false, Duration.ofSeconds(1)))
                .as("already sized")
                .isSameAs(sized);

        assertThat(BlockingSchedulers.sizedForSwarm(shared, 8, true, Duration.ofSeconds(1)))
                .as("virtual threads need no pool")
                .isSameAs(shared);
        SwarmModel own = SwarmModel.of("own", answers, Schedulers.immediate());
        assertThat(BlockingSchedulers.sizedForSwarm(own, 8, false, Duration.ofSeconds(1)))
                .as("a scheduler of the user's is kept")
                .isSameAs(own);
        SwarmModel reactive = SwarmModel.of("reactive", r -> Mono.empty());
        assertThat(BlockingSchedulers.sizedForSwarm(reactive, 8, false, Duration.ofSeconds(1)))
                .isSameAs(reactive);
        assertThatThrownBy(() -> BlockingSchedulers.sizedForSwarm(shared, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("concurrentCalls");
    }
}

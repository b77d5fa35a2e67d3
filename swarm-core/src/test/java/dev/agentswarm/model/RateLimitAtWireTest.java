package dev.agentswarm.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.agentswarm.internal.resilience.ResilientModel;
import dev.agentswarm.internal.resilience.RetryListener;
import dev.agentswarm.resilience.ModelPolicy;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.test.scheduler.VirtualTimeScheduler;

/**
 * The minimal case: 100 requests per minute on a blocking model, 150 calls, the blocking pool busy for the
 * first 2 s. A permit taken before the pool's queue (the old behaviour) lets 100 calls wait in the queue and reach the
 * provider at 2 s, bunched with the 50 granted at 60 s: 150 requests within 60 s. Taken at the wire, on the worker
 * thread that sends, every 60 s window of actual sends holds at most 100. Time is virtual: sends are stamped with the
 * virtual clock on the thread that sends, and the test advances the clock one second at a time, each time waiting
 * until every call is sent, queued in the pool, or waiting on a timer.
 */
class RateLimitAtWireTest {

    static final int LIMIT = 100;
    static final int CALLS = 150;
    static final long WINDOW = TimeUnit.MINUTES.toNanos(1);
    static final ChatRequest REQUEST =
            ChatRequest.builder().messages(UserMessage.from("hi")).build();

    private final VirtualTimeScheduler vts = VirtualTimeScheduler.create();
    private final TimerCount timers = new TimerCount(vts);
    private final List<Long> sends = Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger ok = new AtomicInteger();
    private final List<Disposable> calls = new ArrayList<>();
    private final List<Scheduler> pools = new ArrayList<>();

    @AfterEach
    void tearDown() {
        calls.forEach(Disposable::dispose);
        pools.forEach(Scheduler::dispose);
        vts.dispose();
    }

    @Test
    void blockingAdapterBehindABusyPoolKeepsEveryWindowWithinTheLimit() {
        BlockingCallPool pool = new BlockingCallPool("wire", 4, Duration.ofSeconds(60));
        Scheduler scheduler = Schedulers.fromExecutorService(pool, "wire");
        pools.add(scheduler);
        // The pool is busy for the first 2 s: its four threads are taken by calls that wait for a latch.
        CountDownLatch busy = new CountDownLatch(1);
        for (int i = 0; i < 4; i++) {
            pool.execute(() -> {
                try {
                    busy.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
        }
        await().until(() -> pool.runningCalls() == 4);
        SwarmModel model = rateLimited(SwarmModel.of("blocking", stampingChatModel(), scheduler));
        subscribeAll(model);

        vts.advanceTimeBy(Duration.ofSeconds(2));
        busy.countDown();
        // Settled: every call is sent, waits in the pool's queue, or waits on a timer; a worker that waits at the wire
        // for its permit holds its place in the pool and one timer.
        BooleanSupplier settled = () -> sends.size() + timers.pending() + pool.waitingCalls() == CALLS
                && pool.runningCalls() == timers.pendingOnPoolThreads();
        runForMinutes(3, settled);

        assertThat(sends).as("every call reached the provider").hasSize(CALLS);
        assertThat(ok).hasValue(CALLS);
        assertEveryWindowWithinTheLimit();
        assertThat(sends.stream().filter(t -> t < TimeUnit.SECONDS.toNanos(62)))
                .as("no request beyond the first 100 before the window of the 100 sent at 2 s has passed")
                .hasSize(LIMIT);
    }

    @Test
    void blockingAdapterOnTheDefaultSchedulerKeepsEveryWindowWithinTheLimit() {
        // Virtual threads on JDK 21+, the shared pool of platform threads on JDK 17.
        SwarmModel model = rateLimited(SwarmModel.of("blocking", stampingChatModel()));
        subscribeAll(model);
        runForMinutes(3, () -> sends.size() + timers.pending() == CALLS);

        assertThat(sends).hasSize(CALLS);
        assertThat(ok).hasValue(CALLS);
        assertEveryWindowWithinTheLimit();
    }

    @Test
    void streamingAdapterTakesItsPermitWhenItSendsAndKeepsEveryWindowWithinTheLimit() {
        // The blocking pool is busy too; a streaming model does not use it and sends when subscribed.
        BlockingCallPool pool = new BlockingCallPool("idle", 1, Duration.ofSeconds(60));
        CountDownLatch busy = new CountDownLatch(1);
        pool.execute(() -> {
            try {
                busy.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        pools.add(Schedulers.fromExecutorService(pool, "idle"));
        StreamingChatModel streaming = new StreamingChatModel() {
            @Override
            public void chat(ChatRequest request, StreamingChatResponseHandler handler) {
                sends.add(vts.now(TimeUnit.NANOSECONDS));
                handler.onCompleteResponse(
                        ChatResponse.builder().aiMessage(AiMessage.from("ok")).build());
            }
        };
        SwarmModel model = rateLimited(SwarmModel.of("streaming", streaming));
        subscribeAll(model);
        runForMinutes(3, () -> sends.size() + timers.pending() == CALLS);
        busy.countDown();

        assertThat(sends).hasSize(CALLS);
        assertThat(ok).hasValue(CALLS);
        assertEveryWindowWithinTheLimit();
        assertThat(sends.stream().filter(t -> t == 0L)).hasSize(LIMIT);
    }

    private ChatModel stampingChatModel() {
        return new ChatModel() {
            @Override
            public ChatResponse doChat(ChatRequest request) {
                sends.add(vts.now(TimeUnit.NANOSECONDS));
                return ChatResponse.builder().aiMessage(AiMessage.from("ok")).build();
            }
        };
    }

    private SwarmModel rateLimited(SwarmModel model) {
        return ResilientModel.wrap(
                model,
                ModelPolicy.builder().maxAttempts(1).requestsPerMinute(LIMIT).build(),
                timers,
                RetryListener.NONE);
    }

    private void subscribeAll(SwarmModel model) {
        for (int i = 0; i < CALLS; i++) {
            calls.add(model.chat(REQUEST).subscribe(r -> ok.incrementAndGet()));
        }
    }

    /** Advances virtual time one second at a time, each time once the calls have settled. */
    private void runForMinutes(int minutes, BooleanSupplier settled) {
        for (int s = 0; s < minutes * 60; s++) {
            await().pollDelay(Duration.ZERO)
                    .pollInterval(Duration.ofMillis(1))
                    .atMost(Duration.ofSeconds(20))
                    .until(settled::getAsBoolean);
            vts.advanceTimeBy(Duration.ofSeconds(1));
        }
        await().pollDelay(Duration.ZERO)
                .pollInterval(Duration.ofMillis(1))
                .atMost(Duration.ofSeconds(20))
                .until(settled::getAsBoolean);
    }

    private void assertEveryWindowWithinTheLimit() {
        List<Long> sorted;
        synchronized (sends) {
            sorted = new ArrayList<>(sends);
        }
        Collections.sort(sorted);
        // Every window [t, t + 60 s) that starts at a send: the most requests any 60 s window can hold.
        int j = 0;
        for (int i = 0; i < sorted.size(); i++) {
            while (j < sorted.size() && sorted.get(j) < sorted.get(i) + WINDOW) {
                j++;
            }
            assertThat(j - i)
                    .as("requests in the 60 s from %d ms", TimeUnit.NANOSECONDS.toMillis(sorted.get(i)))
                    .isLessThanOrEqualTo(LIMIT);
        }
    }

    /** A scheduler over the virtual one that counts its timed tasks still pending, and those a pool thread set. */
    static final class TimerCount implements Scheduler {
        private final VirtualTimeScheduler delegate;
        private final AtomicInteger pending = new AtomicInteger();
        private final AtomicInteger pendingOnPool = new AtomicInteger();

        TimerCount(VirtualTimeScheduler delegate) {
            this.delegate = delegate;
        }

        int pending() {
            return pending.get();
        }

        int pendingOnPoolThreads() {
            return pendingOnPool.get();
        }

        @Override
        public Disposable schedule(Runnable task) {
            return delegate.schedule(task);
        }

        @Override
        public Disposable schedule(Runnable task, long delay, TimeUnit unit) {
            boolean onPool = Thread.currentThread().getName().startsWith("swarm-blocking-wire");
            AtomicBoolean done = new AtomicBoolean();
            Runnable settle = () -> {
                if (done.compareAndSet(false, true)) {
                    pending.decrementAndGet();
                    if (onPool) {
                        pendingOnPool.decrementAndGet();
                    }
                }
            };
            pending.incrementAndGet();
            if (onPool) {
                pendingOnPool.incrementAndGet();
            }
            Disposable d = delegate.schedule(
                    () -> {
                        settle.run();
                        task.run();
                    },
                    delay,
                    unit);
            return () -> {
                settle.run();
                d.dispose();
            };
        }

        @Override
        public long now(TimeUnit unit) {
            return delegate.now(unit);
        }

        @Override
        public Worker createWorker() {
            return delegate.createWorker();
        }
    }
}

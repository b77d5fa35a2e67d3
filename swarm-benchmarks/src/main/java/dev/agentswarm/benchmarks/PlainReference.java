package dev.agentswarm.benchmarks;

import dev.agentswarm.model.SwarmModel;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The reference of the fast-model workload: the same N tasks of K sequential waits of L, with no swarm, no model
 * port, no events and no results, measured in the same harness run as the swarm rows.
 *
 * <ul>
 *   <li>On JDK 21+: plain virtual threads, one per task, each sleeping K times for L ({@code Thread.sleep}).
 *   <li>On JDK 17, which has no virtual threads: one timer chain per task on a scheduled pool with one thread per core
 *       (each wait schedules the next), the non-blocking equivalent.
 * </ul>
 *
 * <p>{@link #measureModelPort} measures the other end: the simulated model the swarm rows call, alone.
 *
 * <p>Each JVM first runs the reference a few times with no latency (and more until the collector has run a few
 * times: {@link CollectorWarmUp}) and a few times with the latency, at the measured size up to 10,000 tasks, as a
 * long-running service would be warm; the swarm's rows warm up at the same scales.
 */
final class PlainReference {

    private PlainReference() {}

    static String measure(int n, Duration latency, int k) throws InterruptedException {
        boolean virtual = Runtime.version().feature() >= 21;
        return measure(
                virtual ? "virtual-threads" : "scheduled-pool", n, latency, k, (m, l) -> once(m, l, k, virtual), true);
    }

    /**
     * The floor of the swarm's rows: the same N tasks of K calls made straight to the benchmarks' simulated model
     * ({@link FakeModel#nonBlocking} on Reactor's parallel scheduler, the model the swarm rows call), one chain of K
     * calls per task started from every core, with no swarm around them: what the model port and its timer cost on
     * their own.
     */
    static String measureModelPort(int n, Duration latency, int k) throws InterruptedException {
        return measureModelPort(n, latency, k, true);
    }

    /**
     * @param settleCollector whether the warm-up goes on until the collector has run a few times
     *     ({@link CollectorWarmUp}); a quick check of the measurement itself skips that
     */
    static String measureModelPort(int n, Duration latency, int k, boolean settleCollector)
            throws InterruptedException {
        return measure("model-port", n, latency, k, (m, l) -> modelPortOnce(m, l, k), settleCollector);
    }

    /** One timed run of {@code n} tasks at a latency; returns its makespan in ms. */
    private interface Run {
        double once(int n, Duration latency) throws InterruptedException;
    }

    private static String measure(String name, int n, Duration latency, int k, Run run, boolean settleCollector)
            throws InterruptedException {
        for (int i = 0; i < 5; i++) {
            run.once(Math.min(n, 10_000), Duration.ZERO);
        }
        if (settleCollector) {
            CollectorWarmUp.untilSettled(() -> run.once(Math.min(n, 10_000), Duration.ZERO));
        }
        for (int i = 0; i < 3; i++) {
            run.once(Math.min(n, 10_000), latency);
        }
        System.gc();
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP) {
                p.resetPeakUsage();
            }
        }
        double ms = run.once(n, latency);
        long peak = 0;
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP) {
                peak += p.getPeakUsage().getUsed();
            }
        }
        long bound = k * latency.toMillis();
        return String.format(
                Locale.ROOT,
                "reference=%s makespanMs=%.1f boundMs=%d ratio=%.4f peakHeapMB=%.1f",
                name,
                ms,
                bound,
                Ratios.overBound(ms, k, (double) latency.toMillis()),
                peak / 1048576.0);
    }

    private static double modelPortOnce(int n, Duration latency, int k) throws InterruptedException {
        SwarmModel model = new FakeModel(0, k, latency).nonBlocking(Schedulers.parallel());
        ChatRequest request =
                ChatRequest.builder().messages(UserMessage.from("item")).build();
        CountDownLatch done = new CountDownLatch(n);
        AtomicReference<@Nullable Throwable> failure = new AtomicReference<>();
        // The tasks start from every core, as a swarm's stage starts them (in one chunk per core).
        int cores = Runtime.getRuntime().availableProcessors();
        long t0 = System.nanoTime();
        for (int c = 0; c < cores; c++) {
            int from = (int) ((long) n * c / cores);
            int to = (int) ((long) n * (c + 1) / cores);
            var unused = Schedulers.parallel().schedule(() -> {
                for (int i = from; i < to; i++) {
                    Mono<ChatResponse> chain = model.chat(request);
                    for (int j = 1; j < k; j++) {
                        chain = chain.then(Mono.defer(() -> model.chat(request)));
                    }
                    chain.subscribe(
                            r -> {},
                            e -> {
                                failure.compareAndSet(null, e);
                                done.countDown();
                            },
                            done::countDown);
                }
            });
        }
        done.await();
        double ms = (System.nanoTime() - t0) / 1e6;
        Throwable e = failure.get();
        if (e != null) {
            throw new IllegalStateException("a model call failed", e);
        }
        return ms;
    }

    private static double once(int n, Duration latency, int k, boolean virtual) throws InterruptedException {
        CountDownLatch done = new CountDownLatch(n);
        long t0 = System.nanoTime();
        if (virtual) {
            ExecutorService vts = virtualThreadPerTask();
            try {
                for (int i = 0; i < n; i++) {
                    vts.execute(() -> {
                        try {
                            for (int c = 0; c < k; c++) {
                                Thread.sleep(latency.toMillis());
                            }
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            return;
                        }
                        done.countDown();
                    });
                }
                done.await();
            } finally {
                vts.shutdown();
            }
        } else {
            ScheduledExecutorService timer =
                    Executors.newScheduledThreadPool(Runtime.getRuntime().availableProcessors());
            try {
                for (int i = 0; i < n; i++) {
                    chain(timer, latency.toNanos(), k, done);
                }
                done.await();
            } finally {
                timer.shutdownNow();
            }
        }
        return (System.nanoTime() - t0) / 1e6;
    }

    private static void chain(ScheduledExecutorService timer, long nanos, int left, CountDownLatch done) {
        if (left == 0) {
            done.countDown();
            return;
        }
        // A failure would leave the latch open and the measurement would time out, which is the signal wanted.
        var unused = timer.schedule(() -> chain(timer, nanos, left - 1, done), nanos, TimeUnit.NANOSECONDS);
    }

    // Compiled for Java 17: the JDK 21 factory is looked up at run time.
    private static ExecutorService virtualThreadPerTask() {
        try {
            return (ExecutorService)
                    Executors.class.getMethod("newVirtualThreadPerTaskExecutor").invoke(null);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("virtual threads need JDK 21+", e);
        }
    }
}

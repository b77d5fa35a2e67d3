package dev.agentswarm.benchmarks;

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
 * <p>Each JVM first runs the reference a few times with no latency and a few times with the latency, at the measured
 * size up to 10,000 tasks, as a long-running service would be warm; the swarm's rows warm up at the same scales.
 */
final class PlainReference {

    private PlainReference() {}

    static String measure(int n, Duration latency, int k) throws InterruptedException {
        boolean virtual = Runtime.version().feature() >= 21;
        for (int i = 0; i < 5; i++) {
            once(Math.min(n, 10_000), Duration.ZERO, k, virtual);
        }
        for (int i = 0; i < 3; i++) {
            once(Math.min(n, 10_000), latency, k, virtual);
        }
        System.gc();
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP) {
                p.resetPeakUsage();
            }
        }
        double ms = once(n, latency, k, virtual);
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
                virtual ? "virtual-threads" : "scheduled-pool",
                ms,
                bound,
                Ratios.overBound(ms, k, (double) latency.toMillis()),
                peak / 1048576.0);
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

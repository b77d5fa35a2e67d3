package dev.agentswarm.benchmarks;

import java.time.Duration;
import java.util.Locale;
import reactor.core.scheduler.Schedulers;

/**
 * A quick, JMH-free loop over the zero-latency workload, for profiling the dispatch path under a sampling profiler
 * (JFR, or {@code jcmd <pid> Thread.print} in a loop). Usage: {@code DispatchProfile <n> <k> <rounds>}.
 */
public final class DispatchProfile {

    private DispatchProfile() {}

    /** @return bytes allocated so far by the live threads of this JVM */
    static long allocatedBytes() {
        var threads = java.lang.management.ManagementFactory.getThreadMXBean();
        if (threads instanceof com.sun.management.ThreadMXBean sun) {
            long sum = 0;
            for (long b : sun.getThreadAllocatedBytes(sun.getAllThreadIds())) {
                sum += Math.max(0, b);
            }
            return sum;
        }
        return 0;
    }

    /** @return the time spent in GC so far */
    static long gcMillis() {
        long sum = 0;
        for (var gc : java.lang.management.ManagementFactory.getGarbageCollectorMXBeans()) {
            sum += Math.max(0, gc.getCollectionTime());
        }
        return sum;
    }

    /** @return the CPU time this process has used, all threads together, GC included */
    static long cpuNanos() {
        var os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
            return sun.getProcessCpuTime();
        }
        return 0;
    }

    /**
     * @param args n, k, rounds
     */
    public static void main(String[] args) {
        int n = Integer.parseInt(args[0]);
        int k = Integer.parseInt(args[1]);
        int rounds = Integer.parseInt(args[2]);
        for (int r = 0; r < rounds; r++) {
            FakeModel fake = new FakeModel(n, k, Duration.ZERO);
            long a0 = allocatedBytes();
            long g0 = gcMillis();
            long c0 = cpuNanos();
            long t0 = System.nanoTime();
            var result = ForkedMeasurement.swarm(fake.nonBlocking(Schedulers.parallel()), n)
                    .execute("profile")
                    .block();
            long t1 = System.nanoTime();
            long c1 = cpuNanos();
            long g1 = gcMillis();
            long a1 = allocatedBytes();
            if (result == null || result.tasks().size() != n) {
                throw new IllegalStateException("incomplete run");
            }
            System.out.println(String.format(
                    Locale.ROOT,
                    "round %d: %.1f ms, %.2f us per task wall, %.2f us per task CPU, %.1f KB allocated per task, GC %d ms (%d model calls)",
                    r,
                    (t1 - t0) / 1e6,
                    (t1 - t0) / 1e3 / n,
                    (c1 - c0) / 1e3 / n,
                    (a1 - a0) / 1024.0 / n,
                    g1 - g0,
                    fake.calls()));
        }
    }
}

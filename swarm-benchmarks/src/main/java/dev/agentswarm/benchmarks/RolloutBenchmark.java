package dev.agentswarm.benchmarks;

import dev.agentswarm.eval.EvalTask;
import dev.agentswarm.eval.rollout.DatasetLine;
import dev.agentswarm.eval.rollout.EpisodeResult;
import dev.agentswarm.eval.rollout.RolloutProgress;
import dev.agentswarm.eval.rollout.RolloutRunner;
import dev.agentswarm.eval.rollout.RolloutTask;
import dev.agentswarm.eval.rollout.SimulatedPolicy;
import dev.agentswarm.policy.Limits;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import reactor.core.scheduler.Schedulers;

/**
 * The RL environment at scale: E concurrent episodes of W tasks each on the simulated policy (every call takes L on
 * {@code Schedulers.parallel()}), all on one shared swarm, with faithful trajectories recorded. Each episode is three
 * steps on its critical path (orchestrator turn, its W tasks in parallel, orchestrator answer), so with every episode
 * in flight the latency bound of the whole rollout is 3·L and its throughput bound E·W / 3·L tasks per second.
 * Reports throughput against that bound, peak heap (the sum of the heap pools' peaks) and the time to the first
 * completed episode. A zero-latency warm-up rollout runs first.
 *
 * <pre>java -Xmx4g -cp … dev.agentswarm.benchmarks.RolloutBenchmark [--episodes 1000] [--width 100]
 *      [--latency-ms 1000] [--out file.md]</pre>
 */
public final class RolloutBenchmark {

    private RolloutBenchmark() {}

    /**
     * @param args {@code --episodes E --width W --latency-ms L --out FILE}
     * @throws IOException if the output file cannot be written
     */
    public static void main(String[] args) throws IOException {
        int episodes = 1_000;
        int width = 100;
        int latencyMs = 1_000;
        Path out = null;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--episodes" -> episodes = Integer.parseInt(args[i + 1]);
                case "--width" -> width = Integer.parseInt(args[i + 1]);
                case "--latency-ms" -> latencyMs = Integer.parseInt(args[i + 1]);
                case "--out" -> out = Path.of(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        run(50, width, 0); // warm-up
        System.gc();
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            pool.resetPeakUsage();
        }
        long gcBefore = gcMillis();
        long cpuBefore = cpuNanos();
        Result r = run(episodes, width, latencyMs);
        long cpuMs = (cpuNanos() - cpuBefore) / 1_000_000;
        long gc = gcMillis() - gcBefore;
        long peakHeap = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peakHeap += pool.getPeakUsage().getUsed();
            }
        }
        long tasks = (long) episodes * width;
        double boundMs = 3.0 * latencyMs;
        double throughput = tasks * 1000.0 / r.makespanMs;
        double boundThroughput = latencyMs == 0 ? Double.NaN : tasks * 1000.0 / boundMs;
        String load = Files.readString(Path.of("/proc/loadavg"), StandardCharsets.UTF_8)
                .strip();
        String row = String.format(
                Locale.ROOT,
                "| %s | %,d | %,d | %,d | %d ms | %d ms | %.3f | %,.0f | %,.0f | %d ms | %,d | %.1f MB | %d ms | %,d ms | %s |",
                Runtime.version().feature(),
                episodes,
                width,
                tasks,
                r.makespanMs,
                (long) boundMs,
                r.makespanMs / boundMs,
                throughput,
                boundThroughput,
                r.progress.firstEpisodeDone() == null
                        ? -1
                        : r.progress.firstEpisodeDone().toMillis(),
                r.progress.peakTasksInFlight(),
                peakHeap / 1e6,
                gc,
                cpuMs,
                load.substring(0, Math.min(14, load.length())));
        String header =
                "| JDK | episodes | tasks/episode | tasks | makespan | bound 3·L | ratio | tasks/s | bound tasks/s "
                        + "| first episode | peak tasks in flight | peak heap | GC | process CPU | load |\n"
                        + "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|";
        String text = header + "\n" + row + "\n\ncompleted " + r.completed + "/" + episodes + ", trajectory turns "
                + r.turns + ", Xmx " + Runtime.getRuntime().maxMemory() / (1 << 20) + " MB\n";
        System.out.println(text);
        if (out != null) {
            Files.writeString(out, text, StandardCharsets.UTF_8);
        }
        if (r.completed != episodes) {
            throw new IllegalStateException("only " + r.completed + " of " + episodes + " episodes completed");
        }
    }

    private record Result(long makespanMs, RolloutProgress progress, int completed, long turns) {}

    private static Result run(int episodes, int width, int latencyMs) {
        Duration latency = Duration.ofMillis(latencyMs);
        RolloutRunner runner = RolloutRunner.builder()
                .policy(SimulatedPolicy.model(width, latency, latency, Schedulers.parallel()))
                .configure(b -> b.maxConcurrency(width).limits(new Limits(10, 10, 10, width)))
                .maxConcurrentEpisodes(episodes)
                .maxTasksInFlight(episodes * width)
                .build();
        List<DatasetLine> dataset = new ArrayList<>();
        dataset.add(new DatasetLine.Valid(RolloutTask.of(new EvalTask("bench", "Do the parts. answer: ok", "ok"))));
        AtomicInteger completed = new AtomicInteger();
        AtomicLong turns = new AtomicLong();
        long start = System.nanoTime();
        runner.run(dataset, episodes).doOnNext(e -> count(e, completed, turns)).blockLast();
        long makespan = (System.nanoTime() - start) / 1_000_000;
        return new Result(makespan, runner.progress(), completed.get(), turns.get());
    }

    private static void count(EpisodeResult e, AtomicInteger completed, AtomicLong turns) {
        if (e.ok() && e.tasks() > 0) {
            completed.incrementAndGet();
        }
        turns.addAndGet(e.turns());
    }

    private static long cpuNanos() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? os.getProcessCpuTime()
                : -1;
    }

    private static long gcMillis() {
        long sum = 0;
        for (var gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            sum += Math.max(0, gc.getCollectionTime());
        }
        return sum;
    }
}

package dev.agentswarm.benchmarks;

import dev.agentswarm.AgentSwarm;
import dev.agentswarm.eval.baseline.SingleAgentBaseline;
import dev.agentswarm.model.BlockingSchedulers;
import dev.agentswarm.model.SwarmModel;
import dev.agentswarm.policy.Budget;
import dev.agentswarm.policy.Limits;
import dev.agentswarm.report.RunStatus;
import dev.agentswarm.report.SwarmResult;
import dev.agentswarm.report.TaskStatus;
import dev.agentswarm.tool.AgentTool;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * One measurement in its own JVM, started by {@link MacroHarness}: prints one {@code RESULT} line of
 * {@code key=value} pairs. Usage: {@code ForkedMeasurement <kind> <n> <latencyMillis> [capSeconds]} with kind one of
 * {@code swarm}, {@code swarm-instant-orchestrator}, {@code swarm-blocking}, {@code swarm-blocking-instant-orchestrator},
 * {@code swarm-memory}, {@code plain} (the reference without a swarm: {@link PlainReference}), {@code model-port} (the
 * simulated model alone, the floor of the swarm rows), {@code agentic},
 * {@code widesearch}, {@code ratelimit}, {@code ordering}.
 */
public final class ForkedMeasurement {

    /** Sequential model calls per task. */
    public static final int K = 3;

    private ForkedMeasurement() {}

    /**
     * @param args kind, n, latency in ms, optional cap in seconds
     * @throws Exception if the run cannot be set up
     */
    public static void main(String[] args) throws Exception {
        String kind = args[0];
        int n = Integer.parseInt(args[1]);
        long latencyMillis = Long.parseLong(args[2]);
        long capSeconds = args.length > 3 ? Long.parseLong(args[3]) : 600;
        Duration latency = Duration.ofMillis(latencyMillis);
        String common = String.format(
                Locale.ROOT,
                "kind=%s n=%d L=%d jdk=%s vt=%s",
                kind,
                n,
                latencyMillis,
                Runtime.version().feature(),
                BlockingSchedulers.virtualThreadsAvailable());
        if (!kind.equals("plain") && !kind.equals("model-port")) {
            // The swarm rows warm up at the measured scale (up to 10,000 tasks), as the reference does, and through
            // the measured kind of model.
            warmUp(
                    latency,
                    kind.startsWith("swarm-blocking"),
                    kind.startsWith("swarm") && !kind.equals("swarm-memory") ? Math.min(n, 10_000) : 0);
        }
        switch (kind) {
            case "swarm", "swarm-instant-orchestrator", "swarm-blocking", "swarm-blocking-instant-orchestrator" -> {
                SwarmResult r = runSwarm(
                        n, latency, kind.startsWith("swarm-blocking"), kind.endsWith("instant-orchestrator"), null);
                System.out.println("RESULT " + common + " status=" + r.status() + " " + LAST.get());
            }
            case "swarm-memory" -> {
                long idle = liveHeap();
                long[] sample = new long[2];
                SwarmResult r = runSwarm(n, latency, false, false, fake -> {
                    // Once every task has made its first call (and none can have ended yet unless it answered),
                    // force a full GC and read the live heap.
                    while (fake.calls() < n + 1L) {
                        sleep(5);
                    }
                    long answered = fake.answers();
                    sample[0] = liveHeap();
                    sample[1] = n - answered;
                });
                System.out.println(String.format(
                        Locale.ROOT,
                        "RESULT %s status=%s idleHeapMB=%.1f inFlightHeapMB=%.1f " + "inFlight=%d bytesPerTask=%.0f",
                        common,
                        r.status(),
                        idle / 1048576.0,
                        sample[0] / 1048576.0,
                        sample[1],
                        Ratios.bytesPerTask(sample[0], idle, (int) sample[1])));
            }
            case "plain" -> System.out.println("RESULT " + common + " " + PlainReference.measure(n, latency, K));
            case "model-port" ->
                System.out.println("RESULT " + common + " " + PlainReference.measureModelPort(n, latency, K));
            case "agentic" -> System.out.println("RESULT " + common + " " + AgenticRun.run(n, latency, capSeconds));
            case "widesearch" -> System.out.println("RESULT " + common + " " + wideSearch(n, latency));
            case "ratelimit" ->
                System.out.println("RESULT " + common + " " + rateLimited(n, latency, (int) capSeconds));
            case "ordering" -> System.out.println("RESULT " + common + " " + ordering(n, latency));
            default -> throw new IllegalArgumentException("unknown scenario kind '" + kind + "'");
        }
        System.exit(0);
    }

    private static final java.util.concurrent.atomic.AtomicReference<String> LAST =
            new java.util.concurrent.atomic.AtomicReference<>("");

    /**
     * Zero-latency runs first (30,000 tasks, 90,000 model calls in all), then three zero-latency runs at the measured
     * scale when one is given (so that what only large stages do, such as starting a stage in chunks, is compiled
     * too), then three runs with the measured latency (so that the timer path is compiled too), at the measured scale
     * or 2,000 tasks. Zero-latency runs at the measured scale (or 2,000 tasks) go on until the collector has run a
     * few times ({@link CollectorWarmUp}). The reference warms up at the same scales. Every run goes through the
     * measured kind of model, blocking or not. So class loading, JIT compilation of the hot path and the collector's
     * sizing are not in the measurement, as in a long-running service.
     *
     * @param latency the measured latency
     * @param blocking whether the measured model is the blocking {@code ChatModel} adapter
     * @param scale the measured number of tasks, capped at 10,000, or 0 for no run at scale
     */
    private static void warmUp(Duration latency, boolean blocking, int scale) throws InterruptedException {
        for (int i = 0; i < 15; i++) {
            warmUpRun(2_000, Duration.ZERO, blocking);
        }
        CollectorWarmUp.untilSettled(() -> warmUpRun(Math.max(2_000, scale), Duration.ZERO, blocking));
        for (int i = 0; i < 3 && scale > 2_000; i++) {
            warmUpRun(scale, Duration.ZERO, blocking);
        }
        Duration l = latency.compareTo(Duration.ofMillis(100)) > 0 ? Duration.ofMillis(100) : latency;
        for (int i = 0; i < 3 && !l.isZero(); i++) {
            warmUpRun(Math.max(2_000, scale), l, blocking);
        }
        System.gc();
    }

    private static void warmUpRun(int n, Duration latency, boolean blocking) {
        FakeModel m = new FakeModel(n, K, latency, true);
        SwarmModel model = blocking ? SwarmModel.of("fake", m.blocking()) : m.nonBlocking(Schedulers.parallel());
        swarm(model, n).execute("warm-up").block();
    }

    static AgentSwarm swarm(SwarmModel model, int n) {
        return AgentSwarm.builder()
                .orchestratorModel(model)
                .subagentModel(model)
                .tools(AgentTool.reactive(FakeModel.toolSpecification(), call -> Mono.just("ok")))
                .limits(new Limits(10, 10, 10, Math.max(1, n)))
                .budget(Budget.builder().maxTasks(Math.max(1, n)).build())
                .maxConcurrency(Math.max(1, n))
                .build();
    }

    /**
     * Runs the overhead workload once.
     *
     * @param n tasks
     * @param latency per call
     * @param blocking whether the model is the blocking ChatModel adapter
     * @param instantOrchestrator whether the orchestrator's turns take no time (bound K · L instead of (2 + K) · L)
     * @param midRun started on a separate thread when the run starts, given the fake model to watch
     * @return the result; the measurement line is left in {@link #LAST}
     */
    static SwarmResult runSwarm(
            int n,
            Duration latency,
            boolean blocking,
            boolean instantOrchestrator,
            @Nullable Consumer<FakeModel> midRun) {
        FakeModel fake = new FakeModel(n, K, latency, instantOrchestrator);
        SwarmModel model = blocking ? SwarmModel.of("fake", fake.blocking()) : fake.nonBlocking(Schedulers.parallel());
        AgentSwarm swarm = swarm(model, n);
        resetPeaks();
        long gcBefore = gcMillis();
        Thread sampler = null;
        if (midRun != null) {
            sampler = new Thread(() -> midRun.accept(fake), "mid-run-sampler");
            sampler.setDaemon(true);
            sampler.start();
        }
        long t0 = System.nanoTime();
        SwarmResult r = swarm.execute("process " + n + " items").block();
        long t1 = System.nanoTime();
        if (r == null) {
            throw new IllegalStateException("no result");
        }
        long completed = r.tasks().stream()
                .filter(t -> t.status() == TaskStatus.COMPLETED)
                .count();
        if (r.status() != RunStatus.COMPLETED || completed != n) {
            throw new IllegalStateException("run did not complete: " + r.status() + " " + r.reason() + ", " + completed
                    + "/" + n + " tasks completed");
        }
        double ms = (t1 - t0) / 1e6;
        int latencySteps = instantOrchestrator ? K : r.criticalSteps();
        LAST.set(String.format(
                Locale.ROOT,
                "makespanMs=%.1f criticalSteps=%d boundMs=%d ratio=%.4f peakHeapMB=%.1f "
                        + "gcMs=%d calls=%d peakConcurrency=%d waves=%s",
                ms,
                r.criticalSteps(),
                latencySteps * latency.toMillis(),
                Ratios.overBound(ms, latencySteps, (double) latency.toMillis()),
                peakHeap() / 1048576.0,
                gcMillis() - gcBefore,
                fake.calls(),
                r.report().peakConcurrency(),
                fake.waves(t0)));
        return r;
    }

    /**
     * Swarm against single agent: n items, each needing K sequential calls in a swarm task; the single agent does
     * the same items serially, K - 1 tool turns per item, then one answer.
     */
    private static String wideSearch(int items, Duration latency) {
        runSwarm(items, latency, false, false, null);
        String swarmLine = Objects.requireNonNull(LAST.get(), "runSwarm leaves its measurement line");
        double swarmMs = Double.parseDouble(field(swarmLine, "makespanMs"));
        int swarmSteps = Integer.parseInt(field(swarmLine, "criticalSteps"));
        FakeModel single = new FakeModel(0, (K - 1) * items + 1, latency);
        SingleAgentBaseline baseline = SingleAgentBaseline.builder()
                .model(single.nonBlocking(Schedulers.parallel()))
                .tools(AgentTool.reactive(FakeModel.toolSpecification(), call -> Mono.just("ok")))
                .maxSteps(10 * items + 10)
                .build();
        long t0 = System.nanoTime();
        SwarmResult b = baseline.execute("process " + items + " items").block();
        double singleMs = (System.nanoTime() - t0) / 1e6;
        if (b == null || b.status() != RunStatus.COMPLETED) {
            throw new IllegalStateException("baseline did not complete");
        }
        int singleSteps = b.criticalSteps();
        double wall = singleMs / swarmMs;
        double steps = (double) singleSteps / swarmSteps;
        return String.format(
                Locale.ROOT,
                "swarmMs=%.1f swarmSteps=%d singleMs=%.1f singleSteps=%d wallSpeedup=%.3f "
                        + "stepSpeedup=%.3f realised=%.4f",
                swarmMs,
                swarmSteps,
                singleMs,
                singleSteps,
                wall,
                steps,
                Ratios.realisedFraction(singleMs, swarmMs, singleSteps, swarmSteps));
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * n tasks of K calls under a limit of {@code rpm} requests per minute on the subagents' model (the orchestrator
     * has its own, unlimited model name): makespan against the quota bound T / R, T = n · K, and against the bound of
     * the sliding-window limiter, (ceil(T / R) - 1) minutes plus three latencies (first orchestrator turn, the last
     * request, the final turn): a lower bound.
     */
    private static String rateLimited(int n, Duration latency, int rpm) {
        FakeModel fake = new FakeModel(n, K, latency);
        SwarmModel sub = fake.nonBlocking(Schedulers.parallel());
        SwarmModel orch = SwarmModel.of("orchestrator", sub::chat);
        AgentSwarm swarm = AgentSwarm.builder()
                .orchestratorModel(orch)
                .subagentModel(sub)
                .tools(AgentTool.reactive(FakeModel.toolSpecification(), call -> Mono.just("ok")))
                .limits(new Limits(10, 10, 10, n))
                .budget(Budget.builder().maxTasks(n).build())
                .maxConcurrency(n)
                .modelPolicy(
                        sub.name(),
                        dev.agentswarm.resilience.ModelPolicy.builder()
                                .requestsPerMinute(rpm)
                                .build())
                .build();
        long t0 = System.nanoTime();
        SwarmResult r = swarm.execute("process " + n + " items").block();
        double ms = (System.nanoTime() - t0) / 1e6;
        if (r == null || r.status() != RunStatus.COMPLETED || r.tasks().size() != n) {
            throw new IllegalStateException("rate-limited run did not complete");
        }
        long total = (long) n * K;
        double quotaMs = total * 60_000.0 / rpm;
        // The last window's first request cannot start before (ceil(T/R) - 1) minutes after the first request, which
        // itself waits for the orchestrator's first turn; it then takes one call, and the final turn follows.
        double windowMs = (Math.ceil((double) total / rpm) - 1) * 60_000.0 + 3 * latency.toMillis();
        return String.format(
                Locale.ROOT,
                "makespanMs=%.1f requests=%d rpm=%d quotaBoundMs=%.0f ratioQuota=%.4f "
                        + "windowBoundMs=%.0f ratioWindow=%.4f",
                ms,
                total,
                rpm,
                quotaMs,
                ms / quotaMs,
                windowMs,
                ms / windowMs);
    }

    /**
     * A skewed mix under a concurrency cap: n tasks, the last one 10 times slower, maxConcurrency = 4; FIFO against
     * longest-expected-first (the hint names the slow task), each in a fresh swarm, in the same JVM.
     */
    private static String ordering(int n, Duration latency) {
        double[] ms = new double[2];
        dev.agentswarm.policy.TaskOrdering[] orders = {
            dev.agentswarm.policy.TaskOrdering.FIFO, dev.agentswarm.policy.TaskOrdering.LONGEST_EXPECTED_FIRST
        };
        for (int i = 0; i < 2; i++) {
            FakeModel fake = new FakeModel(n, K, latency).slowLastTask(10);
            AgentSwarm swarm = AgentSwarm.builder()
                    .orchestratorModel(fake.nonBlocking(Schedulers.parallel()))
                    .tools(AgentTool.reactive(FakeModel.toolSpecification(), call -> Mono.just("ok")))
                    .limits(new Limits(10, 10, 10, n))
                    .budget(Budget.builder().maxTasks(n).build())
                    .maxConcurrency(4)
                    .taskOrdering(orders[i])
                    .taskDurationHint((agent, prompt) ->
                            fake.isSlow(prompt) ? latency.multipliedBy(10L * K) : latency.multipliedBy(K))
                    .build();
            long t0 = System.nanoTime();
            SwarmResult r = swarm.execute("process " + n + " items").block();
            ms[i] = (System.nanoTime() - t0) / 1e6;
            if (r == null || r.status() != RunStatus.COMPLETED) {
                throw new IllegalStateException("ordering run did not complete");
            }
        }
        return String.format(
                Locale.ROOT, "fifoMs=%.1f longestFirstMs=%.1f fifoOverLongestFirst=%.3f", ms[0], ms[1], ms[0] / ms[1]);
    }

    static String field(String line, String key) {
        for (String kv : line.split(" ")) {
            if (kv.startsWith(key + "=")) {
                return kv.substring(key.length() + 1);
            }
        }
        throw new IllegalArgumentException("no " + key + " in " + line);
    }

    private static long liveHeap() {
        System.gc();
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static void resetPeaks() {
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP) {
                p.resetPeakUsage();
            }
        }
    }

    private static long peakHeap() {
        long sum = 0;
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP) {
                sum += p.getPeakUsage().getUsed();
            }
        }
        return sum;
    }

    private static long gcMillis() {
        long sum = 0;
        for (var gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            sum += Math.max(0, gc.getCollectionTime());
        }
        return sum;
    }
}

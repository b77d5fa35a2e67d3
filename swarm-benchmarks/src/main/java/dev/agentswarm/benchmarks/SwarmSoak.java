package dev.agentswarm.benchmarks;

import com.sun.management.HotSpotDiagnosticMXBean;
import dev.agentswarm.AgentSwarm;
import dev.agentswarm.SwarmRun;
import dev.agentswarm.model.SwarmModel;
import dev.agentswarm.report.RunStatus;
import dev.agentswarm.report.SwarmResult;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.TokenUsage;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import javax.management.JMException;
import javax.management.ObjectName;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The long-lived swarm, measured: one {@link AgentSwarm} instance for the whole process, as a service holds it.
 *
 * <ul>
 *   <li><b>soak</b>: sequential runs, each defining a subagent of a name never seen before and giving it one task, on
 *       an instantaneous fake model. Heap after GC (the least of eight full collections) and live threads (every
 *       live Java thread of the JVM) are sampled every fifth of the runs and printed at the end; the state a swarm
 *       keeps between runs is bounded, so the heap must not grow with the runs. With
 *       {@code -Dswarm.soak.histogram=<dir>} it also writes a class histogram and a heap dump of the live heap at
 *       every sample (and before the first run) and prints the classes that changed most between samples.</li>
 *   <li><b>fairness</b>: 1,000 runs started at once on one swarm with {@code maxTasksInFlight(256)}: 10 wide runs of
 *       100 tasks and 990 small runs of 1 task, every task 500 ms on a non-blocking fake model. The most tasks in flight
 *       at the model (never above the cap) and the spread of the small runs' completion times are reported.</li>
 * </ul>
 *
 * <p>Run: {@code java -cp <swarm-benchmarks classpath> dev.agentswarm.benchmarks.SwarmSoak [soakRuns]} (see
 * {@code docs/benchmarks.md}).
 */
public final class SwarmSoak {

    /**
     * Opt-in: a directory; at every sample a class histogram of the live heap (as {@code jmap -histo:live} would print
     * it) and a dump of the live heap are written there, and after the soak the classes that changed most between
     * samples are printed.
     */
    static final String HISTOGRAM_PROPERTY = "swarm.soak.histogram";

    private SwarmSoak() {}

    /**
     * Runs the soak and the fairness measurement and prints their numbers.
     *
     * @param args optionally the number of soak runs (default 50,000; 0 runs the fairness measurement alone); the heap
     *     is sampled every fifth of them
     * @throws InterruptedException if interrupted while it settles the heap
     * @throws IOException if a class histogram (opt-in) cannot be written or read
     */
    public static void main(String[] args) throws InterruptedException, IOException {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 50_000;
        if (runs > 0) {
            soak(runs);
        }
        fairness();
    }

    private static void soak(int runs) throws InterruptedException, IOException {
        AgentSwarm swarm = AgentSwarm.builder()
                .orchestratorModel(SwarmModel.of("soak", SwarmSoak::instant))
                .build();
        ThreadMXBean threadBean = ManagementFactory.getThreadMXBean();
        int sample = Math.max(1, runs / 5);
        int samples = runs / sample;
        // The samples go into arrays made up front and are printed at the end: nothing the measurement itself loads
        // or caches (the formatter's classes, an MBean server) lands between two samples.
        int[] sampleRuns = new int[samples];
        long[] heap = new long[samples];
        int[] threads = new int[samples];
        String histogramDir = System.getProperty(HISTOGRAM_PROPERTY);
        if (histogramDir != null) {
            // The first histogram and dump load the management machinery; taken before the first run, they keep
            // it out of the growth between samples.
            writeHistogram(histogramDir, 0);
        }
        long start = System.nanoTime();
        for (int i = 1, s = 0; i <= runs; i++) {
            SwarmResult r = swarm.run("r" + i + " 1 agent" + i);
            if (r.status() != RunStatus.COMPLETED) {
                throw new IllegalStateException("run " + i + " ended " + r.status() + ": " + r.reason());
            }
            if (i % sample == 0 && s < samples) {
                sampleRuns[s] = i;
                heap[s] = heapAfterGc();
                threads[s] = threadBean.getThreadCount();
                if (histogramDir != null) {
                    writeHistogram(histogramDir, i);
                }
                s++;
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        swarm.close();
        System.out.printf(
                Locale.ROOT,
                "soak: %d sequential runs, a new subagent name each, %.1f s (%.0f runs/s)%n",
                runs,
                seconds,
                runs / seconds);
        for (int s = 0; s < samples; s++) {
            System.out.printf(
                    Locale.ROOT,
                    "soak: after %6d runs heap after GC %,d KiB (%+.2f %% from %d runs), %d live threads%n",
                    sampleRuns[s],
                    heap[s] / 1024,
                    100.0 * (heap[s] - heap[0]) / heap[0],
                    sampleRuns[0],
                    threads[s]);
        }
        long grownFirstHalf = samples > 1 ? heap[1] - heap[0] : 0;
        System.out.printf(
                Locale.ROOT,
                "soak: heap after GC from %d to %d runs: %+.2f %% (%+d KiB; %+d KiB of it in the first interval); "
                        + "live threads %d to %d%n",
                sampleRuns[0],
                sampleRuns[samples - 1],
                100.0 * (heap[samples - 1] - heap[0]) / heap[0],
                (heap[samples - 1] - heap[0]) / 1024,
                grownFirstHalf / 1024,
                threads[0],
                threads[samples - 1]);
        if (histogramDir != null) {
            int previous = 0;
            for (int s = 0; s < samples; s++) {
                printGrowth(
                        parseHistogram(Files.readString(histogramFile(histogramDir, previous))),
                        parseHistogram(Files.readString(histogramFile(histogramDir, sampleRuns[s]))),
                        previous,
                        sampleRuns[s]);
                previous = sampleRuns[s];
            }
        }
    }

    /** Writes a class histogram and a dump of the live heap; neither is kept in memory. */
    private static void writeHistogram(String dir, int runs) throws IOException {
        Files.writeString(histogramFile(dir, runs), classHistogram());
        Path dump = histogramFile(dir, runs).resolveSibling("heap-" + runs + ".hprof");
        Files.deleteIfExists(dump);
        ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class).dumpHeap(dump.toString(), true);
    }

    private static void fairness() {
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger maxInFlight = new AtomicInteger();
        SwarmModel model = SwarmModel.of("fair", request -> {
            if (isOrchestrator(request)) {
                return instant(request);
            }
            return Mono.defer(() -> {
                maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
                // A call stops counting the moment its response is there, before the caller reacts to it.
                java.util.concurrent.atomic.AtomicBoolean done = new java.util.concurrent.atomic.AtomicBoolean();
                Runnable end = () -> {
                    if (done.compareAndSet(false, true)) {
                        inFlight.decrementAndGet();
                    }
                };
                return Mono.delay(Duration.ofMillis(500), Schedulers.parallel())
                        .map(x -> reply(AiMessage.from("ok")))
                        .doOnSuccess(r -> end.run())
                        .doOnError(e -> end.run())
                        .doOnCancel(end);
            });
        });
        AgentSwarm swarm = AgentSwarm.builder()
                .orchestratorModel(model)
                .maxTasksInFlight(256)
                .build();
        List<SwarmRun> wide = new ArrayList<>();
        List<SwarmRun> small = new ArrayList<>();
        long start = System.nanoTime();
        for (int i = 0; i < 1_000; i++) {
            if (i % 100 == 0) {
                wide.add(swarm.start("w" + i + " 100"));
            } else {
                small.add(swarm.start("s" + i + " 1"));
            }
        }
        double[] smallMillis = new double[small.size()];
        for (int i = 0; i < small.size(); i++) {
            SwarmResult r = small.get(i).result().block(Duration.ofMinutes(5));
            if (r == null || r.status() != RunStatus.COMPLETED) {
                throw new IllegalStateException("small run " + i + " did not complete");
            }
            smallMillis[i] = r.report().wallTime().toNanos() / 1e6;
        }
        double wideMax = 0;
        for (SwarmRun w : wide) {
            SwarmResult r = w.result().block(Duration.ofMinutes(5));
            if (r == null || r.status() != RunStatus.COMPLETED) {
                throw new IllegalStateException("wide run did not complete");
            }
            wideMax = Math.max(wideMax, r.report().wallTime().toNanos() / 1e6);
        }
        double all = (System.nanoTime() - start) / 1e6;
        Arrays.sort(smallMillis);
        System.out.printf(
                Locale.ROOT,
                "fairness: 1,000 concurrent runs (10 x 100 tasks, 990 x 1 task, 500 ms each), maxTasksInFlight 256: "
                        + "most tasks in flight %d, all done in %.0f ms%n"
                        + "fairness: small runs' wall time min %.0f ms, p50 %.0f, p95 %.0f, max %.0f (spread max-min %.0f ms); "
                        + "wide runs' max %.0f ms%n",
                maxInFlight.get(),
                all,
                smallMillis[0],
                smallMillis[smallMillis.length / 2],
                smallMillis[(int) (smallMillis.length * 0.95)],
                smallMillis[smallMillis.length - 1],
                smallMillis[smallMillis.length - 1] - smallMillis[0],
                wideMax);
        if (maxInFlight.get() > 256) {
            throw new IllegalStateException("the cap was exceeded: " + maxInFlight.get());
        }
        swarm.close();
    }

    private static long heapAfterGc() throws InterruptedException {
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 8; i++) {
            System.gc();
            Thread.sleep(100);
            used = Math.min(
                    used,
                    ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        }
        return used;
    }

    private static Path histogramFile(String dir, int runs) throws IOException {
        Path d = Path.of(dir);
        Files.createDirectories(d);
        return d.resolve("histo-" + runs + ".txt");
    }

    /**
     * The live objects per class, as {@code jmap -histo:live} prints them: the {@code GC.class_histogram} diagnostic
     * command, which collects first. Only with {@code -Dswarm.soak.histogram=<dir>}.
     */
    private static String classHistogram() {
        try {
            Object out = ManagementFactory.getPlatformMBeanServer()
                    .invoke(
                            new ObjectName("com.sun.management:type=DiagnosticCommand"),
                            "gcClassHistogram",
                            new Object[] {null},
                            new String[] {String[].class.getName()});
            return String.valueOf(out);
        } catch (JMException e) {
            throw new IllegalStateException("the class histogram is not available in this JVM: " + e, e);
        }
    }

    /** Class name to {instances, bytes}, from a class histogram's text. */
    private static Map<String, long[]> parseHistogram(String text) {
        Map<String, long[]> classes = new HashMap<>();
        for (String line : text.split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length >= 4 && f[0].endsWith(":")) {
                classes.put(f[3], new long[] {Long.parseLong(f[1]), Long.parseLong(f[2])});
            }
        }
        return classes;
    }

    /** Prints the classes whose live bytes changed most between two histograms. */
    private static void printGrowth(Map<String, long[]> before, Map<String, long[]> after, int from, int to) {
        Map<String, long[]> delta = new HashMap<>();
        for (var e : after.entrySet()) {
            long[] b = before.getOrDefault(e.getKey(), new long[2]);
            delta.put(e.getKey(), new long[] {e.getValue()[0] - b[0], e.getValue()[1] - b[1]});
        }
        for (var e : before.entrySet()) {
            if (!after.containsKey(e.getKey())) {
                delta.put(e.getKey(), new long[] {-e.getValue()[0], -e.getValue()[1]});
            }
        }
        long total = 0;
        for (long[] d : delta.values()) {
            total += d[1];
        }
        System.out.printf(
                Locale.ROOT, "histogram: live bytes %+d between %d and %d runs; most changed:%n", total, from, to);
        delta.entrySet().stream()
                .filter(e -> e.getValue()[1] != 0)
                .sorted((x, y) -> Long.compare(Math.abs(y.getValue()[1]), Math.abs(x.getValue()[1])))
                .limit(25)
                .forEach(e -> System.out.printf(
                        Locale.ROOT,
                        "histogram:   %+9d B %+7d instances  %s%n",
                        e.getValue()[1],
                        e.getValue()[0],
                        e.getKey()));
    }

    /** The orchestrator: task {@code "<label> <n> [agent]"} assigns n tasks to a new agent, then answers. */
    private static Mono<ChatResponse> instant(ChatRequest request) {
        if (!isOrchestrator(request)) {
            return Mono.just(reply(AiMessage.from("ok")));
        }
        for (ChatMessage m : request.messages()) {
            if (m instanceof AiMessage) {
                return Mono.just(reply(AiMessage.from("done")));
            }
        }
        String task = "";
        for (ChatMessage m : request.messages()) {
            if (m instanceof UserMessage u) {
                task = u.singleText();
            }
        }
        String[] parts = task.split(" ");
        String agent = parts.length > 2 ? parts[2] : "w";
        List<ToolExecutionRequest> calls = new ArrayList<>();
        calls.add(ToolExecutionRequest.builder()
                .id("c0")
                .name("create_subagent")
                .arguments("{\"name\":\"" + agent + "\",\"system_prompt\":\"You work.\"}")
                .build());
        int n = Integer.parseInt(parts[1]);
        for (int i = 0; i < n; i++) {
            calls.add(ToolExecutionRequest.builder()
                    .id("c" + (i + 1))
                    .name("assign_task")
                    .arguments("{\"agent\":\"" + agent + "\",\"prompt\":\"" + parts[0] + "-" + i + "\"}")
                    .build());
        }
        return Mono.just(reply(AiMessage.from(calls)));
    }

    private static boolean isOrchestrator(ChatRequest request) {
        for (ToolSpecification s : request.toolSpecifications()) {
            if ("assign_task".equals(s.name())) {
                return true;
            }
        }
        return false;
    }

    private static ChatResponse reply(AiMessage message) {
        return ChatResponse.builder()
                .aiMessage(message)
                .tokenUsage(new TokenUsage(10, 5))
                .build();
    }
}

package dev.agentswarm.benchmarks;

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
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The long-lived swarm, measured: one {@link AgentSwarm} instance for the whole process, as a service holds it.
 *
 * <ul>
 *   <li><b>soak</b>: sequential runs, each defining a subagent of a name never seen before and giving it one task, on
 *       an instantaneous fake model. Heap after GC and live threads are sampled at 10,000 runs and at the end; the
 *       state a swarm keeps between runs is bounded, so the heap must not grow with the runs.</li>
 *   <li><b>fairness</b>: 1,000 runs started at once on one swarm with {@code maxTasksInFlight(256)}: 10 wide runs of
 *       100 tasks and 990 small runs of 1 task, every task 500 ms on a non-blocking fake model. The most tasks in flight
 *       at the model (never above the cap) and the spread of the small runs' completion times are reported.</li>
 * </ul>
 *
 * <p>Run: {@code java -cp <swarm-benchmarks classpath> dev.agentswarm.benchmarks.SwarmSoak [soakRuns]} (see
 * {@code docs/benchmarks.md}).
 */
public final class SwarmSoak {

    private SwarmSoak() {}

    /**
     * Runs the soak and the fairness measurement and prints their numbers.
     *
     * @param args optionally the number of soak runs (default 50,000; 0 runs the fairness measurement alone); the heap
     *     is sampled every fifth of them
     * @throws InterruptedException if interrupted while it settles the heap
     */
    public static void main(String[] args) throws InterruptedException {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 50_000;
        if (runs > 0) {
            soak(runs);
        }
        fairness();
    }

    private static void soak(int runs) throws InterruptedException {
        AgentSwarm swarm = AgentSwarm.builder()
                .orchestratorModel(SwarmModel.of("soak", SwarmSoak::instant))
                .build();
        int sample = runs / 5;
        long heapAtSample = 0;
        int threadsAtSample = 0;
        long start = System.nanoTime();
        for (int i = 1; i <= runs; i++) {
            SwarmResult r = swarm.run("r" + i + " 1 agent" + i);
            if (r.status() != RunStatus.COMPLETED) {
                throw new IllegalStateException("run " + i + " ended " + r.status() + ": " + r.reason());
            }
            if (i == sample) {
                heapAtSample = heapAfterGc();
                threadsAtSample = Thread.activeCount();
            }
            if (i % sample == 0) {
                System.out.printf(
                        Locale.ROOT,
                        "soak: after %d runs heap after GC %d KiB, %d live threads%n",
                        i,
                        heapAfterGc() / 1024,
                        Thread.activeCount());
            }
        }
        long heapAtEnd = heapAfterGc();
        int threadsAtEnd = Thread.activeCount();
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf(
                Locale.ROOT,
                "soak: %d sequential runs, a new subagent name each, %.1f s (%.0f runs/s)%n"
                        + "soak: heap after GC at %d runs %d KiB, at %d runs %d KiB: growth %+.2f %%%n"
                        + "soak: live threads at %d runs %d, at %d runs %d%n",
                runs,
                seconds,
                runs / seconds,
                sample,
                heapAtSample / 1024,
                runs,
                heapAtEnd / 1024,
                100.0 * (heapAtEnd - heapAtSample) / heapAtSample,
                sample,
                threadsAtSample,
                runs,
                threadsAtEnd);
        swarm.close();
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

package dev.agentswarm.temporal;

import dev.agentswarm.AgentSwarm;
import dev.agentswarm.model.SwarmModel;
import dev.agentswarm.policy.Limits;
import dev.agentswarm.report.RunStatus;
import dev.agentswarm.report.SwarmResult;
import dev.agentswarm.report.TaskStatus;
import dev.agentswarm.resilience.ModelPolicy;
import dev.agentswarm.temporal.workflow.ActivitySettings;
import dev.agentswarm.temporal.workflow.ShardSettings;
import dev.agentswarm.test.Replies;
import dev.agentswarm.tool.AgentTool;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.TokenUsage;
import io.temporal.client.WorkflowClient;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import io.temporal.worker.WorkerOptions;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import reactor.core.publisher.Mono;

/**
 * The Temporal benchmark (issue 19): one stage of {@code --tasks} tasks of 3 model calls of {@code --latency-ms} each
 * (and 2 instant tool calls between them), on Temporal's standalone test server on a loopback port, with the workers
 * in 1 and then 2 JVMs ({@code --workers 1,2}). Prints one row per worker count: makespan, the bound (the critical
 * steps times the call latency), their ratio, tasks per second, and the run's history length.
 *
 * <pre>{@code
 * swarm-benchmarks/bench.sh temporal [--tasks 10000] [--latency-ms 1000] [--workers 1,2]
 * }</pre>
 *
 * <p>As a worker: {@code worker <target> <latencyMs> <tasks>}.
 */
public final class TemporalBenchmarkMain {

    private static final String QUEUE = "bench";

    private TemporalBenchmarkMain() {}

    /**
     * @param args the options, or the worker's arguments
     * @throws Exception if the benchmark fails
     */
    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("worker")) {
            worker(args[1], Long.parseLong(args[2]), Integer.parseInt(args[3]));
            return;
        }
        int tasks = 10_000;
        long latency = 1_000;
        List<Integer> workers = List.of(1, 2);
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--tasks" -> tasks = Integer.parseInt(args[i + 1]);
                case "--latency-ms" -> latency = Long.parseLong(args[i + 1]);
                case "--workers" ->
                    workers = java.util.Arrays.stream(args[i + 1].split(","))
                            .map(Integer::parseInt)
                            .toList();
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        System.out.printf(
                Locale.ROOT,
                "| worker JVMs | tasks | model calls | makespan (s) | bound (s) | makespan / bound | tasks/s | run history"
                        + " (events) | shards | load before |%n|---|---|---|---|---|---|---|---|---|---|%n");
        for (int w : workers) {
            row(tasks, latency, w);
        }
    }

    private static void row(int tasks, long latency, int workers) throws Exception {
        Path dir = Files.createDirectories(Path.of("target", "temporal-bench"));
        List<Process> processes = new ArrayList<>();
        try {
            int port = freePort();
            String target = "127.0.0.1:" + port;
            processes.add(start(dir.resolve("server.out"), "-Xmx2g", "io.temporal.testserver.TestServer", "" + port));
            long until = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            while (!listening(port) && System.nanoTime() < until) {
                Thread.sleep(200);
            }
            for (int i = 0; i < workers; i++) {
                processes.add(start(
                        dir.resolve("worker-" + i + ".out"),
                        "-Xmx1500m",
                        TemporalBenchmarkMain.class.getName(),
                        "worker",
                        target,
                        "" + latency,
                        "" + tasks));
            }
            WorkflowServiceStubs service = WorkflowServiceStubs.newConnectedServiceStubs(
                    WorkflowServiceStubsOptions.newBuilder().setTarget(target).build(), Duration.ofSeconds(60));
            WorkflowClient client = WorkflowClient.newInstance(service);
            double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
            String runId = "bench-" + workers;
            long t0 = System.nanoTime();
            TemporalSwarmRun run = TemporalSwarm.of(client, QUEUE, "bench").start("items", runId);
            SwarmResult r = run.resultAsync().get(60, java.util.concurrent.TimeUnit.MINUTES);
            double seconds = (System.nanoTime() - t0) / 1e9;
            long completed = r.tasks().stream()
                    .filter(t -> t.status() == TaskStatus.COMPLETED)
                    .count();
            if (r.status() != RunStatus.COMPLETED || completed != tasks) {
                throw new IllegalStateException("the run ended " + r.status() + " (" + r.reason() + ") with "
                        + completed + " of " + tasks + " tasks completed");
            }
            var history = client.fetchHistory(runId).getHistory().getEventsList();
            long shards = history.stream()
                    .filter(e -> e.hasStartChildWorkflowExecutionInitiatedEventAttributes())
                    .count();
            double bound = r.criticalSteps() * latency / 1000.0;
            System.out.printf(
                    Locale.ROOT,
                    "| %d | %,d | %,d | %.1f | %.1f (%d critical steps × %d ms) | %.1f | %.1f | %,d | %d | %.2f |%n",
                    workers,
                    tasks,
                    tasks * 3L + 2,
                    seconds,
                    bound,
                    r.criticalSteps(),
                    latency,
                    seconds / bound,
                    tasks / seconds,
                    history.size(),
                    shards,
                    load);
            service.shutdownNow();
        } finally {
            for (Process p : processes) {
                p.destroyForcibly();
                p.waitFor();
            }
        }
    }

    /** A worker JVM: the run workflow, its shards and the calls, until killed. */
    private static void worker(String target, long latency, int tasks) throws InterruptedException {
        WorkflowServiceStubs service = WorkflowServiceStubs.newServiceStubs(
                WorkflowServiceStubsOptions.newBuilder().setTarget(target).build());
        WorkerFactory factory = WorkerFactory.newInstance(WorkflowClient.newInstance(service));
        Worker worker = factory.newWorker(
                QUEUE,
                WorkerOptions.newBuilder()
                        // Each call holds an activity thread for its latency.
                        .setMaxConcurrentActivityExecutionSize(2_000)
                        .setMaxConcurrentActivityTaskPollers(16)
                        .setMaxConcurrentWorkflowTaskPollers(4)
                        // Recording 1,000 tasks' outcomes is one workflow task of more than the default 1 s here.
                        .setDefaultDeadlockDetectionTimeout(60_000)
                        .build());
        TemporalSwarmWorkers.register(
                worker,
                Map.of("bench", new BenchSwarm(tasks, Duration.ofMillis(latency))),
                new ActivitySettings(Duration.ofMinutes(5), Duration.ofMinutes(5), Duration.ofMinutes(1), 5),
                ShardSettings.DEFAULTS);
        factory.start();
        new CountDownLatch(1).await();
    }

    /** One stage of {@code tasks} tasks; each task makes 3 model calls (2 of them ask for the instant echo tool). */
    static final class BenchSwarm implements SwarmDefinition {
        private final int tasks;
        private final Duration latency;

        BenchSwarm(int tasks, Duration latency) {
            this.tasks = tasks;
            this.latency = latency;
        }

        @Override
        public SwarmModel orchestratorModel() {
            return SwarmModel.of(
                    "bench",
                    request -> Mono.delay(latency)
                            .map(x -> ChatResponse.builder()
                                    .aiMessage(reply(request))
                                    .tokenUsage(new TokenUsage(10, 5))
                                    .build()));
        }

        @Override
        public List<AgentTool> tools() {
            return List.of(AgentTool.reactive(
                    ToolSpecification.builder()
                            .name("echo")
                            .description("Echoes its text")
                            .parameters(JsonObjectSchema.builder()
                                    .addStringProperty("text")
                                    .required("text")
                                    .build())
                            .build(),
                    call -> Mono.just("echo " + call.arguments())));
        }

        @Override
        public void configure(AgentSwarm.Builder b) {
            b.maxConcurrency(tasks)
                    .limits(Limits.builder().maxTasksPerStage(tasks).build())
                    .defaultModelPolicy(ModelPolicy.NONE);
        }

        private AiMessage reply(ChatRequest request) {
            List<ChatMessage> messages = request.messages();
            long turns = messages.stream().filter(m -> m instanceof AiMessage).count();
            if (request.toolSpecifications().stream().anyMatch(t -> t.name().equals("assign_task"))) {
                if (turns == 0) {
                    List<ToolExecutionRequest> calls = new ArrayList<>();
                    calls.add(Replies.createSubagent("worker", "You do one item."));
                    for (int i = 0; i < tasks; i++) {
                        calls.add(Replies.assignTask("worker", "item " + i));
                    }
                    return AiMessage.from(calls);
                }
                return AiMessage.from("finished");
            }
            String prompt = "";
            for (ChatMessage m : messages) {
                if (m instanceof UserMessage u) {
                    prompt = u.singleText();
                    break;
                }
            }
            if (turns < 2) {
                return AiMessage.from(ToolExecutionRequest.builder()
                        .id("echo-" + turns)
                        .name("echo")
                        .arguments("{\"text\":\"" + prompt + "\"}")
                        .build());
            }
            return AiMessage.from("done with " + prompt);
        }
    }

    private static Process start(Path out, String heap, String mainClass, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add(heap);
        command.add("-Xss512k");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(mainClass);
        command.addAll(List.of(args));
        return new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(out.toFile())
                .start();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static boolean listening(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}

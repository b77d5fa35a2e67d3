package dev.agentswarm.temporal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.agentswarm.event.SwarmEvent;
import dev.agentswarm.report.RunStatus;
import dev.agentswarm.report.SwarmResult;
import dev.agentswarm.report.TaskStatus;
import io.temporal.client.WorkflowClient;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The multi-process test: Temporal's standalone test server on a loopback port and two worker JVMs (one of them makes
 * calls only); a run of 40 tasks; the call worker is killed (SIGKILL) while its calls are in flight. Every task completes on the other worker, no finished
 * call is made again, and the result equals a clean run's.
 */
class TemporalWorkerCrashTest {

    private static final int TASKS = 40;
    private static final long LATENCY_MS = 300;

    private final List<Process> processes = new ArrayList<>();

    /** The processes' output and call logs, kept in target/ for a failure's post-mortem. */
    private final Path dir = Path.of("target", "crash-test");

    @AfterEach
    void stop() {
        for (Process p : processes) {
            p.destroyForcibly();
        }
    }

    @Test
    void aKilledWorkersTasksCompleteOnTheOtherWithoutRepeatingFinishedCalls() throws Exception {
        Files.createDirectories(dir);
        for (String f : List.of("server.out", "a.out", "b.out", "a.log", "b.log")) {
            Files.deleteIfExists(dir.resolve(f));
        }
        int port = freePort();
        String target = "127.0.0.1:" + port;
        start(dir.resolve("server.out"), "io.temporal.testserver.TestServer", String.valueOf(port));
        await().atMost(Duration.ofSeconds(60)).until(() -> listening(port));
        Path logA = dir.resolve("a.log");
        Path logB = dir.resolve("b.log");
        // A makes calls only; B also runs the workflow. Temporal's test server can lose a workflow task it hands to a
        // poll of a worker killed at that instant (it stays scheduled, never started nor timed out; a real service
        // times it out and gives it to another worker), so the worker killed here is one that takes no workflow task.
        Process a = startWorker(target, logA, dir.resolve("a.out"), "calls");
        startWorker(target, logB, dir.resolve("b.out"), "full");

        // Waits until the server answers gRPC, not only accepts connections (a loaded machine takes seconds).
        WorkflowServiceStubs[] connected = new WorkflowServiceStubs[1];
        await().atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> {
                    try {
                        connected[0] = WorkflowServiceStubs.newConnectedServiceStubs(
                                WorkflowServiceStubsOptions.newBuilder()
                                        .setTarget(target)
                                        .build(),
                                Duration.ofSeconds(10));
                        return true;
                    } catch (RuntimeException e) {
                        return false;
                    }
                });
        WorkflowServiceStubs service = connected[0];
        try {
            TemporalSwarm swarm = TemporalSwarm.of(WorkflowClient.newInstance(service), "crash-queue", "counting");

            SwarmResult clean = swarm.start("count", "clean-run").result();
            assertThat(clean.status()).isEqualTo(RunStatus.COMPLETED);
            assertThat(clean.tasks()).hasSize(TASKS).allMatch(t -> t.status() == TaskStatus.COMPLETED);
            Files.deleteIfExists(logA);
            Files.deleteIfExists(logB);

            TemporalSwarmRun run = swarm.start("count", "crash-run");
            // Kill worker A while it has calls in flight, once Temporal has recorded calls it finished.
            Set<String> recordedBeforeKill = new HashSet<>();
            await().atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(20))
                    .until(() -> {
                        List<String> endedOnA = ends(logA);
                        if (endedOnA.isEmpty() || inFlight(logA).isEmpty()) {
                            return false;
                        }
                        Set<String> recorded = recordedCalls(run.eventsSoFar());
                        if (recorded.stream().noneMatch(endedOnA::contains)
                                || inFlight(logA).isEmpty()) {
                            return false;
                        }
                        recordedBeforeKill.addAll(recorded);
                        return true;
                    });
            int linesOfBAtKill = lines(logB, "").size();
            a.destroyForcibly();
            a.waitFor(30, TimeUnit.SECONDS);
            List<String> lostInFlight = inFlight(logA);
            List<String> endedOnA = ends(logA);

            SwarmResult crashed;
            try {
                crashed = run.resultAsync().get(120, TimeUnit.SECONDS);
            } catch (TimeoutException e) {
                // For the post-mortem: the run's history, in target/crash-test.
                Files.writeString(
                        dir.resolve("history.json"),
                        WorkflowClient.newInstance(service)
                                .fetchHistory("crash-run")
                                .toJson(true));
                throw e;
            }

            assertThat(crashed.tasks()).hasSize(TASKS).allMatch(t -> t.status() == TaskStatus.COMPLETED);
            assertThat(normalized(crashed, "crash-run")).isEqualTo(normalized(clean, "clean-run"));
            // No call whose result Temporal had recorded was made again after the kill.
            List<String> startedOnBAfterKill = lines(logB, "")
                    .subList(linesOfBAtKill, lines(logB, "").size())
                    .stream()
                    .filter(l -> l.startsWith("start "))
                    .map(l -> l.substring("start ".length()))
                    .toList();
            assertThat(recordedBeforeKill).isNotEmpty();
            assertThat(startedOnBAfterKill).doesNotContainAnyElementsOf(recordedBeforeKill);
            // The calls lost in flight with A were made again on B, and finished there.
            assertThat(lostInFlight).isNotEmpty();
            assertThat(ends(logB)).containsAll(lostInFlight);
            // Every call finished once, except one that ended on A in the instant before the kill, before Temporal
            // heard of it: that one was lost with the worker and made again (at least once, as Temporal promises).
            Map<String, Integer> endsByKey = new TreeMap<>();
            for (String key : concat(endedOnA, ends(logB))) {
                endsByKey.merge(key, 1, Integer::sum);
            }
            assertThat(endsByKey).hasSize(2 + TASKS * 3);
            assertThat(endsByKey).allSatisfy((key, count) -> {
                boolean lostWithA = endedOnA.contains(key) && !recordedBeforeKill.contains(key);
                assertThat(count).as("finished calls of %s", key).isBetween(1, lostWithA ? 2 : 1);
            });
            // The workflow recorded each call once.
            assertThat(recordedCalls(run.eventsSoFar())).hasSize(2 + TASKS * 3);
        } finally {
            service.shutdownNow();
        }
    }

    /** The calls the workflow has recorded as finished, by the keys {@link CountingSwarm} logs. */
    private static Set<String> recordedCalls(List<SwarmEvent> events) {
        Map<String, String> prompts = new HashMap<>();
        Set<String> keys = new HashSet<>();
        for (SwarmEvent e : events) {
            if (e instanceof SwarmEvent.TaskAssigned t && t.taskId() != null) {
                prompts.put(t.taskId(), t.prompt());
            } else if (e instanceof SwarmEvent.ModelCallFinished m && m.error() == null) {
                keys.add(
                        m.taskId() == null
                                ? "orchestrator:turn" + (m.step() - 1)
                                : "task:" + prompts.get(m.taskId()).replace(' ', '_') + ":turn" + (m.step() - 1));
            } else if (e instanceof SwarmEvent.ToolCallFinished t && !t.error()) {
                keys.add("tool:" + t.result().substring(t.result().indexOf("echo ") + "echo ".length()));
            }
        }
        return keys;
    }

    private static String normalized(SwarmResult r, String runId) {
        return TemporalFixture.normalized(r).replace(runId, "RUN");
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    private static List<String> lines(Path log, String prefix) throws IOException {
        if (!Files.exists(log)) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (String line : Files.readAllLines(log)) {
            if (line.startsWith(prefix)) {
                out.add(line.substring(prefix.length()));
            }
        }
        return out;
    }

    private static List<String> ends(Path log) throws IOException {
        return lines(log, "end ");
    }

    private static List<String> inFlight(Path log) throws IOException {
        List<String> started = new ArrayList<>(lines(log, "start "));
        for (String end : ends(log)) {
            started.remove(end);
        }
        return started;
    }

    private Process startWorker(String target, Path log, Path out, String role) throws IOException {
        return start(
                out,
                CrashWorkerMain.class.getName(),
                target,
                "crash-queue",
                log.toString(),
                String.valueOf(LATENCY_MS),
                String.valueOf(TASKS),
                role);
    }

    private Process start(Path out, String mainClass, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx256m");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(mainClass);
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(out.toFile())
                .start();
        processes.add(p);
        return p;
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

package dev.agentswarm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentswarm.event.SwarmEvent;
import dev.agentswarm.journal.JournalReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Simulated runs report scenario time exactly: a run's journal and report show the scenario's latencies, not the
 * real time the run took (JVM warm-up, real tool calls) multiplied by the speed-up.
 */
class ScenarioTimeTest {

    static final long ORCHESTRATOR_MS = 3_000;
    static final long SUBAGENT_MS = 1_000;

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int swarm(String... args) {
        return SwarmCli.execute(
                new CliContext(new PrintWriter(out, true), new PrintWriter(err, true), Map.of(), false), args);
    }

    /** The parallel-read scenario with fixed latencies and no failures. */
    private Path fixedLatencyScenario() throws Exception {
        ObjectMapper json = new ObjectMapper();
        ObjectNode s = (ObjectNode) json.readTree(
                Path.of("src/main/resources/demo/parallel-read/scenario.json").toFile());
        s.put(
                "corpus",
                Path.of("src/main/resources/demo/parallel-read/logs")
                        .toAbsolutePath()
                        .toString());
        ObjectNode models = (ObjectNode) s.get("models");
        fix((ObjectNode) models.get("simulated/orchestrator-large"), ORCHESTRATOR_MS);
        fix((ObjectNode) models.get("simulated/subagent-small"), SUBAGENT_MS);
        Path file = dir.resolve("fixed.json");
        json.writeValue(file.toFile(), s);
        return file;
    }

    private static void fix(ObjectNode model, long ms) {
        ArrayNode range = model.putArray("latencyMs");
        range.add(ms).add(ms);
        model.put("failureRate", 0.0);
    }

    @Test
    void aSimulatedRunsTaskAndStageDurationsAreTheScenariosLatenciesExactly() throws Exception {
        // a slow pace (speedup 50, not the tests' usual 200) would make real time that leaks into the report visible
        assertThat(swarm(
                        "run",
                        "--scenario",
                        fixedLatencyScenario().toString(),
                        "--out",
                        dir.toString(),
                        "--speedup",
                        "50",
                        "read the logs"))
                .as(err.toString())
                .isZero();

        List<SwarmEvent> events = JournalReader.read(dir.resolve("run.jsonl")).events();
        List<SwarmEvent.TaskFinished> tasks = events.stream()
                .filter(SwarmEvent.TaskFinished.class::isInstance)
                .map(SwarmEvent.TaskFinished.class::cast)
                .toList();
        assertThat(tasks).hasSize(4);
        Map<Integer, Duration> longestTask = new HashMap<>();
        for (SwarmEvent.TaskFinished t : tasks) {
            assertThat(t.result().duration())
                    .as(t.result().taskId())
                    .isEqualTo(Duration.ofMillis(SUBAGENT_MS * t.result().steps()));
            longestTask.merge(t.stage(), t.result().duration(), (a, b) -> a.compareTo(b) >= 0 ? a : b);
        }
        List<SwarmEvent.StageFinished> stages = events.stream()
                .filter(SwarmEvent.StageFinished.class::isInstance)
                .map(SwarmEvent.StageFinished.class::cast)
                .toList();
        assertThat(stages).hasSize(2);
        long wall = 0;
        for (SwarmEvent.StageFinished s : stages) {
            long expected = ORCHESTRATOR_MS
                    + longestTask.getOrDefault(s.stage(), Duration.ZERO).toMillis();
            assertThat(s.durationMillis()).as("stage " + s.stage()).isEqualTo(expected);
            wall += expected;
        }
        SwarmEvent.RunStarted started = (SwarmEvent.RunStarted) events.get(0);
        SwarmEvent finished = events.get(events.size() - 1);
        assertThat(Duration.between(started.at(), finished.at())).isEqualTo(Duration.ofMillis(wall));
        // the report shows the same times
        String html = Files.readString(dir.resolve("run.html"));
        assertThat(html).contains(String.format(java.util.Locale.ROOT, "%.2f s", wall / 1000.0));
    }

    @Test
    void theDemosModelCallsTakeTheScenariosLatenciesAndItsTasksTheirSum() throws Exception {
        assertThat(swarm("demo", "wide-search", "--out", dir.toString(), "--speedup", "200"))
                .as(err.toString())
                .isZero();

        List<SwarmEvent> events =
                JournalReader.read(dir.resolve("wide-search.jsonl")).events();
        Map<String, Long> latencyByTask = new HashMap<>();
        Map<String, Long> retryDelayByTask = new HashMap<>();
        for (SwarmEvent e : events) {
            if (e instanceof SwarmEvent.ModelCallFinished m) {
                // the bundled scenario: orchestrator 2-4 s, subagents 0.8-1.8 s per call
                boolean orchestrator = m.model().contains("orchestrator");
                assertThat(m.latencyMillis())
                        .as(m.model())
                        .isBetween(orchestrator ? 2_000L : 800L, orchestrator ? 4_000L : 1_800L);
                if (m.taskId() != null) {
                    latencyByTask.merge(m.taskId(), m.latencyMillis(), Long::sum);
                }
            } else if (e instanceof SwarmEvent.RetryScheduled r && r.taskId() != null) {
                retryDelayByTask.merge(r.taskId(), r.delayMillis(), Long::sum);
            }
        }
        int checked = 0;
        for (SwarmEvent e : events) {
            if (e instanceof SwarmEvent.TaskFinished t
                    && !retryDelayByTask.containsKey(t.result().taskId())) {
                assertThat(t.result().duration())
                        .as(t.result().taskId())
                        .isEqualTo(
                                Duration.ofMillis(latencyByTask.get(t.result().taskId())));
                checked++;
            }
        }
        assertThat(checked).isGreaterThanOrEqualTo(5);
    }
}

package dev.agentswarm.test.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.agentswarm.event.SwarmEvent;
import dev.agentswarm.event.SwarmEvents;
import dev.agentswarm.journal.Journal;
import dev.agentswarm.journal.JournalReader;
import dev.agentswarm.report.RunStatus;
import dev.agentswarm.report.SwarmResult;
import dev.agentswarm.report.TaskResult;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a journaling run with SIGKILL while two slow tasks are in flight and two quick ones have finished, resumes it
 * in a new JVM, and proves with model call counts that the finished tasks and the journaled orchestrator turn did not
 * run again, and that the answer is an uninterrupted run's.
 */
class CrashResumeTest {

    @TempDir
    Path dir;

    @Test
    void aKilledRunResumesInANewJvmWithoutRedoingFinishedWork() throws Exception {
        Path journal = dir.resolve("run.jsonl");
        Path firstCalls = dir.resolve("calls-1.txt");
        Path secondCalls = dir.resolve("calls-2.txt");

        // 1. Start the run in its own JVM; the slow tasks' first model call takes ten minutes.
        Process first = launch("run", journal, firstCalls, dir.resolve("result-1.json"), 600_000, "first");
        try {
            await().atMost(60, TimeUnit.SECONDS)
                    .pollInterval(Duration.ofMillis(50))
                    .until(() -> {
                        Journal j = Journals.read(journal);
                        // In flight means journaled as started and already waiting on its model call: TaskStarted is
                        // journaled just before the call is made, so also wait for the calls to reach the model.
                        return Journals.finishedTaskIds(j).containsAll(List.of("s0-t0", "s0-t1"))
                                && Journals.inFlightTaskIds(j).containsAll(List.of("s0-t2", "s0-t3"))
                                && Files.exists(firstCalls)
                                && Files.readAllLines(firstCalls).containsAll(List.of("slow|s1|0", "slow|s2|0"));
                    });
            assertThat(first.isAlive()).isTrue();
        } finally {
            first.destroyForcibly();
            assertThat(first.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(first.exitValue()).as("killed, not finished").isNotZero();
        assertThat(Files.exists(dir.resolve("result-1.json"))).isFalse();

        Journal killed = JournalReader.read(journal);
        assertThat(Journals.finishedTaskIds(killed)).containsExactly("s0-t0", "s0-t1");
        assertThat(killed.eventsOf(SwarmEvent.RunFinished.class)).isEmpty();
        List<String> before = Files.readAllLines(firstCalls);
        assertThat(before)
                .containsExactlyInAnyOrder("orchestrator|-|0", "quick|q1|0", "quick|q2|0", "slow|s1|0", "slow|s2|0");

        // 2. Resume in a new JVM, with fast slow tasks.
        Process second = launch("resume", journal, secondCalls, dir.resolve("result-2.json"), 20, "second");
        assertThat(second.waitFor(120, TimeUnit.SECONDS)).as("resumed run ends").isTrue();
        assertThat(second.exitValue())
                .as("resume exit code; see " + dir.resolve("second.log"))
                .isZero();
        List<String> after = Files.readAllLines(secondCalls);

        // The journaled turn 0 and the finished quick tasks q1, q2 were not asked again; s1, s2 ran from scratch.
        assertThat(after)
                .containsExactlyInAnyOrder(
                        "slow|s1|0",
                        "slow|s2|0",
                        "slow|s1|1",
                        "slow|s2|1",
                        "orchestrator|-|1",
                        "quick|combine Q(q1) + Q(q2) + S(s1: fact-about-s1) + S(s2: fact-about-s2)|0",
                        "orchestrator|-|2");
        assertThat(after)
                .noneMatch(c -> c.startsWith("quick|q1") || c.startsWith("quick|q2") || c.equals("orchestrator|-|0"));

        // 3. The resumed result equals an uninterrupted run's.
        List<String> baselineCalls = Collections.synchronizedList(new ArrayList<>());
        SwarmResult baseline = ResumeScenario.swarm(ResumeScenario.model(Duration.ofMillis(5), baselineCalls::add))
                .run(ResumeScenario.TASK);
        SwarmResult resumed =
                SwarmEvents.mapper().readValue(dir.resolve("result-2.json").toFile(), SwarmResult.class);
        assertSameOutcome(resumed, baseline);
        assertThat(resumed.runId()).isEqualTo(killed.runStarted().orElseThrow().runId());
        assertThat(before.size() + after.size() - 2)
                .as("calls of both JVMs, minus the two killed slow calls")
                .isEqualTo(baselineCalls.size());

        // The journal now holds the whole run, readable, ending with its result.
        Journal full = JournalReader.read(journal);
        assertThat(full.hasTornTail()).isFalse();
        SwarmEvent.RunFinished end = full.eventsOf(SwarmEvent.RunFinished.class).get(0);
        assertThat(end.answer()).isEqualTo(baseline.answer());
    }

    static void assertSameOutcome(SwarmResult actual, SwarmResult expected) {
        assertThat(actual.status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(actual.status()).isEqualTo(expected.status());
        assertThat(actual.answer())
                .isEqualTo(expected.answer())
                .isEqualTo("FINAL: Q(combine Q(q1) + Q(q2) + S(s1: fact-about-s1) + S(s2: fact-about-s2))");
        assertThat(actual.criticalSteps()).isEqualTo(expected.criticalSteps()).isEqualTo(1 + 2 + 1 + 1 + 1);
        assertThat(actual.report().totalSteps()).isEqualTo(expected.report().totalSteps());
        assertThat(actual.report().tokensByModel()).isEqualTo(expected.report().tokensByModel());
        assertThat(actual.subagents()).isEqualTo(expected.subagents());
        assertThat(actual.tasks())
                .extracting(TaskResult::taskId, TaskResult::status, TaskResult::finalMessage, TaskResult::steps)
                .isEqualTo(expected.tasks().stream()
                        .map(t -> org.assertj.core.groups.Tuple.tuple(
                                t.taskId(), t.status(), t.finalMessage(), t.steps()))
                        .toList());
    }

    private Process launch(String mode, Path journal, Path calls, Path result, long slowMillis, String log)
            throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(
                java,
                "-cp",
                System.getProperty("java.class.path"),
                CrashingSwarmMain.class.getName(),
                mode,
                journal.toString(),
                calls.toString(),
                result.toString(),
                Long.toString(slowMillis));
        File out = dir.resolve(log + ".log").toFile();
        pb.redirectErrorStream(true).redirectOutput(out);
        return pb.start();
    }
}

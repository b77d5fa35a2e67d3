package dev.agentswarm.test.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentswarm.RunOptions;
import dev.agentswarm.event.SwarmEvent;
import dev.agentswarm.journal.FsyncPolicy;
import dev.agentswarm.journal.JournalException;
import dev.agentswarm.journal.JournalOptions;
import dev.agentswarm.journal.JournalReader;
import dev.agentswarm.report.SwarmResult;
import dev.agentswarm.report.TaskResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A journal cut at any byte offset is what a crash can leave. Property: every cut is either resumed to the result of
 * an uninterrupted run, calling the model exactly for the work the intact prefix does not hold, or rejected with a
 * clear error when the prefix holds no run; never silently misread. Offsets: 150 seeded random ones plus every line
 * boundary and its neighbours.
 */
class TruncatedJournalResumeTest {

    @TempDir
    static Path dir;

    static byte[] full;
    static List<SwarmEvent> fullEvents;
    static SwarmResult baseline;
    static int baselineCalls;

    @BeforeAll
    static void recordAnUninterruptedJournaledRun() throws Exception {
        Path journal = dir.resolve("full.jsonl");
        List<String> calls = Collections.synchronizedList(new ArrayList<>());
        // Latency on Reactor's parallel scheduler: the journal is written from non-blocking threads, as in production.
        baseline = ResumeScenario.swarm(ResumeScenario.model(Duration.ofMillis(2), calls::add))
                .execute(ResumeScenario.TASK, RunOptions.journal(new JournalOptions(journal, FsyncPolicy.ALWAYS)))
                .block();
        baselineCalls = calls.size();
        full = Files.readAllBytes(journal);
        fullEvents = JournalReader.read(journal).events();
        assertThat(baselineCalls).isEqualTo(3 + 2 + 2 * 2 + 1);
    }

    static Stream<Integer> offsets() {
        TreeSet<Integer> out = new TreeSet<>();
        Random random = new Random(20250301L);
        // computed lazily in the test from the journal; here only seeds and markers
        IntStream.range(0, 150).forEach(i -> out.add(-1 - random.nextInt(Integer.MAX_VALUE)));
        IntStream.range(0, 40).forEach(out::add);
        return out.stream();
    }

    /** Maps a seed to an offset in [0, length]: negative seeds are random offsets, small ones index line ends. */
    private static int offset(int seed) {
        if (seed < 0) {
            return (int) ((-(long) seed - 1) % (full.length + 1));
        }
        List<Integer> ends = new ArrayList<>();
        for (int i = 0; i < full.length; i++) {
            if (full[i] == '\n') {
                ends.add(i + 1);
            }
        }
        int line = seed / 3;
        int end = ends.get(Math.min(line, ends.size() - 1));
        return Math.max(0, Math.min(full.length, end + (seed % 3) - 1));
    }

    @ParameterizedTest(name = "cut #{0}")
    @MethodSource("offsets")
    void aJournalCutAnywhereIsResumedCorrectlyOrRejectedClearly(int seed) throws Exception {
        int cut = offset(seed);
        Path journal = dir.resolve("cut-" + cut + "-" + Math.abs(seed) + ".jsonl");
        Files.write(journal, Arrays.copyOf(full, cut));
        int completeLines = 0;
        for (int i = 0; i < cut; i++) {
            if (full[i] == '\n') {
                completeLines++;
            }
        }
        List<SwarmEvent> intact = fullEvents.subList(0, completeLines);
        List<String> calls = Collections.synchronizedList(new ArrayList<>());
        var swarm = ResumeScenario.swarm(ResumeScenario.model(Duration.ZERO, calls::add));
        // No fsync for the ~200 resumes here: durability is not under test, and forcing costs seconds.
        JournalOptions options = new JournalOptions(journal, FsyncPolicy.NEVER);

        if (intact.isEmpty()) {
            assertThatThrownBy(() -> swarm.execute(ResumeScenario.TASK, RunOptions.resume(options)))
                    .isInstanceOf(JournalException.class)
                    .hasMessageContaining("holds no complete run_started event")
                    .hasMessageContaining("Start the task afresh");
            assertThat(Files.size(journal))
                    .as("a rejected journal is left as it was")
                    .isEqualTo(cut);
            assertThat(calls).isEmpty();
            return;
        }
        SwarmResult resumed =
                swarm.execute(ResumeScenario.TASK, RunOptions.resume(options)).block();

        CrashResumeTest.assertSameOutcome(resumed, baseline);
        // Exactly the work that the intact prefix does not hold was redone.
        long turns = intact.stream()
                .filter(e -> e instanceof SwarmEvent.OrchestratorTurn)
                .count();
        List<TaskResult> finished = intact.stream()
                .filter(e -> e instanceof SwarmEvent.TaskFinished)
                .map(e -> ((SwarmEvent.TaskFinished) e).result())
                .toList();
        int reusedSteps = finished.stream().mapToInt(TaskResult::steps).sum();
        assertThat(calls)
                .as("model calls after a cut at byte %d of %d (%d intact events)", cut, full.length, completeLines)
                .hasSize((int) (baselineCalls - turns - reusedSteps));
        assertThat(calls.stream().filter(c -> c.startsWith("orchestrator")).count())
                .isEqualTo(3 - turns);
        for (TaskResult t : finished) {
            assertThat(calls).noneMatch(c -> c.startsWith(t.agent() + "|" + t.prompt() + "|"));
        }
        // The resumed journal is whole again: readable, no torn tail, ending with the run's end.
        var after = JournalReader.read(journal);
        assertThat(after.hasTornTail()).isFalse();
        assertThat(after.events().get(after.events().size() - 1)).isInstanceOf(SwarmEvent.RunFinished.class);
    }

    @Test
    void corruptionInTheMiddleIsRejectedWithTheLineAndTheFileIsLeftAsItWas() throws Exception {
        Path journal = dir.resolve("corrupt.jsonl");
        byte[] bytes = full.clone();
        int firstNewline = new String(bytes, java.nio.charset.StandardCharsets.UTF_8).indexOf('\n');
        bytes[firstNewline + 5] = '#';
        Files.write(journal, bytes);
        List<String> calls = new ArrayList<>();
        assertThatThrownBy(() -> ResumeScenario.swarm(ResumeScenario.model(Duration.ZERO, calls::add))
                        .execute(ResumeScenario.TASK, RunOptions.resume(JournalOptions.of(journal))))
                .isInstanceOf(JournalException.class)
                .hasMessageContaining("corrupted at line 2")
                .hasMessageContaining("Nothing was changed on disk");
        assertThat(Files.readAllBytes(journal)).isEqualTo(bytes);
        assertThat(calls).isEmpty();
    }

    @Test
    void resumingAFinishedRunReplaysItWithoutAnyModelCall() throws Exception {
        Path journal = dir.resolve("finished.jsonl");
        Files.write(journal, full);
        List<String> calls = new ArrayList<>();
        SwarmResult again = ResumeScenario.swarm(ResumeScenario.model(Duration.ZERO, calls::add))
                .execute(ResumeScenario.TASK, RunOptions.resume(JournalOptions.of(journal)))
                .block();
        CrashResumeTest.assertSameOutcome(again, baseline);
        assertThat(calls).isEmpty();
    }
}

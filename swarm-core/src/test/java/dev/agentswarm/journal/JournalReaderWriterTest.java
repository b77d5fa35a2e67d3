package dev.agentswarm.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentswarm.event.SwarmEvent;
import dev.agentswarm.report.TaskResult;
import dev.agentswarm.report.TaskStatus;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JournalReaderWriterTest {

    static final Instant AT = Instant.parse("2025-03-01T10:00:00Z");

    @TempDir
    Path dir;

    static List<SwarmEvent> events() {
        TaskResult r = new TaskResult(
                "s1-t0", "a", "p", TaskStatus.COMPLETED, "done", null, 1, Map.of(), AT, Duration.ofMillis(5));
        return List.of(
                new SwarmEvent.RunStarted("r", -1, null, "r", AT, "task", "m"),
                new SwarmEvent.StageStarted("r", 0, null, "r", AT),
                new SwarmEvent.TaskFinished("r", 1, "s1-t0", "s1", AT, r));
    }

    private Path written(FsyncPolicy policy) {
        Path file = dir.resolve("run.jsonl");
        try (JournalWriter w = JournalWriter.create(new JournalOptions(file, policy))) {
            events().forEach(w::onEvent);
            assertThat(w.eventsWritten()).isEqualTo(3);
            assertThat(w.failure()).isNull();
        }
        return file;
    }

    @Test
    void writesOneLinePerEventAndReadsThemBack() throws Exception {
        for (FsyncPolicy policy : FsyncPolicy.values()) {
            Path file = written(policy);
            assertThat(Files.readAllLines(file)).hasSize(3);
            Journal j = JournalReader.read(file);
            assertThat(j.events()).isEqualTo(events());
            assertThat(j.hasTornTail()).isFalse();
            assertThat(j.validLength()).isEqualTo(Files.size(file));
            Files.delete(file);
        }
    }

    @Test
    void aTornLastLineIsIgnoredEvenWhenItParses() throws Exception {
        Path file = written(FsyncPolicy.ON_TASK_RESULT);
        byte[] all = Files.readAllBytes(file);
        long intact = all.length - Files.readAllLines(file).get(2).getBytes(StandardCharsets.UTF_8).length - 1;
        // cut inside the last line, and cut just its newline: both are torn
        for (int cut : new int[] {all.length - 1, all.length - 10, (int) intact + 1}) {
            Files.write(file, java.util.Arrays.copyOf(all, cut));
            Journal j = JournalReader.read(file);
            assertThat(j.events()).isEqualTo(events().subList(0, 2));
            assertThat(j.validLength()).isEqualTo(intact);
            assertThat(j.tornBytes()).isEqualTo(cut - intact);
        }
    }

    @Test
    void corruptionBeforeTheLastLineIsRejectedWithItsLineNumber() throws Exception {
        Path file = written(FsyncPolicy.NEVER);
        List<String> lines = Files.readAllLines(file);
        Files.writeString(file, lines.get(0) + "\n" + lines.get(1).substring(0, 20) + "\n" + lines.get(2) + "\n");
        assertThatThrownBy(() -> JournalReader.read(file))
                .isInstanceOf(JournalException.class)
                .hasMessageContaining("corrupted at line 2")
                .hasMessageContaining("lines 1-1 are intact");
        Files.writeString(file, lines.get(0) + "\n\n" + lines.get(2) + "\n");
        assertThatThrownBy(() -> JournalReader.read(file))
                .hasMessageContaining("line 2")
                .hasMessageContaining("empty");
        Files.writeString(file, lines.get(0) + "\n" + lines.get(1).replace("\"r\"", "\"other\"") + "\n");
        assertThatThrownBy(() -> JournalReader.read(file))
                .hasMessageContaining("line 2")
                .hasMessageContaining("run 'other'");
    }

    @Test
    void aNewRunRefusesAJournalThatExists() throws Exception {
        Path file = written(FsyncPolicy.NEVER);
        long size = Files.size(file);
        assertThatThrownBy(() -> JournalWriter.create(JournalOptions.of(file)))
                .isInstanceOf(JournalException.class)
                .hasMessageContaining("already exists (" + size + " bytes)");
        assertThat(Files.size(file)).isEqualTo(size);
        Path empty = Files.createFile(dir.resolve("empty.jsonl"));
        assertThatThrownBy(() -> JournalWriter.create(JournalOptions.of(empty)))
                .isInstanceOf(JournalException.class)
                .hasMessageContaining("already exists (0 bytes)");
        Path directory = Files.createDirectory(dir.resolve("dir.jsonl"));
        assertThatThrownBy(() -> JournalWriter.create(JournalOptions.of(directory)))
                .isInstanceOf(JournalException.class)
                .hasMessageContaining("already exists (a directory)");
    }

    @Test
    void appendingCutsATornTailFirst() throws Exception {
        Path file = written(FsyncPolicy.ALWAYS);
        byte[] all = Files.readAllBytes(file);
        Files.write(file, java.util.Arrays.copyOf(all, all.length - 7));
        try (JournalWriter w = JournalWriter.reopen(
                JournalOptions.of(file), j -> assertThat(j.events()).isEqualTo(events().subList(0, 2)))) {
            w.onEvent(events().get(2));
        }
        assertThat(JournalReader.read(file).events()).isEqualTo(events());
    }

    @Test
    void aRejectedReopenWritesNothingAndReleasesTheLock() throws Exception {
        Path file = written(FsyncPolicy.ALWAYS);
        byte[] all = Files.readAllBytes(file);
        byte[] torn = java.util.Arrays.copyOf(all, all.length - 7);
        Files.write(file, torn);
        assertThatThrownBy(() -> JournalWriter.reopen(JournalOptions.of(file), j -> {
                    throw new JournalException("no");
                }))
                .isInstanceOf(JournalException.class)
                .hasMessage("no");
        assertThat(Files.readAllBytes(file)).as("the torn tail is not even cut").isEqualTo(torn);
        JournalWriter.reopen(JournalOptions.of(file), j -> {}).close();
    }

    @Test
    void writingRunFinishedClosesTheWriterAndReleasesTheLock() throws Exception {
        Path file = dir.resolve("finished.jsonl");
        JournalWriter w = JournalWriter.create(JournalOptions.of(file));
        events().forEach(w::onEvent);
        w.onEvent(new SwarmEvent.RunFinished(
                "r", 1, null, "r", AT, dev.agentswarm.report.RunStatus.COMPLETED, null, "done", 2, 2));
        w.onEvent(new SwarmEvent.StageStarted("r", 2, null, "r", AT));
        assertThat(w.eventsWritten()).isEqualTo(4);
        JournalWriter.reopen(
                        JournalOptions.of(file), j -> assertThat(j.events()).hasSize(4))
                .close();
        w.close();
    }

    @Test
    void aJournalInUseIsReadThroughItsWritersChannel() throws Exception {
        Path file = dir.resolve("live.jsonl");
        try (JournalWriter w = JournalWriter.create(JournalOptions.of(file))) {
            w.onEvent(events().get(0));
            assertThat(JournalReader.read(file).events()).containsExactly(events().get(0));
            assertThat(JournalReader.read(dir.resolve(".").resolve("live.jsonl"))
                            .events())
                    .hasSize(1);
            assertThatThrownBy(() -> JournalWriter.reopen(JournalOptions.of(file), j -> {}))
                    .isInstanceOf(JournalException.class)
                    .hasMessageContaining("in use");
        }
    }

    @Test
    void aHardLinkToAJournalInUseIsInUseToo() throws Exception {
        Path file = dir.resolve("linked.jsonl");
        try (JournalWriter w = JournalWriter.create(JournalOptions.of(file))) {
            w.onEvent(events().get(0));
            Path link;
            try {
                link = Files.createLink(dir.resolve("alias.jsonl"), file);
            } catch (UnsupportedOperationException | java.io.IOException e) {
                org.junit.jupiter.api.Assumptions.abort("hard links are not supported here: " + e);
                return;
            }
            assertThatThrownBy(() -> JournalWriter.reopen(JournalOptions.of(link), j -> {}))
                    .isInstanceOf(JournalException.class)
                    .hasMessageContaining("in use");
        }
    }

    @Test
    void theDefaultPolicyForcesWhatAResumeReads() {
        List<SwarmEvent> e = events();
        assertThat(FsyncPolicy.ON_TASK_RESULT.forces(e.get(2))).isTrue();
        assertThat(FsyncPolicy.ON_TASK_RESULT.forces(e.get(1))).isFalse();
        assertThat(FsyncPolicy.NEVER.forces(e.get(2))).isFalse();
        assertThat(FsyncPolicy.ALWAYS.forces(e.get(1))).isTrue();
    }
}

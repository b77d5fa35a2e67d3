package dev.agentswarm.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentswarm.report.RunStatus;
import dev.agentswarm.report.SwarmResult;
import dev.agentswarm.report.TaskStatus;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs every example and checks what it prints and returns. */
class ExamplesTest {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

    private String printed() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void quickStart() {
        SwarmResult r = QuickStart.run(out);
        assertThat(r.status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(r.tasks()).hasSize(3).allMatch(t -> t.status() == TaskStatus.COMPLETED);
        // one orchestrator turn that launches three parallel one-step tasks, one that answers
        assertThat(r.criticalSteps()).isEqualTo(3);
        assertThat(printed())
                .contains("Project Reactor: a Java library")
                .contains("LangChain4j: a Java library")
                .contains("Jackson: a Java library")
                .contains("status COMPLETED, 3 tasks, critical steps 3");
    }

    @Test
    void journaledRun() {
        SwarmResult r = JournaledRunExample.run(dir, out);
        assertThat(r.status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(r.answer()).isEqualTo("Licences: Reactor: Apache-2.0; Jackson: Apache-2.0; Lucene: Apache-2.0");
        assertThat(printed())
                .contains("two of three tasks finished")
                .contains("same run id: true, same answer: true")
                .contains("model calls: 5 in the first run, 2 in the resumed one");
    }

    @Test
    void customTools() throws Exception {
        SwarmResult r = CustomToolsExample.run(dir, out);
        assertThat(r.status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(printed())
                .contains("alpha.txt: 7 words: Tasks of one stage run in parallel.")
                .contains("beta.txt: 6 words: Each task has a fresh context.");
        // the read outside the sandbox is refused, as a tool result; its siblings are not affected
        assertThat(r.tasks().get(2).finalMessage())
                .contains("../outside.txt: not read")
                .contains("Refused path");
        assertThat(dir.getParent().resolve("outside.txt")).doesNotExist();
    }

    @Test
    void simulatedRun() throws Exception {
        SwarmResult r = SimulatedRunExample.run(dir, out);
        assertThat(r.status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(r.answer()).contains("| lamp | 12 EUR |").contains("| shelf | 15 EUR |");
        // two tasks of three products, each a tool turn and an answer turn of 1 s; orchestrator turns of 3 s
        assertThat(r.report().wallTime()).isEqualTo(Duration.ofSeconds(3 + 2 + 3));
        assertThat(printed()).contains("wall time 8.0 s (scenario time)");
        assertThat(Files.readString(dir.resolve("report.html")))
                .contains("<svg id=\"gantt\"")
                .contains("Simulated provider");
    }
}

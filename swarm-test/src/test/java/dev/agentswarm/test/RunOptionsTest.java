package dev.agentswarm.test;

import static dev.agentswarm.test.Replies.assignTask;
import static dev.agentswarm.test.Replies.calls;
import static dev.agentswarm.test.Replies.createSubagent;
import static dev.agentswarm.test.Replies.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentswarm.AgentSwarm;
import dev.agentswarm.RunOptions;
import dev.agentswarm.journal.JournalException;
import dev.agentswarm.journal.JournalOptions;
import dev.agentswarm.report.RunStatus;
import dev.agentswarm.report.SwarmResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one launcher: {@code run}, {@code execute} and {@code start}, each with {@link RunOptions}. */
class RunOptionsTest {

    private static AgentSwarm swarm(ScriptedModel model) {
        return AgentSwarm.builder().orchestratorModel(model).build();
    }

    private static ScriptedModel script() {
        return ScriptedModel.builder()
                .orchestrator(calls(createSubagent("worker", "You work."), assignTask("worker", "a")))
                .orchestrator(text("done"))
                .subagent("worker", text("answer"))
                .build();
    }

    @Test
    void aResumeWithAnotherTaskIsRejectedAtOnceAndWritesNothing(@TempDir Path dir) throws Exception {
        Path journal = dir.resolve("run.jsonl");
        assertThat(swarm(script())
                        .run("the task", RunOptions.journal(JournalOptions.of(journal)))
                        .status())
                .isEqualTo(RunStatus.COMPLETED);
        byte[] before = Files.readAllBytes(journal);

        ScriptedModel none = ScriptedModel.builder().build();
        assertThatThrownBy(() -> swarm(none).execute("another task", RunOptions.resume(JournalOptions.of(journal))))
                .isInstanceOf(JournalException.class)
                .hasMessageContaining("of another task")
                .hasMessageContaining("resume it with the task it was started with");
        assertThatThrownBy(() -> swarm(none).start("another task", RunOptions.resume(JournalOptions.of(journal))))
                .isInstanceOf(JournalException.class)
                .hasMessageContaining("of another task");
        assertThat(Files.readAllBytes(journal)).as("nothing is written").isEqualTo(before);
        assertThat(none.requests()).isEmpty();

        SwarmResult resumed = swarm(none).run("the task", RunOptions.resume(JournalOptions.of(journal)));
        assertThat(resumed.status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(resumed.answer()).isEqualTo("done");
        assertThat(none.requests())
                .as("a finished run replays without model calls")
                .isEmpty();
    }

    @Test
    void aListenerOfOneRunSeesThatRunOnlyAfterTheSwarmsOwn(@TempDir Path dir) {
        List<String> seen = new CopyOnWriteArrayList<>();
        ScriptedModel twice = ScriptedModel.builder()
                .orchestrator(text("first"))
                .orchestrator(text("second"))
                .build();
        AgentSwarm swarm = AgentSwarm.builder()
                .orchestratorModel(twice)
                .listener(e -> seen.add("swarm:" + e.getClass().getSimpleName()))
                .build();
        RunOptions options = RunOptions.defaults()
                .withListener(e -> seen.add("run:" + e.getClass().getSimpleName()));

        SwarmResult result = swarm.start("go", options).result().block();

        assertThat(result.status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(seen)
                .startsWith("swarm:RunStarted", "run:RunStarted")
                .endsWith("swarm:RunFinished", "run:RunFinished");
        assertThat(seen.stream().filter(s -> s.startsWith("run:")).count())
                .isEqualTo(seen.stream().filter(s -> s.startsWith("swarm:")).count());
        seen.clear();
        swarm.run("go again");
        assertThat(seen)
                .as("the next run does not reach the listener of another")
                .allMatch(s -> s.startsWith("swarm:"));
        assertThat(RunOptions.journal(JournalOptions.of(dir.resolve("j")))
                        .withListener(e -> {})
                        .isResume())
                .isFalse();
        assertThat(RunOptions.resume(JournalOptions.of(dir.resolve("j"))).isResume())
                .isTrue();
    }
}

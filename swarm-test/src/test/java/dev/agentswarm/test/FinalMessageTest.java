package dev.agentswarm.test;

import static dev.agentswarm.test.Replies.assignTask;
import static dev.agentswarm.test.Replies.calls;
import static dev.agentswarm.test.Replies.createSubagent;
import static dev.agentswarm.test.Replies.text;
import static org.assertj.core.api.Assertions.assertThat;

import dev.agentswarm.AgentSwarm;
import dev.agentswarm.policy.Budget;
import dev.agentswarm.report.RunStatus;
import dev.agentswarm.report.SwarmResult;
import dev.agentswarm.report.TaskResult;
import dev.agentswarm.report.TaskStatus;
import dev.langchain4j.agent.tool.P;
import dev.langchain4j.agent.tool.Tool;
import dev.langchain4j.data.message.AiMessage;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A task's final message is the text of its final turn, and the orchestrator's answer the text of its final turn: an
 * earlier turn's "Searching for X..." never comes back as the result. An empty final turn is reported as empty: the
 * task (or run) is {@code COMPLETED} with an empty message, and the orchestrator's tool result says so in a marker.
 */
class FinalMessageTest {

    static final class Lookup {
        @Tool("Looks a key up")
        String lookup(@P("the key") String key) {
            return "value-of-" + key;
        }
    }

    @Test
    void aTaskWhoseFinalTurnIsEmptyReportsAnEmptyMessageNotAnEarlierOne() {
        ScriptedModel model = ScriptedModel.builder()
                .orchestrator(calls(createSubagent("worker", "You search."), assignTask("worker", "find X")))
                .orchestrator(r -> text("orchestrator saw: " + r.latestToolResults()))
                .subagent(
                        "worker",
                        AiMessage.from("Searching for X...", List.of(Replies.call("lookup", Map.of("key", "X")))))
                .subagent("worker", AiMessage.from(""))
                .build();

        SwarmResult result = AgentSwarm.builder()
                .orchestratorModel(model)
                .tools(new Lookup())
                .build()
                .run("go");

        TaskResult task = result.tasks().get(0);
        assertThat(task.status()).isEqualTo(TaskStatus.COMPLETED);
        assertThat(task.steps()).isEqualTo(2);
        assertThat(task.finalMessage()).isEmpty();
        String toolResult = model.requests(ScriptedModel.ORCHESTRATOR)
                .get(1)
                .latestToolResults()
                .get(1);
        assertThat(toolResult)
                .doesNotContain("Searching")
                .isEqualTo("[task s0-t0 of subagent 'worker' COMPLETED after 2 steps with an empty final message]");
        assertThat(result.answer()).doesNotContain("Searching");
    }

    @Test
    void aTaskWhoseFinalTurnHasTextReportsThatText() {
        ScriptedModel model = ScriptedModel.builder()
                .orchestrator(calls(createSubagent("worker", "You search."), assignTask("worker", "find X")))
                .orchestrator(r -> text("orchestrator saw: " + r.latestToolResults()))
                .subagent(
                        "worker",
                        AiMessage.from("Searching for X...", List.of(Replies.call("lookup", Map.of("key", "X")))))
                .subagent("worker", text("X is value-of-X"))
                .build();

        SwarmResult result = AgentSwarm.builder()
                .orchestratorModel(model)
                .tools(new Lookup())
                .build()
                .run("go");

        assertThat(result.tasks().get(0).finalMessage()).isEqualTo("X is value-of-X");
        assertThat(result.answer()).endsWith(", X is value-of-X]").doesNotContain("Searching");
    }

    @Test
    void anOrchestratorWhoseFinalTurnIsEmptyAnswersEmpty() {
        ScriptedModel model = ScriptedModel.builder()
                .orchestrator(AiMessage.from(
                        "Let me delegate this.",
                        List.of(createSubagent("worker", "You work."), assignTask("worker", "a"))))
                .orchestrator(AiMessage.from(""))
                .subagent("worker", text("the answer"))
                .build();

        SwarmResult result =
                AgentSwarm.builder().orchestratorModel(model).build().run("go");

        assertThat(result.status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(result.answer()).isEmpty();
    }

    @Test
    void aPartialAnswerIsTheLastTurnsTextNotAnEarlierOne() {
        ScriptedModel model = ScriptedModel.builder()
                .orchestrator(AiMessage.from(
                        "Let me delegate this.",
                        List.of(createSubagent("worker", "You work."), assignTask("worker", "a"))))
                .orchestrator(calls(assignTask("worker", "b")))
                .orchestrator(text("never reached"))
                .subagent("worker", r -> text("answer " + r.userPrompt()))
                .build();

        // Two stages of 1 + 1 critical steps fit; the third turn would exceed 4.
        SwarmResult result = AgentSwarm.builder()
                .orchestratorModel(model)
                .budget(Budget.builder().maxCriticalSteps(4).build())
                .build()
                .run("go");

        assertThat(result.status()).isEqualTo(RunStatus.BUDGET_EXHAUSTED);
        // The last turn had no text: the partial answer is built from the completed tasks, not from turn 0's text.
        assertThat(result.answer())
                .doesNotContain("Let me delegate")
                .contains("answer a")
                .contains("answer b");
    }
}

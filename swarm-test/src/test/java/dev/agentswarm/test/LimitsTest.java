package dev.agentswarm.test;

import static dev.agentswarm.test.Replies.assignTask;
import static dev.agentswarm.test.Replies.calls;
import static dev.agentswarm.test.Replies.createSubagent;
import static dev.agentswarm.test.Replies.text;
import static org.assertj.core.api.Assertions.assertThat;

import dev.agentswarm.AgentSwarm;
import dev.agentswarm.policy.Budget;
import dev.agentswarm.policy.Limits;
import dev.agentswarm.report.RunStatus;
import dev.agentswarm.report.SwarmResult;
import dev.agentswarm.report.TaskStatus;
import dev.langchain4j.agent.tool.P;
import dev.langchain4j.agent.tool.Tool;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every limit is enforced before work is dispatched, reported, and keeps the partial results. */
class LimitsTest {

    static final class Echo {
        @Tool("Echoes")
        String echo(@P("text") String text) {
            return text;
        }
    }

    @Test
    void orchestratorStepLimitEndsTheRunWithPartialResults() {
        ScriptedModel model = ScriptedModel.builder()
                .orchestrator(calls(createSubagent("w", "You work."), assignTask("w", "first")))
                .orchestrator(calls(assignTask("w", "second")))
                .orchestrator(text("never reached"))
                .subagent("w", r -> text("result of " + r.userPrompt()))
                .build();
        SwarmResult result = AgentSwarm.builder()
                .orchestratorModel(model)
                .limits(Limits.builder().maxOrchestratorSteps(2).build())
                .build()
                .run("task");

        assertThat(result.status()).isEqualTo(RunStatus.ORCHESTRATOR_STEP_LIMIT);
        assertThat(result.reason()).contains("step limit of 2");
        assertThat(model.requests(ScriptedModel.ORCHESTRATOR)).hasSize(2);
        assertThat(result.tasks())
                .extracting(t -> t.finalMessage())
                .containsExactly("result of first", "result of second");
        assertThat(result.answer()).contains("result of first").contains("result of second");
        assertThat(result.report().limitsHit()).singleElement().asString().startsWith("maxOrchestratorSteps");
        // (1 + 1) + (1 + 1)
        assertThat(result.criticalSteps()).isEqualTo(4);
    }

    @Test
    void subagentStepLimitEndsOnlyThatTask() {
        ScriptedModel model = ScriptedModel.builder()
                .orchestrator(calls(
                        createSubagent("looper", "You loop.", "echo"),
                        createSubagent("quick", "Quick."),
                        assignTask("looper", "loop"),
                        assignTask("quick", "answer")))
                .orchestrator(r -> text(String.join(" || ", r.latestToolResults())))
                .subagent("looper", r -> calls(Replies.call("echo", Map.of("text", "again"))))
                .subagent("looper", r -> calls(Replies.call("echo", Map.of("text", "again"))))
                .subagent("looper", r -> calls(Replies.call("echo", Map.of("text", "again"))))
                .subagent("quick", text("quick answer"))
                .build();
        SwarmResult result = AgentSwarm.builder()
                .orchestratorModel(model)
                .tools(new Echo())
                .limits(Limits.builder().maxSubagentSteps(3).build())
                .build()
                .run("task");

        assertThat(result.status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(result.tasks())
                .extracting(t -> t.status())
                .containsExactly(TaskStatus.STEP_LIMIT, TaskStatus.COMPLETED);
        assertThat(result.tasks().get(0).steps()).isEqualTo(3);
        assertThat(result.tasks().get(0).reason()).isEqualTo("reached its step limit of 3 without a final message");
        assertThat(result.answer())
                .contains("[task s0-t0 of subagent 'looper' STEP_LIMIT after 3 steps:")
                .endsWith("quick answer");
        assertThat(model.requests("looper")).hasSize(3);
    }

    @Test
    void maxTasksPerStageRefusesTheExcessWithAClearError() {
        ScriptedModel model = ScriptedModel.builder()
                .orchestrator(calls(
                        createSubagent("w", "You work."),
                        assignTask("w", "a"),
                        assignTask("w", "b"),
                        assignTask("w", "c")))
                .orchestrator(r -> text(String.join("|", r.latestToolResults())))
                .subagent("w", r -> text(r.userPrompt()))
                .build();
        SwarmResult result = AgentSwarm.builder()
                .orchestratorModel(model)
                .limits(Limits.builder().maxTasksPerStage(2).build())
                .build()
                .run("task");

        assertThat(result.status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(result.tasks()).hasSize(2);
        assertThat(result.answer())
                .endsWith("|a|b|Error: limit maxTasksPerStage reached; task for 'w' not started: "
                        + "one turn may launch at most 2 tasks. Assign the rest in a later turn.");
        assertThat(result.report().limitsHit()).singleElement().asString().startsWith("maxTasksPerStage");
    }

    @Test
    void maxSubagentDefinitionsRefusesTheExtraDefinition() {
        ScriptedModel model = ScriptedModel.builder()
                .orchestrator(calls(createSubagent("a", "A."), createSubagent("b", "B.")))
                .orchestrator(r -> text(r.latestToolResults().get(1)))
                .build();
        SwarmResult result = AgentSwarm.builder()
                .orchestratorModel(model)
                .limits(Limits.builder().maxSubagentDefinitions(1).build())
                .build()
                .run("task");

        assertThat(result.subagents()).extracting(d -> d.name()).containsExactly("a");
        assertThat(result.answer())
                .isEqualTo("Error: limit maxSubagentDefinitions reached; subagent 'b' not created: "
                        + "at most 1 subagents may be defined. Reuse an existing subagent: [a].");
    }

    @Test
    void maxTasksBudgetDispatchesExactlyNThenEndsTheRun() {
        ScriptedModel model = ScriptedModel.builder()
                .orchestrator(calls(createSubagent("w", "You work."), assignTask("w", "1"), assignTask("w", "2")))
                .orchestrator(calls(assignTask("w", "3"), assignTask("w", "4")))
                .orchestrator(text("never reached"))
                .subagent("w", r -> text("done " + r.userPrompt()))
                .build();
        SwarmResult result = AgentSwarm.builder()
                .orchestratorModel(model)
                .budget(Budget.builder().maxTasks(3).build())
                .build()
                .run("task");

        assertThat(result.status()).isEqualTo(RunStatus.BUDGET_EXHAUSTED);
        assertThat(result.reason()).startsWith("budget maxTasks (3) exhausted");
        assertThat(model.requests("w")).hasSize(3);
        assertThat(result.tasks()).extracting(t -> t.finalMessage()).containsExactly("done 1", "done 2", "done 3");
        assertThat(result.answer()).contains("done 1", "done 2", "done 3");
        assertThat(model.requests(ScriptedModel.ORCHESTRATOR)).hasSize(2);
    }

    @Test
    void limitsRejectNonsense() {
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> Limits.builder().maxSubagentSteps(0).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxSubagentSteps must be >= 1, got 0");
    }
}

package dev.agentswarm.test;

import static dev.agentswarm.test.Replies.assignTask;
import static dev.agentswarm.test.Replies.calls;
import static dev.agentswarm.test.Replies.createSubagent;
import static dev.agentswarm.test.Replies.text;
import static org.assertj.core.api.Assertions.assertThat;

import dev.agentswarm.AgentSwarm;
import dev.agentswarm.model.SwarmModel;
import dev.agentswarm.report.RunStatus;
import dev.agentswarm.report.SwarmResult;
import dev.agentswarm.report.TaskStatus;
import dev.langchain4j.agent.tool.P;
import dev.langchain4j.agent.tool.Tool;
import java.util.Map;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

/** A failed subagent, a failing tool and a failing orchestrator are results with reasons, never lost siblings. */
class FailureIsolationTest {

    static final class Flaky {
        @Tool("Always fails")
        String explode(@P("x") String x) {
            throw new IllegalStateException("disk on fire");
        }
    }

    @Test
    void aFailedModelCallFailsOnlyItsTask() {
        ScriptedModel model = ScriptedModel.builder()
                .orchestrator(calls(
                        createSubagent("w", "You work."),
                        assignTask("w", "ok-1"),
                        assignTask("w", "boom"),
                        assignTask("w", "ok-2")))
                .orchestrator(r -> text(String.join(" | ", r.latestToolResults())))
                .subagent("w", r -> {
                    if (r.userPrompt().equals("boom")) {
                        throw new IllegalStateException("provider said 500");
                    }
                    return text("fine " + r.userPrompt());
                })
                .build();
        SwarmResult result =
                AgentSwarm.builder().orchestratorModel(model).build().run("task");

        assertThat(result.status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(result.tasks())
                .extracting(t -> t.status())
                .containsExactly(TaskStatus.COMPLETED, TaskStatus.FAILED, TaskStatus.COMPLETED);
        assertThat(result.tasks().get(1).reason())
                .isEqualTo("model call failed: IllegalStateException: provider said 500");
        assertThat(result.answer())
                .endsWith(" | fine ok-1 | [task s0-t1 of subagent 'w' FAILED after 0 steps: "
                        + "model call failed: IllegalStateException: provider said 500] | fine ok-2");
    }

    @Test
    void aThrowingToolBecomesAnErrorResultAndTheTaskGoesOn() {
        ScriptedModel model = ScriptedModel.builder()
                .orchestrator(calls(createSubagent("w", "You work."), assignTask("w", "t")))
                .orchestrator(r -> text(r.latestToolResults().get(1)))
                .subagent("w", calls(Replies.call("explode", Map.of("x", "1"))))
                .subagent("w", r -> text("saw: " + r.latestToolResults().get(0)))
                .build();
        SwarmResult result = AgentSwarm.builder()
                .orchestratorModel(model)
                .tools(new Flaky())
                .build()
                .run("task");

        assertThat(result.tasks()).singleElement().satisfies(t -> {
            assertThat(t.status()).isEqualTo(TaskStatus.COMPLETED);
            assertThat(t.steps()).isEqualTo(2);
        });
        assertThat(result.answer())
                .startsWith("saw: Error: tool 'explode' failed: ")
                .contains("disk on fire");
    }

    @Test
    void aToolTheSubagentWasNotGivenIsRefused() {
        ScriptedModel model = ScriptedModel.builder()
                .orchestrator(calls(
                        createSubagent("w", "You work.", "explode"),
                        createSubagent("v", "Viewer.", new String[0]),
                        assignTask("v", "t")))
                .orchestrator(r -> text(r.latestToolResults().get(2)))
                .subagent("v", calls(Replies.call("explode", Map.of("x", "1"))))
                .subagent("v", r -> text(r.latestToolResults().get(0)))
                .build();
        SwarmResult result = AgentSwarm.builder()
                .orchestratorModel(model)
                .tools(new Flaky())
                .defaultSubagentTools(java.util.List.of())
                .build()
                .run("task");
        assertThat(result.answer()).isEqualTo("Error: unknown tool 'explode'. Available tools: [].");
    }

    @Test
    void aFailingOrchestratorEndsTheRunAsFailedWithCompletedTasksKept() {
        ScriptedModel script = ScriptedModel.builder()
                .orchestrator(calls(createSubagent("w", "You work."), assignTask("w", "t")))
                .subagent("w", text("kept"))
                .build();
        int[] calls = {0};
        SwarmModel orchestrator = SwarmModel.of(
                "flaky-orchestrator",
                req -> ++calls[0] == 1 ? script.chat(req) : Mono.error(new IllegalStateException("503 from provider")));
        SwarmResult result = AgentSwarm.builder()
                .orchestratorModel(orchestrator)
                .subagentModel(script)
                .build()
                .run("t");

        assertThat(result.status()).isEqualTo(RunStatus.FAILED);
        assertThat(result.reason())
                .isEqualTo("orchestrator model call failed: IllegalStateException: 503 from provider");
        assertThat(result.tasks())
                .singleElement()
                .satisfies(t -> assertThat(t.finalMessage()).isEqualTo("kept"));
        assertThat(result.answer()).isEqualTo("[s0-t0 w] kept");
    }
}

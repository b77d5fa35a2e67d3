package dev.agentswarm.test;

import static dev.agentswarm.test.Replies.assignTask;
import static dev.agentswarm.test.Replies.calls;
import static dev.agentswarm.test.Replies.createSubagent;
import static dev.agentswarm.test.Replies.text;
import static org.assertj.core.api.Assertions.assertThat;

import dev.agentswarm.AgentSwarm;
import dev.agentswarm.event.SwarmEvent;
import dev.agentswarm.report.RunStatus;
import dev.agentswarm.report.StageReport;
import dev.agentswarm.report.SwarmResult;
import dev.agentswarm.report.TaskStatus;
import dev.langchain4j.agent.tool.P;
import dev.langchain4j.agent.tool.Tool;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * Critical steps = Σ_t ( S_main(t) + max_i S_sub,i(t) ), checked against a run computed by hand. The run has four
 * stages: a stage that only creates subagents (no tasks), a stage of three tasks with 1, 3 and 2 steps, a stage of one
 * task with 2 steps, and the final answer.
 */
class CriticalStepsAccountingTest {

    static final class Lookup {
        @Tool("Looks a key up")
        String lookup(@P("the key") String key) {
            return "value-of-" + key;
        }
    }

    @Test
    void criticalStepsMatchTheHandComputedValue() {
        ScriptedModel model = ScriptedModel.builder()
                // stage 0: definitions only -> S_main = 1, no subagents
                .orchestrator(calls(
                        createSubagent("quick", "You answer at once."),
                        createSubagent("digger", "You dig with the lookup tool.")))
                // stage 1: three tasks: quick (1 step), digger (3 steps), digger2 prompt (3 steps: same script)
                .orchestrator(calls(assignTask("quick", "q1"), assignTask("digger", "d1"), assignTask("quick", "q2")))
                // stage 2: one digger task (3 steps)
                .orchestrator(calls(assignTask("digger", "d2")))
                // stage 3: final answer -> S_main = 1
                .orchestrator(text("done"))
                .subagent("quick", r -> text("quick answer to " + r.userPrompt()))
                .subagent("digger", calls(Replies.call("lookup", Map.of("key", "a"))))
                .subagent(
                        "digger",
                        calls(Replies.call("lookup", Map.of("key", "b")), Replies.call("lookup", Map.of("key", "c"))))
                .subagent("digger", r -> text("dug " + r.toolResults().size() + " values"))
                .build();

        List<SwarmEvent> events = new CopyOnWriteArrayList<>();
        SwarmResult result = AgentSwarm.builder()
                .orchestratorModel(model)
                .tools(new Lookup())
                .listener(events::add)
                .build()
                .run("dig");

        assertThat(result.status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(result.answer()).isEqualTo("done");
        assertThat(result.report().stages()).extracting(StageReport::mainSteps).containsExactly(1, 1, 1, 1);
        assertThat(result.report().stages())
                .extracting(StageReport::maxSubSteps)
                .containsExactly(0, 3, 3, 0);
        assertThat(result.tasks()).extracting(t -> t.steps()).containsExactly(1, 3, 1, 3);
        assertThat(result.tasks()).allMatch(t -> t.status() == TaskStatus.COMPLETED);
        // (1 + 0) + (1 + max(1, 3, 1)) + (1 + 3) + (1 + 0) = 1 + 4 + 4 + 1 = 10
        assertThat(result.criticalSteps()).isEqualTo(10);
        // 4 orchestrator turns + 1 + 3 + 1 + 3 task steps = 12
        assertThat(result.report().totalSteps()).isEqualTo(12);
        assertThat(result.report().parallelism()).isEqualTo(1.2);
        assertThat(result.tasks().get(1).finalMessage()).isEqualTo("dug 3 values");
        // The events carry what the report computes: each stage's longest task, the run's critical and total steps.
        assertThat(events.stream()
                        .filter(e -> e instanceof SwarmEvent.StageFinished)
                        .map(e -> ((SwarmEvent.StageFinished) e).maxSubSteps()))
                .containsExactly(0, 3, 3, 0);
        SwarmEvent.RunFinished finished = (SwarmEvent.RunFinished) events.get(events.size() - 1);
        assertThat(finished.criticalSteps()).isEqualTo(10);
        assertThat(finished.totalSteps()).isEqualTo(12);
        model.assertSubagentContextsIsolated();
    }
}

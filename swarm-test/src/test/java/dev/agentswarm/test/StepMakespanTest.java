package dev.agentswarm.test;

import static dev.agentswarm.test.Replies.assignTask;
import static dev.agentswarm.test.Replies.call;
import static dev.agentswarm.test.Replies.calls;
import static dev.agentswarm.test.Replies.createSubagent;
import static dev.agentswarm.test.Replies.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentswarm.AgentSwarm;
import dev.agentswarm.event.SwarmEvent;
import dev.agentswarm.policy.Limits;
import dev.agentswarm.policy.TaskOrdering;
import dev.agentswarm.report.CriticalSteps;
import dev.agentswarm.report.RunStatus;
import dev.agentswarm.report.StageReport;
import dev.agentswarm.report.SwarmResult;
import dev.langchain4j.agent.tool.P;
import dev.langchain4j.agent.tool.Tool;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Critical steps keep their definition (Σ S_main + max S_sub), which ignores the concurrency cap; the step-makespan
 * adds what the cap costs: per stage, the steps the stage's tasks take when they start in the order they actually
 * started and each takes the first free slot (list scheduling, in steps). Checked on hand-computed cases and end to
 * end: 128 tasks of 10 steps under a cap of 64 take 20 steps, so the stage's step-makespan is 1 + 20 = 21 while its
 * critical steps stay 1 + 10 = 11.
 */
class StepMakespanTest {

    static int[] repeat(int steps, int times) {
        int[] out = new int[times];
        java.util.Arrays.fill(out, steps);
        return out;
    }

    @Test
    void listSchedulingMakespanOnHandComputedCases() {
        assertThat(CriticalSteps.stepMakespan(repeat(10, 128), 64)).isEqualTo(20);
        assertThat(CriticalSteps.stepMakespan(repeat(10, 129), 64)).isEqualTo(30);
        assertThat(CriticalSteps.stepMakespan(repeat(10, 64), 64)).isEqualTo(10);
        assertThat(CriticalSteps.stepMakespan(repeat(10, 3), 64)).isEqualTo(10);
        assertThat(CriticalSteps.stepMakespan(new int[0], 4)).isZero();
        // In start order, each task takes the slot that frees first.
        // FIFO [1,1,1,3] on 2 slots: A:1, B:1, A:1+1=2, then 3 on B: 1+3=4.
        assertThat(CriticalSteps.stepMakespan(new int[] {1, 1, 1, 3}, 2)).isEqualTo(4);
        // Longest first [3,1,1,1]: A:3, B:1, B:2, B:3.
        assertThat(CriticalSteps.stepMakespan(new int[] {3, 1, 1, 1}, 2)).isEqualTo(3);
        // One slot: the sum.
        assertThat(CriticalSteps.stepMakespan(new int[] {2, 5, 0, 4}, 1)).isEqualTo(11);
        // [5,4,3,3,3] on 2 slots: A:5, B:4, B:7, A:8, B:10.
        assertThat(CriticalSteps.stepMakespan(new int[] {5, 4, 3, 3, 3}, 2)).isEqualTo(10);
        assertThatThrownBy(() -> CriticalSteps.stepMakespan(new int[] {1}, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("slots");
        assertThatThrownBy(() -> CriticalSteps.stepMakespan(new int[] {-1}, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("steps");
    }

    @Test
    void aStageReportWithoutACapHasTheLongestTaskAsItsMakespan() {
        StageReport s = new StageReport(0, 1, List.of(), List.of(), java.time.Instant.EPOCH, Duration.ZERO);
        assertThat(s.subStepMakespan()).isZero();
        assertThat(s.stepMakespan()).isEqualTo(1).isEqualTo(s.criticalSteps());
    }

    static final class Lookup {
        @Tool("Looks a key up")
        String lookup(@P("the key") String key) {
            return "value-of-" + key;
        }
    }

    /** A worker script of {@code steps} steps: steps - 1 lookups, then the answer. */
    static ScriptedModel.Builder worker(ScriptedModel.Builder b, String agent, int steps) {
        for (int i = 0; i < steps - 1; i++) {
            b.subagent(agent, calls(call("lookup", Map.of("key", "k" + i))));
        }
        return b.subagent(agent, r -> text(agent + " done " + r.userPrompt()));
    }

    @Test
    void oneHundredTwentyEightTasksOfTenStepsUnderACapOf64TakeTwentyOneSteps() {
        List<ToolExecutionRequest> stage0 = new ArrayList<>();
        stage0.add(createSubagent("worker", "You work."));
        for (int i = 0; i < 128; i++) {
            stage0.add(assignTask("worker", "task " + i));
        }
        ScriptedModel model = worker(
                        ScriptedModel.builder().orchestrator(calls(stage0)).orchestrator(text("all done")),
                        "worker",
                        10)
                .build();
        List<SwarmEvent> events = Collections.synchronizedList(new ArrayList<>());
        SwarmResult result = AgentSwarm.builder()
                .orchestratorModel(model)
                .tools(new Lookup())
                .maxConcurrency(64)
                .limits(Limits.builder().maxTasksPerStage(128).build())
                .listener(events::add)
                .build()
                .run("go");

        assertThat(result.status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(result.tasks()).hasSize(128).allMatch(t -> t.steps() == 10);
        StageReport s0 = result.report().stages().get(0);
        assertThat(s0.criticalSteps())
                .as("the formula as defined ignores the cap")
                .isEqualTo(1 + 10);
        assertThat(s0.subStepMakespan()).isEqualTo(20);
        assertThat(s0.stepMakespan()).isEqualTo(1 + 20);
        assertThat(result.criticalSteps()).isEqualTo(11 + 1);
        assertThat(result.report().stepMakespan()).isEqualTo(21 + 1);
        assertThat(events)
                .filteredOn(SwarmEvent.StageFinished.class::isInstance)
                .extracting(e -> ((SwarmEvent.StageFinished) e).subStepMakespan())
                .containsExactly(20, 0);
        assertThat(model.maxConcurrentCalls()).isLessThanOrEqualTo(64);
    }

    @Test
    void theMakespanFollowsTheActualStartOrder() {
        Function<TaskOrdering, SwarmResult> run = ordering -> {
            ScriptedModel.Builder b = ScriptedModel.builder()
                    .orchestrator(calls(
                            createSubagent("short", "You are short."),
                            createSubagent("long", "You are long."),
                            assignTask("short", "s1"),
                            assignTask("short", "s2"),
                            assignTask("short", "s3"),
                            assignTask("long", "l1")))
                    .orchestrator(text("done"));
            worker(b, "short", 1);
            worker(b, "long", 3);
            return AgentSwarm.builder()
                    .orchestratorModel(b.build())
                    .tools(new Lookup())
                    .maxConcurrency(2)
                    .taskOrdering(ordering)
                    .taskDurationHint(
                            (agent, prompt) -> agent.equals("long") ? Duration.ofSeconds(30) : Duration.ofSeconds(1))
                    .build()
                    .run("go");
        };
        // FIFO starts s1, s2, s3, l1: slots A:1, B:1, A:2, then l1 on B: 1 + 3 = 4.
        SwarmResult fifo = run.apply(TaskOrdering.FIFO);
        assertThat(fifo.report().stages().get(0).maxSubSteps()).isEqualTo(3);
        assertThat(fifo.report().stages().get(0).subStepMakespan()).isEqualTo(4);
        // Longest expected first starts l1 first: A:3, B:1, B:2, B:3.
        SwarmResult longest = run.apply(TaskOrdering.LONGEST_EXPECTED_FIRST);
        assertThat(longest.report().stages().get(0).subStepMakespan()).isEqualTo(3);
        assertThat(longest.report().stepMakespan())
                .isEqualTo(longest.criticalSteps())
                .isEqualTo(1 + 3 + 1);
        assertThat(fifo.report().stepMakespan()).isEqualTo(1 + 4 + 1);
    }
}

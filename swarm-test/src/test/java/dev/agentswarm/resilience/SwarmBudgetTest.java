package dev.agentswarm.resilience;

import static dev.agentswarm.test.Replies.assignTask;
import static dev.agentswarm.test.Replies.calls;
import static dev.agentswarm.test.Replies.createSubagent;
import static dev.agentswarm.test.Replies.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentswarm.AgentSwarm;
import dev.agentswarm.SwarmRun;
import dev.agentswarm.event.SwarmEvent;
import dev.agentswarm.policy.Budget;
import dev.agentswarm.report.RunStatus;
import dev.agentswarm.report.SwarmResult;
import dev.agentswarm.report.TaskResult;
import dev.agentswarm.report.TaskStatus;
import dev.agentswarm.test.ScriptedModel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import reactor.test.scheduler.VirtualTimeScheduler;

/** Budgets hold across the whole run: nothing new starts once one runs out, and the result names it. */
class SwarmBudgetTest {

    final List<SwarmEvent> events = Collections.synchronizedList(new ArrayList<>());

    ScriptedModel.Builder twoStagesOfTwoTasks() {
        return ScriptedModel.builder()
                .orchestrator(calls(
                        createSubagent("worker", "You work."), assignTask("worker", "a"), assignTask("worker", "b")))
                .orchestrator(calls(assignTask("worker", "c"), assignTask("worker", "d")))
                .orchestrator(text("all done"))
                .subagent("worker", r -> text("answer " + r.userPrompt()));
    }

    long assigned() {
        synchronized (events) {
            return events.stream()
                    .filter(SwarmEvent.TaskAssigned.class::isInstance)
                    .count();
        }
    }

    @Test
    void aTaskBudgetOfNDispatchesExactlyNAndNamesTheBudget() {
        ScriptedModel model = twoStagesOfTwoTasks().build();
        SwarmResult result = AgentSwarm.builder()
                .orchestratorModel(model)
                .budget(Budget.builder().maxTasks(3).build())
                .listener(events::add)
                .build()
                .run("go");

        assertThat(result.status()).isEqualTo(RunStatus.BUDGET_EXHAUSTED);
        assertThat(result.reason()).contains("maxTasks").contains("3");
        assertThat(assigned()).isEqualTo(3);
        assertThat(model.requests("worker")).hasSize(3);
        assertThat(result.tasks()).hasSize(3).allMatch(t -> t.status() == TaskStatus.COMPLETED);
        assertThat(result.answer()).contains("answer a").contains("answer b").contains("answer c");
    }

    @Test
    void aTokenBudgetStopsNewWorkAndKeepsThePartialAnswer() {
        ScriptedModel model = twoStagesOfTwoTasks().build();
        // The first orchestrator turn alone uses more than 50 tokens (a quarter of its characters).
        SwarmResult result = AgentSwarm.builder()
                .orchestratorModel(model)
                .budget(Budget.builder().maxTotalTokens(50).build())
                .listener(events::add)
                .build()
                .run("go");

        assertThat(result.status()).isEqualTo(RunStatus.BUDGET_EXHAUSTED);
        assertThat(result.reason()).startsWith("budget maxTotalTokens (50) exhausted");
        assertThat(assigned()).isZero();
        assertThat(model.requests("worker")).isEmpty();
        assertThat(model.requests(ScriptedModel.ORCHESTRATOR)).hasSize(1);
        assertThat(result.report().limitsHit()).anyMatch(l -> l.startsWith("maxTotalTokens"));
    }

    @Test
    void aCostBudgetCountsPerModelPrices() {
        ScriptedModel model = twoStagesOfTwoTasks().name("m").build();
        // 1,000,000 per million tokens: one unit per token; the first turn costs well over 20.
        SwarmResult result = AgentSwarm.builder()
                .orchestratorModel(model)
                .budget(Budget.builder()
                        .maxCost(20)
                        .price("m", 1_000_000, 1_000_000)
                        .build())
                .build()
                .run("go");

        assertThat(result.status()).isEqualTo(RunStatus.BUDGET_EXHAUSTED);
        assertThat(result.reason()).startsWith("budget maxCost");
        assertThat(model.requests("worker")).isEmpty();
    }

    @Test
    void aCostBudgetWithoutAPriceForAModelIsRejectedAtBuild() {
        ScriptedModel model = twoStagesOfTwoTasks().name("m").build();
        assertThatThrownBy(() -> AgentSwarm.builder()
                        .orchestratorModel(model)
                        .budget(Budget.builder().maxCost(1).build())
                        .build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("model 'm' has no price");
    }

    @Test
    void aCriticalStepBudgetRefusesTheStageThatWouldExceedIt() {
        ScriptedModel model = twoStagesOfTwoTasks().build();
        // Stage 0: 1 + 1 = 2 critical steps; stage 1 would make 2 + 1 + 1 = 4 > 3.
        SwarmResult result = AgentSwarm.builder()
                .orchestratorModel(model)
                .budget(Budget.builder().maxCriticalSteps(3).build())
                .build()
                .run("go");

        assertThat(result.status()).isEqualTo(RunStatus.BUDGET_EXHAUSTED);
        assertThat(result.reason()).startsWith("budget maxCriticalSteps (3) exhausted");
        assertThat(model.requests("worker")).hasSize(2);
        assertThat(result.criticalSteps()).isLessThanOrEqualTo(3);
    }

    @Test
    void underTheCancelPolicyTasksInFlightAreCancelledWhenTheBudgetRunsOut() {
        VirtualTimeScheduler time = VirtualTimeScheduler.create();
        ScriptedModel model = ScriptedModel.builder()
                .orchestrator(calls(
                        createSubagent("quick", "You are quick."),
                        createSubagent("slow", "You are slow."),
                        assignTask("quick", "q"),
                        assignTask("slow", "s")))
                .orchestrator(text("never"))
                .subagent("quick", text("quick answer " + "x".repeat(2_000)))
                .subagent("slow", text("slow answer"))
                .latency(r -> switch (r.role()) {
                    case "quick" -> Duration.ofSeconds(1);
                    case "slow" -> Duration.ofMinutes(10);
                    default -> Duration.ZERO;
                })
                .scheduler(time)
                .build();
        SwarmRun run = AgentSwarm.builder()
                .orchestratorModel(model)
                .timer(time)
                .budget(Budget.builder()
                        .maxTotalTokens(300)
                        .onExhausted(Budget.OnExhausted.CANCEL_IN_FLIGHT)
                        .build())
                .build()
                .start("go");
        time.advanceTimeBy(Duration.ofSeconds(2));
        SwarmResult result = run.result().block(Duration.ofSeconds(5));

        assertThat(result).isNotNull();
        assertThat(result.status()).isEqualTo(RunStatus.BUDGET_EXHAUSTED);
        assertThat(result.reason()).startsWith("budget maxTotalTokens (300) exhausted");
        TaskResult quick = result.tasks().get(0);
        TaskResult slow = result.tasks().get(1);
        assertThat(quick.status()).isEqualTo(TaskStatus.COMPLETED);
        assertThat(slow.status()).isEqualTo(TaskStatus.CANCELLED);
        assertThat(slow.reason()).contains("maxTotalTokens");
        assertThat(result.answer()).contains("quick answer");
        assertThat(model.requests(ScriptedModel.ORCHESTRATOR)).hasSize(1);
    }

    @Test
    void aWallTimeBudgetEndsTheRunGracefully() {
        VirtualTimeScheduler time = VirtualTimeScheduler.create();
        ScriptedModel model = twoStagesOfTwoTasks()
                .latency(r -> r.role().equals("worker") ? Duration.ofMinutes(1) : Duration.ZERO)
                .scheduler(time)
                .build();
        SwarmRun run = AgentSwarm.builder()
                .orchestratorModel(model)
                .timer(time)
                .budget(Budget.builder().maxWallTime(Duration.ofSeconds(90)).build())
                .build()
                .start("go");
        time.advanceTimeBy(Duration.ofMinutes(5));
        SwarmResult result = run.result().block(Duration.ofSeconds(5));

        assertThat(result).isNotNull();
        assertThat(result.status()).isEqualTo(RunStatus.BUDGET_EXHAUSTED);
        assertThat(result.reason()).startsWith("budget maxWallTime (90000 ms) exhausted");
        // Stage 1's tasks were in flight at 90 s and finished (the default policy); no third orchestrator turn.
        assertThat(result.tasks()).hasSize(4).allMatch(t -> t.status() == TaskStatus.COMPLETED);
        assertThat(model.requests(ScriptedModel.ORCHESTRATOR)).hasSize(2);
    }
}

package dev.agentswarm.resilience;

import static dev.agentswarm.test.Replies.assignTask;
import static dev.agentswarm.test.Replies.calls;
import static dev.agentswarm.test.Replies.createSubagent;
import static dev.agentswarm.test.Replies.text;
import static org.assertj.core.api.Assertions.assertThat;

import dev.agentswarm.AgentSwarm;
import dev.agentswarm.event.SwarmEvent;
import dev.agentswarm.policy.Budget;
import dev.agentswarm.report.RunStatus;
import dev.agentswarm.report.SwarmResult;
import dev.agentswarm.test.ScriptedModel;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * Each budget at its exact bound: a budget equal to what the run uses runs out at that point, one unit more lets the
 * work go on. Pins the comparisons of the budget guard, where an off-by-one silently lets a run overspend or stop a
 * step early.
 */
class BudgetBoundaryTest {

    static ScriptedModel twoStagesOfTwoTasks() {
        return ScriptedModel.builder()
                .name("m")
                .orchestrator(calls(
                        createSubagent("worker", "You work."), assignTask("worker", "a"), assignTask("worker", "b")))
                .orchestrator(calls(assignTask("worker", "c"), assignTask("worker", "d")))
                .orchestrator(text("all done"))
                .subagent("worker", r -> text("answer " + r.userPrompt()))
                .build();
    }

    /** The tokens of the run's first orchestrator turn, from an unlimited run of the same script. */
    static long firstTurnTokens() {
        List<SwarmEvent> events = Collections.synchronizedList(new ArrayList<>());
        SwarmResult unlimited = AgentSwarm.builder()
                .orchestratorModel(twoStagesOfTwoTasks())
                .listener(events::add)
                .build()
                .run("go");
        assertThat(unlimited.status()).isEqualTo(RunStatus.COMPLETED);
        synchronized (events) {
            SwarmEvent.OrchestratorTurn first = events.stream()
                    .filter(SwarmEvent.OrchestratorTurn.class::isInstance)
                    .map(SwarmEvent.OrchestratorTurn.class::cast)
                    .findFirst()
                    .orElseThrow();
            return first.inputTokens() + first.outputTokens();
        }
    }

    static SwarmResult run(ScriptedModel model, Budget budget) {
        return AgentSwarm.builder()
                .orchestratorModel(model)
                .budget(budget)
                .build()
                .run("go");
    }

    @Test
    void aCriticalStepBudgetAllowsExactlyItsStepsAndNotOneMore() {
        // Stage 0: 1 + 1; stage 1: 1 + 1; the final turn: 1. Five critical steps in all.
        ScriptedModel enough = twoStagesOfTwoTasks();
        SwarmResult fits = run(enough, Budget.builder().maxCriticalSteps(5).build());
        assertThat(fits.status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(fits.criticalSteps()).isEqualTo(5);

        ScriptedModel model = twoStagesOfTwoTasks();
        SwarmResult result = run(model, Budget.builder().maxCriticalSteps(4).build());
        assertThat(result.status()).isEqualTo(RunStatus.BUDGET_EXHAUSTED);
        assertThat(result.reason())
                .isEqualTo("budget maxCriticalSteps (4) exhausted: the next step would make 5 critical steps");
        assertThat(model.requests("worker")).hasSize(4);
        assertThat(result.criticalSteps()).isEqualTo(4);
        assertThat(result.report().limitsHit()).containsExactly("maxCriticalSteps: " + result.reason());
    }

    @Test
    void aTokenBudgetRunsOutWhenTheTokensReachIt() {
        long first = firstTurnTokens();
        ScriptedModel reached = twoStagesOfTwoTasks();
        SwarmResult stopped =
                run(reached, Budget.builder().maxTotalTokens(first).build());
        assertThat(stopped.status()).isEqualTo(RunStatus.BUDGET_EXHAUSTED);
        assertThat(stopped.reason())
                .isEqualTo("budget maxTotalTokens (" + first + ") exhausted: " + first + " tokens used");
        assertThat(reached.requests("worker")).isEmpty();

        ScriptedModel below = twoStagesOfTwoTasks();
        SwarmResult goesOn =
                run(below, Budget.builder().maxTotalTokens(first + 1).build());
        assertThat(below.requests("worker"))
                .as("one token to spare: the first stage starts")
                .isNotEmpty();
        assertThat(goesOn.reason()).startsWith("budget maxTotalTokens (" + (first + 1) + ") exhausted");
    }

    @Test
    void aCostBudgetRunsOutWhenTheCostReachesIt() {
        long first = firstTurnTokens();
        // One unit per token.
        ScriptedModel reached = twoStagesOfTwoTasks();
        SwarmResult stopped = run(
                reached,
                Budget.builder().maxCost(first).price("m", 1_000_000, 1_000_000).build());
        assertThat(stopped.status()).isEqualTo(RunStatus.BUDGET_EXHAUSTED);
        assertThat(stopped.reason())
                .isEqualTo(String.format(
                        Locale.ROOT, "budget maxCost (%.6f) exhausted: the run has cost %.6f", (double) first, (double)
                                first));
        assertThat(reached.requests("worker")).isEmpty();

        ScriptedModel below = twoStagesOfTwoTasks();
        run(
                below,
                Budget.builder()
                        .maxCost(first + 0.5)
                        .price("m", 1_000_000, 1_000_000)
                        .build());
        assertThat(below.requests("worker"))
                .as("half a unit to spare: the first stage starts")
                .isNotEmpty();
    }

    @Test
    void aCostBudgetCountsOnlyPricedTokens() {
        long first = firstTurnTokens();
        // The price of the input alone: the first turn costs its input tokens, less than its total.
        ScriptedModel model = twoStagesOfTwoTasks();
        run(model, Budget.builder().maxCost(first).price("m", 1_000_000, 0).build());
        assertThat(model.requests("worker"))
                .as("the output is free: the budget holds after turn 1")
                .isNotEmpty();
    }
}

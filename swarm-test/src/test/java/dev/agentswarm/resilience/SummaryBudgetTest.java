package dev.agentswarm.resilience;

import static dev.agentswarm.test.Replies.assignTask;
import static dev.agentswarm.test.Replies.calls;
import static dev.agentswarm.test.Replies.createSubagent;
import static dev.agentswarm.test.Replies.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentswarm.AgentSwarm;
import dev.agentswarm.SwarmRun;
import dev.agentswarm.model.SwarmModel;
import dev.agentswarm.policy.Budget;
import dev.agentswarm.policy.context.ApproximateTokenCountEstimator;
import dev.agentswarm.policy.context.ContextPolicy;
import dev.agentswarm.report.RunStatus;
import dev.agentswarm.report.SwarmResult;
import dev.agentswarm.report.TaskResult;
import dev.agentswarm.report.TokenUsage;
import dev.agentswarm.test.ScriptedModel;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.model.chat.response.ChatResponse;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.test.scheduler.VirtualTimeScheduler;

/**
 * Budgets count every token: the calls a summary context policy makes count against the token and cost budgets
 * (and need a price), whether they compact the orchestrator's history or a task's. A wall-time budget that runs out
 * while a summary is written ends the run {@code BUDGET_EXHAUSTED}, and no orchestrator call follows.
 */
class SummaryBudgetTest {

    static final int SUMMARY_TOKENS = 1_000;

    static SwarmModel summarizer(AtomicInteger calls, Duration latency, Scheduler scheduler) {
        return SwarmModel.of("summarizer", request -> {
            calls.incrementAndGet();
            ChatResponse r = ChatResponse.builder()
                    .aiMessage(AiMessage.from("the summary"))
                    .tokenUsage(new dev.langchain4j.model.output.TokenUsage(SUMMARY_TOKENS / 2, SUMMARY_TOKENS / 2))
                    .build();
            return latency.isZero()
                    ? Mono.just(r)
                    : Mono.delay(latency, scheduler).thenReturn(r);
        });
    }

    static ScriptedModel twoTurns() {
        return ScriptedModel.builder()
                .name("orch")
                .orchestrator(calls(createSubagent("worker", "You work."), assignTask("worker", "a")))
                .orchestrator(text("done"))
                .subagent("worker", text("answer"))
                .build();
    }

    static ContextPolicy summaryPolicy(SwarmModel summarizer) {
        return ContextPolicy.summary(1, ApproximateTokenCountEstimator.INSTANCE, summarizer);
    }

    @Test
    void orchestratorSummaryTokensCountAgainstTheTokenBudget() {
        // Without the summary the run uses a few hundred tokens; the summary alone uses 1,000.
        SwarmResult unbudgeted =
                AgentSwarm.builder().orchestratorModel(twoTurns()).build().run("go");
        long without = unbudgeted.report().tokens().total();
        assertThat(without).isLessThan(SUMMARY_TOKENS);

        AtomicInteger summaries = new AtomicInteger();
        ScriptedModel model = twoTurns();
        SwarmResult result = AgentSwarm.builder()
                .orchestratorModel(model)
                .orchestratorContextPolicy(summaryPolicy(summarizer(summaries, Duration.ZERO, Schedulers.parallel())))
                .budget(Budget.builder()
                        .maxTotalTokens(without + SUMMARY_TOKENS / 2)
                        .build())
                .build()
                .run("go");

        assertThat(summaries.get()).isEqualTo(1);
        assertThat(result.report().tokensByModel())
                .containsEntry("summarizer", new TokenUsage(SUMMARY_TOKENS / 2, SUMMARY_TOKENS / 2));
        assertThat(result.status()).isEqualTo(RunStatus.BUDGET_EXHAUSTED);
        assertThat(result.reason()).startsWith("budget maxTotalTokens");
        assertThat(model.requests(ScriptedModel.ORCHESTRATOR))
                .as("no orchestrator call past the budget")
                .hasSize(1);
    }

    @Test
    void subagentSummaryTokensCountInTheTaskAndAgainstTheCostBudget() {
        AtomicInteger summaries = new AtomicInteger();
        ScriptedModel model = ScriptedModel.builder()
                .name("orch")
                .orchestrator(calls(createSubagent("worker", "You work."), assignTask("worker", "a")))
                .orchestrator(calls(assignTask("worker", "b")))
                .orchestrator(text("done"))
                // After the summary the task's history restarts at turn 0, holding the summary in its user message.
                .subagent(
                        "worker",
                        r -> r.userPrompt().contains(ContextPolicy.SUMMARY_HEADER)
                                ? text("answer")
                                : calls(dev.agentswarm.test.Replies.call("lookup", java.util.Map.of("key", "k"))))
                .build();
        // One unit per token: the orchestrator and worker tokens stay far below 1,000; the summary alone costs 1,000.
        SwarmResult result = AgentSwarm.builder()
                .orchestratorModel(model)
                .tools(new Lookup())
                .subagentContextPolicy(summaryPolicy(summarizer(summaries, Duration.ZERO, Schedulers.parallel())))
                .budget(Budget.builder()
                        .maxCost(SUMMARY_TOKENS)
                        .price("orch", 1_000_000, 1_000_000)
                        .price("summarizer", 1_000_000, 1_000_000)
                        .build())
                .build()
                .run("go");

        assertThat(summaries.get()).isEqualTo(1);
        TaskResult task = result.tasks().get(0);
        assertThat(task.tokensByModel())
                .as("a task's tokens include its summaries")
                .containsEntry("summarizer", new TokenUsage(SUMMARY_TOKENS / 2, SUMMARY_TOKENS / 2));
        assertThat(result.status()).isEqualTo(RunStatus.BUDGET_EXHAUSTED);
        assertThat(result.reason()).startsWith("budget maxCost");
        assertThat(model.requests(ScriptedModel.ORCHESTRATOR))
                .as("the second stage never starts")
                .hasSize(1);
    }

    @Test
    void aCostBudgetNeedsAPriceForTheSummaryModel() {
        SwarmModel summary = summarizer(new AtomicInteger(), Duration.ZERO, Schedulers.parallel());
        assertThatThrownBy(() -> AgentSwarm.builder()
                        .orchestratorModel(twoTurns())
                        .subagentContextPolicy(summaryPolicy(summary))
                        .budget(Budget.builder().maxCost(1).price("orch", 1, 1).build())
                        .build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("model 'summarizer' has no price");
        assertThatThrownBy(() -> AgentSwarm.builder()
                        .orchestratorModel(twoTurns())
                        .orchestratorContextPolicy(summaryPolicy(summary))
                        .budget(Budget.builder().maxCost(1).price("orch", 1, 1).build())
                        .build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("model 'summarizer' has no price");
    }

    @ParameterizedTest
    @EnumSource(Budget.OnExhausted.class)
    void aWallTimeBudgetThatRunsOutDuringASummaryEndsTheRunBudgetExhausted(Budget.OnExhausted policy) {
        VirtualTimeScheduler time = VirtualTimeScheduler.create();
        AtomicInteger summaries = new AtomicInteger();
        ScriptedModel model = twoTurns();
        SwarmRun run = AgentSwarm.builder()
                .orchestratorModel(model)
                .timer(time)
                .orchestratorContextPolicy(summaryPolicy(summarizer(summaries, Duration.ofMinutes(2), time)))
                .budget(Budget.builder()
                        .maxWallTime(Duration.ofMinutes(1))
                        .onExhausted(policy)
                        .build())
                .build()
                .start("go");
        time.advanceTimeBy(Duration.ofMinutes(5));
        SwarmResult result = run.result().block(Duration.ofSeconds(5));

        assertThat(result).isNotNull();
        assertThat(summaries.get()).isEqualTo(1);
        assertThat(result.status()).isEqualTo(RunStatus.BUDGET_EXHAUSTED);
        assertThat(result.reason()).startsWith("budget maxWallTime (60000 ms) exhausted");
        assertThat(model.requests(ScriptedModel.ORCHESTRATOR))
                .as("no orchestrator call past the budget")
                .hasSize(1);
        assertThat(result.tasks()).hasSize(1);
    }

    /** The subagents' tool. */
    static final class Lookup {
        @dev.langchain4j.agent.tool.Tool("Looks a key up")
        String lookup(@dev.langchain4j.agent.tool.P("the key") String key) {
            return "value-of-" + key;
        }
    }
}

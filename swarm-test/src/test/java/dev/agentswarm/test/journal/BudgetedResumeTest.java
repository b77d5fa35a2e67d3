package dev.agentswarm.test.journal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentswarm.AgentSwarm;
import dev.agentswarm.RunOptions;
import dev.agentswarm.event.SwarmEvent;
import dev.agentswarm.journal.FsyncPolicy;
import dev.agentswarm.journal.JournalOptions;
import dev.agentswarm.journal.JournalReader;
import dev.agentswarm.model.SwarmModel;
import dev.agentswarm.policy.Budget;
import dev.agentswarm.policy.context.ApproximateTokenCountEstimator;
import dev.agentswarm.policy.context.ContextPolicy;
import dev.agentswarm.report.RunStatus;
import dev.agentswarm.report.SwarmResult;
import dev.agentswarm.report.TaskResult;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.TokenUsage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import reactor.core.publisher.Mono;

/**
 * A resumed run's budgets start from what the interrupted run had used, replayed work included: resumed from a
 * journal cut at any line, a run with a token or cost budget ends as the uninterrupted run did (same status, reason,
 * answer, tasks, critical steps and tokens). The same holds when the subagents' context policy writes summaries:
 * their tokens are part of a task's tokens, so a replayed task brings them back.
 */
class BudgetedResumeTest {

    @TempDir
    static Path dir;

    /** The summary model of the summary variant: 40 tokens per summary. */
    static SwarmModel summarizer() {
        return SwarmModel.of(
                "summarizer",
                request -> Mono.just(ChatResponse.builder()
                        .aiMessage(AiMessage.from("summary"))
                        .tokenUsage(new TokenUsage(30, 10))
                        .build()));
    }

    /** A budgeted swarm over the resume scenario; the budget is derived from an unbudgeted run's stage 0. */
    record Variant(String name, Function<Long, Budget> budget, boolean summaries) {
        @Override
        public String toString() {
            return name;
        }

        AgentSwarm swarm(SwarmModel model, long stage0Tokens) {
            AgentSwarm.Builder b = AgentSwarm.builder()
                    .orchestratorModel(model)
                    .tools(new ResumeScenario.Lookup())
                    .runIds(() -> "run-under-test")
                    .budget(budget.apply(stage0Tokens));
            if (summaries) {
                b.subagentContextPolicy(
                        ContextPolicy.summary(20, ApproximateTokenCountEstimator.INSTANCE, summarizer()));
            }
            return b.build();
        }
    }

    static final List<Variant> VARIANTS = List.of(
            new Variant(
                    "maxTotalTokens", t -> Budget.builder().maxTotalTokens(t).build(), false),
            new Variant(
                    "maxCost",
                    t -> Budget.builder()
                            .maxCost(t)
                            .price("det", 1_000_000, 1_000_000)
                            .price("summarizer", 1_000_000, 1_000_000)
                            .build(),
                    false),
            new Variant(
                    "maxTotalTokens with subagent summaries",
                    t -> Budget.builder().maxTotalTokens(t).build(),
                    true),
            new Variant("no budget, subagent summaries", t -> Budget.UNLIMITED, true));

    /**
     * Every variant, cut after each line that changes what a resume reuses (a turn, a task's end, a stage's end, the
     * run's end) and after the line before it.
     */
    static Stream<Arguments> cuts() throws Exception {
        List<Arguments> out = new ArrayList<>();
        for (Variant v : VARIANTS) {
            Path full = dir.resolve(v.name().replace(' ', '-') + "-events.jsonl");
            Files.write(full, baseline(v).journal());
            List<SwarmEvent> events = JournalReader.read(full).events();
            java.util.TreeSet<Integer> lines = new java.util.TreeSet<>();
            for (int i = 0; i < events.size(); i++) {
                SwarmEvent e = events.get(i);
                if (e instanceof SwarmEvent.OrchestratorTurn
                        || e instanceof SwarmEvent.TaskFinished
                        || e instanceof SwarmEvent.StageFinished
                        || e instanceof SwarmEvent.RunFinished) {
                    lines.add(i);
                    lines.add(i + 1);
                }
            }
            lines.add(1);
            for (int line : lines) {
                out.add(Arguments.of(v, line));
            }
        }
        return out.stream();
    }

    record Baseline(SwarmResult result, byte[] journal, long stage0Tokens) {}

    static final java.util.Map<String, Baseline> BASELINES = new java.util.concurrent.ConcurrentHashMap<>();

    /** The uninterrupted, budgeted, journaled run of a variant; its budget runs out at the end of stage 0. */
    static Baseline baseline(Variant v) throws Exception {
        Baseline known = BASELINES.get(v.name());
        if (known != null) {
            return known;
        }
        // Tokens used by the end of stage 0, measured on an unbudgeted run.
        SwarmResult free = v.swarm(ResumeScenario.model(Duration.ZERO, c -> {}), Long.MAX_VALUE / 4)
                .run(ResumeScenario.TASK);
        long orchestratorTurn0 = 10 + 5;
        long stage0 = orchestratorTurn0
                + free.report().stages().get(0).tasks().stream()
                        .mapToLong(t -> t.tokens().total())
                        .sum();
        Path journal = dir.resolve(v.name().replace(' ', '-') + "-full.jsonl");
        SwarmResult result = v.swarm(ResumeScenario.model(Duration.ofMillis(2), c -> {}), stage0)
                .run(ResumeScenario.TASK, RunOptions.journal(new JournalOptions(journal, FsyncPolicy.NEVER)));
        Baseline b = new Baseline(result, Files.readAllBytes(journal), stage0);
        BASELINES.put(v.name(), b);
        return b;
    }

    @ParameterizedTest(name = "{0}, journal cut after line {1}")
    @MethodSource("cuts")
    void aResumedBudgetedRunEndsAsTheUninterruptedRun(Variant v, int line) throws Exception {
        Baseline base = baseline(v);
        if (!v.name().startsWith("no budget")) {
            assertThat(base.result().status()).isEqualTo(RunStatus.BUDGET_EXHAUSTED);
        }
        int cut = IntStream.range(0, base.journal().length)
                        .filter(i -> base.journal()[i] == '\n')
                        .skip(line - 1)
                        .findFirst()
                        .orElseThrow()
                + 1;
        Path journal = dir.resolve(v.name().replace(' ', '-') + "-cut-" + line + ".jsonl");
        Files.write(journal, Arrays.copyOf(base.journal(), cut));

        SwarmResult resumed = v.swarm(ResumeScenario.model(Duration.ZERO, c -> {}), base.stage0Tokens())
                .execute(ResumeScenario.TASK, RunOptions.resume(new JournalOptions(journal, FsyncPolicy.NEVER)))
                .block(Duration.ofSeconds(20));

        assertThat(resumed).isNotNull();
        SwarmResult expected = base.result();
        assertThat(resumed.status()).isEqualTo(expected.status());
        assertThat(resumed.reason()).isEqualTo(expected.reason());
        assertThat(resumed.answer()).isEqualTo(expected.answer());
        assertThat(resumed.criticalSteps()).isEqualTo(expected.criticalSteps());
        assertThat(resumed.report().tokensByModel()).isEqualTo(expected.report().tokensByModel());
        assertThat(resumed.report().limitsHit()).isEqualTo(expected.report().limitsHit());
        assertThat(resumed.tasks())
                .extracting(
                        TaskResult::taskId,
                        TaskResult::status,
                        TaskResult::finalMessage,
                        TaskResult::steps,
                        TaskResult::tokensByModel)
                .isEqualTo(expected.tasks().stream()
                        .map(t -> org.assertj.core.groups.Tuple.tuple(
                                t.taskId(), t.status(), t.finalMessage(), t.steps(), t.tokensByModel()))
                        .toList());
        var after = JournalReader.read(journal);
        assertThat(after.events().get(after.events().size() - 1)).isInstanceOf(SwarmEvent.RunFinished.class);
    }
}

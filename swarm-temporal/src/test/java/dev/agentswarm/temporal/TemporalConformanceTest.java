package dev.agentswarm.temporal;

import static dev.agentswarm.test.Replies.assignTask;
import static dev.agentswarm.test.Replies.calls;
import static dev.agentswarm.test.Replies.createSubagent;
import static dev.agentswarm.test.Replies.text;
import static org.assertj.core.api.Assertions.assertThat;

import dev.agentswarm.AgentSwarm;
import dev.agentswarm.event.SwarmEvent;
import dev.agentswarm.model.SwarmModel;
import dev.agentswarm.policy.Budget;
import dev.agentswarm.policy.Limits;
import dev.agentswarm.report.RunStatus;
import dev.agentswarm.report.TaskStatus;
import dev.agentswarm.resilience.ModelPolicy;
import dev.agentswarm.resilience.ProviderHttpException;
import dev.agentswarm.temporal.workflow.ActivitySettings;
import dev.agentswarm.temporal.workflow.ShardSettings;
import dev.agentswarm.test.ScriptedModel;
import dev.agentswarm.tool.AgentTool;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import reactor.core.publisher.Mono;

/**
 * The same scripted scenarios on an in-process {@link AgentSwarm} and on Temporal (in-process test server, virtual
 * time): equal results, critical steps and event sequences, timestamps aside.
 */
class TemporalConformanceTest {

    private static final AgentTool LOOKUP = AgentTool.reactive(
            ToolSpecification.builder()
                    .name("lookup")
                    .description("Looks a library up")
                    .parameters(JsonObjectSchema.builder()
                            .addStringProperty("q", "the library")
                            .required("q")
                            .build())
                    .build(),
            request -> Mono.just("licence record for " + request.arguments()));

    private static ToolExecutionRequest lookup(String q) {
        return ToolExecutionRequest.builder()
                .id("lookup-" + q.replace(' ', '-'))
                .name("lookup")
                .arguments("{\"q\":\"" + q + "\"}")
                .build();
    }

    /** A scenario: fixed orchestrator replies (made once, so call ids agree) and the rest of the definition. */
    private record Scenario(
            List<AiMessage> orchestrator,
            Consumer<ScriptedModel.Builder> subagents,
            Consumer<AgentSwarm.Builder> options,
            java.util.function.UnaryOperator<SwarmModel> wrap) {

        Supplier<SwarmDefinition> definition() {
            return () -> {
                // A little latency, so that tasks overlap in process as they do on Temporal's workers.
                ScriptedModel.Builder m = ScriptedModel.builder()
                        .latency(Duration.ofMillis(20))
                        .orchestrator(orchestrator.toArray(AiMessage[]::new));
                subagents.accept(m);
                SwarmModel model = wrap.apply(m.build());
                return new SwarmDefinition() {
                    @Override
                    public SwarmModel orchestratorModel() {
                        return model;
                    }

                    @Override
                    public List<AgentTool> tools() {
                        return List.of(LOOKUP);
                    }

                    @Override
                    public void configure(AgentSwarm.Builder b) {
                        options.accept(b);
                    }
                };
            };
        }
    }

    /**
     * Without shards (every stage here is below the default threshold), and with every task in a shard of at most two
     * tasks: child workflows must not change the result, the critical steps or any task's events.
     */
    static Stream<ShardSettings> sharding() {
        return Stream.of(ShardSettings.DEFAULTS, FORCED);
    }

    static final ShardSettings FORCED = new ShardSettings(0, 2);

    private static TemporalFixture.Outcome[] both(Scenario s, String runId, ShardSettings shards) {
        TemporalFixture.Outcome local = TemporalFixture.inProcess(s.definition().get(), "the task", runId);
        TemporalFixture.Outcome remote =
                TemporalFixture.onTemporal(s.definition(), "the task", runId, ActivitySettings.DEFAULTS, shards);
        assertThat(TemporalFixture.normalized(remote.result())).isEqualTo(TemporalFixture.normalized(local.result()));
        assertThat(remote.result().criticalSteps()).isEqualTo(local.result().criticalSteps());
        assertThat(TemporalFixture.canonical(remote.events())).isEqualTo(TemporalFixture.canonical(local.events()));
        assertThat(remote.events().get(remote.events().size() - 1)).isInstanceOf(SwarmEvent.RunFinished.class);
        if (shards.equals(FORCED)) {
            assertThat(remote.shards()).as("child workflows started").isPositive();
        } else {
            assertThat(remote.shards()).as("child workflows started").isZero();
        }
        return new TemporalFixture.Outcome[] {local, remote};
    }

    @ParameterizedTest
    @MethodSource("sharding")
    void parallelTasksWithToolsGiveTheSameResultEventsAndCriticalSteps(ShardSettings shards) {
        Scenario s = new Scenario(
                List.of(
                        calls(
                                createSubagent("researcher", "You research one library.", "lookup"),
                                assignTask("researcher", "lib a"),
                                assignTask("researcher", "lib b"),
                                assignTask("researcher", "lib c")),
                        text("all three are MIT")),
                m -> m.subagent("researcher", r -> calls(lookup(r.userPrompt())))
                        .subagent("researcher", r -> text("found " + r.latestToolResults())),
                b -> b.maxConcurrency(2),
                model -> model);
        TemporalFixture.Outcome remote = both(s, "conformance-parallel", shards)[1];
        assertThat(remote.result().status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(remote.result().answer()).isEqualTo("all three are MIT");
        assertThat(remote.result().tasks())
                .extracting(t -> t.finalMessage())
                .satisfiesExactly(
                        m -> assertThat(m).startsWith("found [").endsWith("licence record for {\"q\":\"lib a\"}]"),
                        m -> assertThat(m).startsWith("found [").endsWith("licence record for {\"q\":\"lib b\"}]"),
                        m -> assertThat(m).startsWith("found [").endsWith("licence record for {\"q\":\"lib c\"}]"));
        // one stage of S_main 1 plus 2 subagent steps, then the final turn
        assertThat(remote.result().criticalSteps()).isEqualTo(4);
        assertThat(remote.result().report().peakConcurrency()).isEqualTo(2);
    }

    @ParameterizedTest
    @MethodSource("sharding")
    void assignBeforeCreateAndLimitsAreRejectedAlike(ShardSettings shards) {
        Scenario s = new Scenario(
                List.of(
                        calls(assignTask("ghost", "too early"), createSubagent("w", "You work.")),
                        calls(
                                assignTask("w", "t1"),
                                assignTask("w", "t2"),
                                assignTask("w", "t3"),
                                assignTask("w", "t4")),
                        text("done")),
                m -> m.subagent("w", r -> text("did " + r.userPrompt())),
                b -> b.limits(Limits.builder().maxTasksPerStage(3).build()).maxConcurrency(8),
                model -> model);
        TemporalFixture.Outcome remote = both(s, "conformance-limits", shards)[1];
        assertThat(remote.result().tasks()).hasSize(3);
        assertThat(remote.events()).anyMatch(e -> e instanceof SwarmEvent.LimitHit);
    }

    @ParameterizedTest
    @MethodSource("sharding")
    void retryAfterIsHonouredAndBudgetsEndTheRunAlike(ShardSettings shards) {
        Scenario s = new Scenario(
                List.of(
                        calls(createSubagent("w", "You work."), assignTask("w", "x"), assignTask("w", "y")),
                        calls(assignTask("w", "z")),
                        text("never reached")),
                m -> m.subagent("w", r -> text("did " + r.userPrompt())),
                b -> b.budget(Budget.builder().maxTasks(2).build())
                        .defaultModelPolicy(
                                ModelPolicy.builder().maxAttempts(3).jitter(0).build()),
                TemporalConformanceTest::failingOncePerPrompt);
        TemporalFixture.Outcome remote = both(s, "conformance-retry", shards)[1];
        assertThat(remote.events())
                .filteredOn(e -> e instanceof SwarmEvent.RetryScheduled)
                .hasSize(2)
                .allSatisfy(e -> assertThat(((SwarmEvent.RetryScheduled) e).delayMillis())
                        .isEqualTo(300L));
        assertThat(remote.result().tasks()).allMatch(t -> t.status() == TaskStatus.COMPLETED);
        assertThat(remote.result().status()).isNotEqualTo(RunStatus.COMPLETED);
    }

    /** Fails the first call of each subagent task with a 429 that asks for 300 ms, keyed by the request's content. */
    private static SwarmModel failingOncePerPrompt(SwarmModel model) {
        Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
        return SwarmModel.of(model.name(), request -> {
            String key = request.messages().toString();
            boolean subagent = request.toolSpecifications().stream()
                    .noneMatch(t -> t.name().equals("assign_task"));
            if (subagent && calls.computeIfAbsent(key, k -> new AtomicInteger()).getAndIncrement() == 0) {
                return Mono.error(new ProviderHttpException(429, Duration.ofMillis(300), "slow down"));
            }
            return model.chat(request);
        });
    }
}

package dev.agentswarm.test.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentswarm.AgentSwarm;
import dev.agentswarm.event.SwarmEvent;
import dev.agentswarm.policy.ModelPrice;
import dev.agentswarm.report.StageReport;
import dev.agentswarm.report.SwarmResult;
import dev.agentswarm.report.TaskResult;
import dev.agentswarm.tool.AgentTool;
import dev.langchain4j.agent.tool.P;
import dev.langchain4j.agent.tool.Tool;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

/**
 * A user's own swarm on the simulated provider: a scenario written in code, its own tool, run in virtual time.
 * Reported times are the scenario's latencies exactly, runs are deterministic, and a rate limit stretches them.
 */
class SimulatedSwarmTest {

    static final long ORCHESTRATOR_MS = 2_000;
    static final long SUBAGENT_MS = 500;
    static final List<String> ITEMS = List.of("Alpha", "Bravo", "Charlie", "Delta", "Echo");

    /** The user's tool: a registry of founding years. */
    public static final class Registry {
        final AtomicInteger calls = new AtomicInteger();

        /**
         * @param name a company
         * @return its registry entry
         */
        @Tool("Looks a company up in the registry")
        public String lookup(@P("the company") String name) {
            calls.incrementAndGet();
            return name + " was founded in " + (1900 + name.length() * 7) + ".";
        }
    }

    static Scenario scenario(long seed, double failureRate) {
        return new Scenario(
                "registry",
                "founding years from a registry",
                seed,
                "Find the founding years.",
                ITEMS,
                ".",
                new Scenario.Orchestrator(
                        "simulated/orchestrator",
                        "clerk",
                        "You look companies up.",
                        2,
                        "Find {fields} of each company.",
                        1,
                        "Founding years"),
                new Scenario.Subagent(
                        "simulated/subagent",
                        2,
                        List.of(new Scenario.Step("lookup", Map.of("name", "{item}"), null)),
                        "company",
                        List.of(new Scenario.Field("founded", "founded in (\\d{4})", false))),
                Map.of(
                        "simulated/orchestrator",
                        new Scenario.ModelProfile(
                                List.of(ORCHESTRATOR_MS, ORCHESTRATOR_MS),
                                List.of(10L, 10L),
                                0.0,
                                new ModelPrice(2.5, 10)),
                        "simulated/subagent",
                        new Scenario.ModelProfile(
                                List.of(SUBAGENT_MS, SUBAGENT_MS),
                                List.of(0L, 50L),
                                failureRate,
                                new ModelPrice(0.15, 0.6))));
    }

    static SwarmResult run(SimulatedSwarm sim, List<SwarmEvent> events) {
        AgentSwarm.Builder b =
                sim.builder().tools(SimulatedSwarm.tools(new Registry())).listener(events::add);
        return sim.await(b.build().execute(sim.scenario().task()));
    }

    @Test
    void aRunReportsTheScenariosLatenciesExactly() {
        SimulatedSwarm sim = SimulatedSwarm.of(scenario(1, 0), SimulatedSwarm.Options.DEFAULTS, Instant.EPOCH);
        List<SwarmEvent> events = new CopyOnWriteArrayList<>();

        SwarmResult r = run(sim, events);

        assertThat(r.isCompleted()).as(String.valueOf(r.reason())).isTrue();
        assertThat(r.answer())
                .startsWith("Founding years")
                .contains("| company | founded |")
                .contains("| Alpha | 1935 |")
                .contains("| Charlie | 1949 |")
                .contains("| Echo | 1928 |");
        // 5 items in slices of 2: 3 tasks; each task: one turn of tool calls (2 per turn), one final turn
        assertThat(r.tasks()).hasSize(3);
        for (TaskResult t : r.tasks()) {
            assertThat(t.duration()).as(t.taskId()).isEqualTo(Duration.ofMillis(SUBAGENT_MS * t.steps()));
        }
        StageReport first = r.report().stages().get(0);
        assertThat(first.duration()).isEqualTo(Duration.ofMillis(ORCHESTRATOR_MS + 2 * SUBAGENT_MS));
        assertThat(r.report().stages().get(1).duration()).isEqualTo(Duration.ofMillis(ORCHESTRATOR_MS));
        assertThat(r.report().wallTime()).isEqualTo(Duration.ofMillis(2 * ORCHESTRATOR_MS + 2 * SUBAGENT_MS));
        assertThat(r.report().startedAt()).isEqualTo(Instant.EPOCH);
        assertThat(events.get(events.size() - 1).at())
                .isEqualTo(Instant.EPOCH.plus(r.report().wallTime()));
        assertThat(r.report().tokensByModel()).containsOnlyKeys("simulated/orchestrator", "simulated/subagent");
        assertThat(sim.cost(r.report().tokensByModel())).isPositive();
    }

    @Test
    void aPacedRunReportsTheSameTimesAsAnUnpacedOne() {
        SwarmResult fast = run(
                SimulatedSwarm.of(scenario(1, 0), SimulatedSwarm.Options.DEFAULTS, Instant.EPOCH),
                new CopyOnWriteArrayList<>());
        // 4.5 s of scenario time played 100x faster: about 45 ms of real time
        SwarmResult paced = run(
                SimulatedSwarm.of(scenario(1, 0), SimulatedSwarm.Options.DEFAULTS.withSpeedup(100), Instant.EPOCH),
                new CopyOnWriteArrayList<>());

        assertThat(paced.report().wallTime()).isEqualTo(fast.report().wallTime());
        assertThat(paced.report().stages()).isEqualTo(fast.report().stages());
        assertThat(paced.answer()).isEqualTo(fast.answer());
    }

    @Test
    void theSameSeedGivesTheSameRunAndInjectedFailuresAreRetried() {
        SwarmResult a = run(
                SimulatedSwarm.of(scenario(7, 0.3), SimulatedSwarm.Options.DEFAULTS, Instant.EPOCH),
                new CopyOnWriteArrayList<>());
        SwarmResult b = run(
                SimulatedSwarm.of(scenario(7, 0.3), SimulatedSwarm.Options.DEFAULTS, Instant.EPOCH),
                new CopyOnWriteArrayList<>());

        assertThat(b.answer()).isEqualTo(a.answer());
        assertThat(b.report().stages()).isEqualTo(a.report().stages());
        assertThat(b.report().tokensByModel()).isEqualTo(a.report().tokensByModel());
        // failures (30 % of subagent calls) cost retries: the run takes longer than the failure-free one
        SwarmResult clean = run(
                SimulatedSwarm.of(scenario(7, 0), SimulatedSwarm.Options.DEFAULTS, Instant.EPOCH),
                new CopyOnWriteArrayList<>());
        assertThat(a.report().wallTime()).isGreaterThan(clean.report().wallTime());
    }

    @Test
    void aRateLimitSpacesTheCallsOfEachModel() {
        SwarmResult free = run(
                SimulatedSwarm.of(scenario(1, 0), SimulatedSwarm.Options.DEFAULTS, Instant.EPOCH),
                new CopyOnWriteArrayList<>());
        // 6 requests per minute: the 3 tasks' first calls are 10 s apart
        SwarmResult limited = run(
                SimulatedSwarm.of(
                        scenario(1, 0),
                        new SimulatedSwarm.Options(64, 6, 1.0, Double.POSITIVE_INFINITY),
                        Instant.EPOCH),
                new CopyOnWriteArrayList<>());

        assertThat(limited.answer()).isEqualTo(free.answer());
        assertThat(limited.report().wallTime())
                .isGreaterThanOrEqualTo(free.report().wallTime().plusSeconds(20));
    }

    @Test
    void latencyScaleMultipliesEveryLatency() {
        SwarmResult scaled = run(
                SimulatedSwarm.of(
                        scenario(1, 0),
                        new SimulatedSwarm.Options(64, 0, 3.0, Double.POSITIVE_INFINITY),
                        Instant.EPOCH),
                new CopyOnWriteArrayList<>());
        assertThat(scaled.report().wallTime())
                .isEqualTo(Duration.ofMillis(3 * (2 * ORCHESTRATOR_MS + 2 * SUBAGENT_MS)));
    }

    @Test
    void aRunThatNeverEndsIsReportedAfterAYearOfScenarioTime() {
        SimulatedSwarm sim = SimulatedSwarm.of(scenario(1, 0), SimulatedSwarm.Options.DEFAULTS, Instant.EPOCH);
        AgentTool stuck =
                AgentTool.reactive(SimulatedSwarm.tools(new Registry())[0].specification(), call -> Mono.never());
        AgentSwarm swarm = sim.builder().tools(stuck).build();

        assertThatThrownBy(() -> sim.await(swarm.execute("x")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("did not end within 366 days of scenario time");
    }

    @Test
    void toolsRunOnTheDrivingThread() {
        Registry registry = new Registry();
        SimulatedSwarm sim = SimulatedSwarm.of(scenario(1, 0), SimulatedSwarm.Options.DEFAULTS, Instant.EPOCH);
        Thread driver = Thread.currentThread();
        List<Thread> toolThreads = new CopyOnWriteArrayList<>();
        AgentTool lookup = SimulatedSwarm.tools(registry)[0];
        AgentTool recorded = AgentTool.reactive(
                lookup.specification(),
                call -> lookup.execute(call).doOnSubscribe(s -> toolThreads.add(Thread.currentThread())));

        SwarmResult r = sim.await(sim.builder().tools(recorded).build().execute("x"));

        assertThat(r.isCompleted()).isTrue();
        assertThat(registry.calls).hasValue(ITEMS.size());
        assertThat(toolThreads).hasSize(ITEMS.size()).containsOnly(driver);
        assertThatThrownBy(() -> SimulatedSwarm.tools(new Object()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no @Tool method");
    }

    @Test
    void scenarioJsonGivesPricesFlatAndRefusesANegativeOne() {
        String json = """
                {"name": "s", "task": "t", "items": ["a"], "corpus": ".", "seed": 1,
                 "orchestrator": {"model": "simulated/o", "sliceSize": 1, "taskPrompt": "do {fields}", "retries": 0},
                 "subagent": {"model": "simulated/o", "callsPerTurn": 1,
                   "steps": [{"tool": "lookup", "arguments": {"name": "{item}"}}],
                   "fields": [{"name": "f", "regex": "(x)", "all": false}]},
                 "models": {"simulated/o": {"latencyMs": [1, 2], "failureRate": 0.0,
                   "inputPricePerMillion": 2.5, "outputPricePerMillion": PRICE}}}
                """;
        Scenario s = Scenario.parse(json.replace("PRICE", "10"), "inline");
        assertThat(s.models().get("simulated/o").price()).isEqualTo(new ModelPrice(2.5, 10));
        assertThat(s.models().get("simulated/o").extraOutputTokens()).containsExactly(0L, 0L);

        assertThatThrownBy(() -> Scenario.parse(json.replace("PRICE", "-1"), "inline"))
                .isInstanceOf(Scenario.InvalidScenarioException.class)
                .hasMessageContaining("invalid scenario inline")
                .hasMessageContaining(">= 0");
        String unmarked = json.replace("PRICE", "1").replace("\"simulated/o\"", "\"o\"");
        assertThatThrownBy(() -> Scenario.parse(unmarked, "inline"))
                .isInstanceOf(Scenario.InvalidScenarioException.class)
                .hasMessageContaining("simulated/");
    }

    @Test
    void optionsRefuseValuesOutOfRange() {
        assertThatThrownBy(() -> new SimulatedSwarm.Options(0, 0, 1, 1)).hasMessageContaining("concurrency");
        assertThatThrownBy(() -> new SimulatedSwarm.Options(1, -1, 1, 1)).hasMessageContaining("rpm");
        assertThatThrownBy(() -> new SimulatedSwarm.Options(1, 0, Double.NaN, 1))
                .hasMessageContaining("latencyScale");
        assertThatThrownBy(() -> new SimulatedSwarm.Options(1, 0, Double.POSITIVE_INFINITY, 1))
                .hasMessageContaining("latencyScale");
        assertThatThrownBy(() -> new SimulatedSwarm.Options(1, 0, 1, 0)).hasMessageContaining("speedup");
        assertThatThrownBy(() -> new SimulatedModel(
                        "simulated/nope", scenario(1, 0), reactor.core.scheduler.Schedulers.immediate(), 1))
                .hasMessageContaining("has no model");
    }
}

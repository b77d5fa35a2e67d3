package dev.agentswarm.cli.sim;

import dev.agentswarm.AgentSwarm;
import dev.agentswarm.eval.baseline.SingleAgentBaseline;
import dev.agentswarm.event.SwarmEventListener;
import dev.agentswarm.model.SwarmModel;
import dev.agentswarm.report.SwarmResult;
import dev.agentswarm.test.sim.Scenario;
import dev.agentswarm.test.sim.SimulatedModel;
import dev.agentswarm.test.sim.SimulatedSwarm;
import dev.agentswarm.tools.search.LocalSearchTool;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The capacity planner: runs a scenario on the simulated provider in virtual time, as fast as possible, with the real
 * {@link LocalSearchTool} over its corpus, and the matching single-agent baseline, so that it predicts in
 * milliseconds what a run would take under a given concurrency, rate limit and latency scale.
 */
public final class CapacityPlanner {

    /** A failed model call of the baseline is sent again this many times, as a provider client would. */
    static final int MODEL_RETRIES = 2;

    /** The baseline's step limit: far above what a bundled scenario needs. */
    static final int MAX_BASELINE_STEPS = 500;

    private CapacityPlanner() {}

    /**
     * A capacity plan: the scenario run in virtual time, swarm and baseline.
     *
     * @param swarm the swarm's result, with times in scenario time
     * @param swarmCost the swarm's cost in USD
     * @param baseline the single-agent baseline's result (swarm-eval's {@link SingleAgentBaseline}: one agent with
     *     the orchestrator's model, the same tools, capped and marked tool output, every item in one task)
     * @param baselineCost the baseline's cost in USD
     */
    public record Plan(SwarmResult swarm, double swarmCost, SwarmResult baseline, double baselineCost) {}

    /**
     * Runs a scenario in Reactor virtual time: no real waiting. Tools run for real, on the calling thread. Times are
     * counted from the epoch, so two plans of the same scenario and options are equal.
     *
     * @param loaded the scenario
     * @param options how to run it ({@code speedup} is ignored: a plan runs as fast as possible)
     * @param task the orchestrator's task, or null for the scenario's
     * @param listeners listeners of the swarm run's events
     * @return the plan
     * @throws IllegalStateException if the run does not end within a simulated year
     */
    public static Plan plan(
            ScenarioFile loaded,
            SimulatedSwarm.Options options,
            @Nullable String task,
            List<SwarmEventListener> listeners) {
        Scenario s = loaded.scenario();
        SimulatedSwarm.Options fast = options.withSpeedup(Double.POSITIVE_INFINITY);
        try (LocalSearchTool search = new LocalSearchTool(loaded.corpus())) {
            SimulatedSwarm sim = SimulatedSwarm.of(s, fast, Instant.EPOCH);
            AgentSwarm.Builder b = sim.builder().tools(SimulatedSwarm.tools(search));
            listeners.forEach(b::listener);
            SwarmResult swarm = sim.await(b.build().execute(task == null ? s.task() : task));

            SimulatedSwarm baselineSim = SimulatedSwarm.of(s, fast, Instant.EPOCH);
            SimulatedModel model = baselineSim.model(s.orchestrator().model());
            SingleAgentBaseline baseline = SingleAgentBaseline.builder()
                    .model(SwarmModel.of(
                            model.name(), request -> model.chat(request).retry(MODEL_RETRIES)))
                    .systemPrompt(s.orchestrator().subagentPrompt())
                    .tools(SimulatedSwarm.tools(search))
                    .maxSteps(MAX_BASELINE_STEPS)
                    .timer(baselineSim.timer())
                    .clock(baselineSim.clock())
                    .runIds(() -> "single-agent-baseline")
                    .build();
            SwarmResult single = baselineSim.await(baseline.execute(baselinePrompt(s)));
            return new Plan(
                    swarm,
                    sim.cost(swarm.report().tokensByModel()),
                    single,
                    sim.cost(single.report().tokensByModel()));
        }
    }

    /**
     * @param scenario the scenario
     * @return the baseline's task prompt: every item in one task
     */
    public static String baselinePrompt(Scenario scenario) {
        return SimulatedModel.taskPrompt(scenario, scenario.items(), 1);
    }
}

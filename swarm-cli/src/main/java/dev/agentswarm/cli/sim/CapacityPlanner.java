package dev.agentswarm.cli.sim;

import dev.agentswarm.AgentSwarm;
import dev.agentswarm.SchedulerClock;
import dev.agentswarm.event.SwarmEventListener;
import dev.agentswarm.report.SwarmResult;
import dev.agentswarm.test.sim.Scenario;
import dev.agentswarm.test.sim.SimulatedModel;
import dev.agentswarm.test.sim.SimulatedSwarm;
import dev.agentswarm.tools.search.LocalSearchTool;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The capacity planner: runs a scenario on the simulated provider in virtual time, as fast as possible, with the real
 * {@link LocalSearchTool} over its corpus, and the matching single-agent baseline, so that it predicts in
 * milliseconds what a run would take under a given concurrency, rate limit and latency scale.
 */
public final class CapacityPlanner {

    private CapacityPlanner() {}

    /**
     * A capacity plan: the scenario run in virtual time, swarm and baseline.
     *
     * @param swarm the swarm's result, with times in scenario time
     * @param swarmCost the swarm's cost in USD
     * @param baseline the baseline's result
     * @param baselineCost the baseline's cost in USD
     */
    public record Plan(SwarmResult swarm, double swarmCost, SingleAgentBaseline.Result baseline, double baselineCost) {}

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
    public static Plan plan(ScenarioFile loaded, SimulatedSwarm.Options options, @Nullable String task,
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
            SingleAgentBaseline.Result baseline = baselineSim.await(SingleAgentBaseline.run(model,
                    s.orchestrator().subagentPrompt(), baselinePrompt(s), List.of(SimulatedSwarm.tools(search)),
                    new SchedulerClock(baselineSim.timer()), 500));
            return new Plan(swarm, sim.cost(swarm.report().tokensByModel()), baseline,
                    sim.cost(Map.of(s.orchestrator().model(), baseline.tokens())));
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

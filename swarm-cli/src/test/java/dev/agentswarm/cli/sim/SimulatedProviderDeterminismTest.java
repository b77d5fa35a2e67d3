package dev.agentswarm.cli.sim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentswarm.cli.demo.DemoData;
import dev.agentswarm.test.sim.Scenario;
import dev.agentswarm.test.sim.SimulatedSwarm;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The simulated provider is deterministic: the same seed gives the same run; another seed gives another timing. */
class SimulatedProviderDeterminismTest {

    @Test
    void sameSeedSameResultAnotherSeedAnotherTiming() throws Exception {
        try (DemoData data = DemoData.extract("wide-search")) {
            ScenarioFile loaded = ScenarioFile.load(data.scenario());
            SimulatedSwarm.Options options = new SimulatedSwarm.Options(4, 0, 1.0, 1.0);

            CapacityPlanner.Plan a = CapacityPlanner.plan(loaded, options, null, List.of());
            CapacityPlanner.Plan b = CapacityPlanner.plan(loaded, options, null, List.of());

            assertThat(b.swarm().answer()).isEqualTo(a.swarm().answer()).contains("| Tundra Logistics |");
            assertThat(b.swarm().report().tokensByModel())
                    .isEqualTo(a.swarm().report().tokensByModel());
            assertThat(b.swarm().criticalSteps()).isEqualTo(a.swarm().criticalSteps());
            assertThat(b.swarm().report().wallTime())
                    .isEqualTo(a.swarm().report().wallTime());
            assertThat(b.baseline()).isEqualTo(a.baseline());

            Scenario s = loaded.scenario();
            Scenario reseeded = new Scenario(
                    s.name(),
                    s.description(),
                    s.seed() + 1,
                    s.task(),
                    s.items(),
                    s.corpus(),
                    s.orchestrator(),
                    s.subagent(),
                    s.models());
            CapacityPlanner.Plan c =
                    CapacityPlanner.plan(new ScenarioFile(reseeded, loaded.baseDir()), options, null, List.of());
            assertThat(c.swarm().report().wallTime())
                    .isNotEqualTo(a.swarm().report().wallTime());
        }
    }

    @Test
    void aRateLimitStretchesThePredictedWallTime() throws Exception {
        try (DemoData data = DemoData.extract("parallel-read")) {
            ScenarioFile loaded = ScenarioFile.load(data.scenario());
            var free = CapacityPlanner.plan(loaded, new SimulatedSwarm.Options(64, 0, 1.0, 1.0), null, List.of());
            var limited = CapacityPlanner.plan(loaded, new SimulatedSwarm.Options(64, 6, 1.0, 1.0), null, List.of());
            assertThat(limited.swarm().answer()).isEqualTo(free.swarm().answer());
            // 6 requests per minute: subagent calls are 10 s apart, so a stage of 4 tasks cannot take under 30 s
            assertThat(limited.swarm().report().wallTime())
                    .isGreaterThan(free.swarm().report().wallTime().plusSeconds(20));
        }
    }
}

package dev.agentswarm.eval.rollout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentswarm.AgentSwarm;
import dev.agentswarm.model.SwarmModel;
import dev.agentswarm.report.RunStatus;
import dev.agentswarm.report.SwarmResult;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import reactor.core.scheduler.Schedulers;

/** The simulated policy plays a whole run: one wide stage, then the answer after the task's marker. */
class SimulatedPolicyTest {

    @Test
    void itAssignsItsWidthInOneStageAndAnswersAfterTheMarker() {
        SwarmModel policy = SimulatedPolicy.model(5, Duration.ZERO, Duration.ofMillis(1), Schedulers.parallel());
        AgentSwarm swarm = AgentSwarm.builder().orchestratorModel(policy).build();

        SwarmResult marked = swarm.run("Add them up. answer: 42");
        SwarmResult plain = swarm.run("Add them up.");

        assertThat(policy.name()).startsWith("simulated/");
        assertThat(marked.status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(marked.report().stages()).hasSize(2);
        assertThat(marked.report().stages().get(0).tasks()).hasSize(5);
        assertThat(marked.answer()).isEqualTo("Exact Answer: 42");
        assertThat(marked.criticalSteps()).isEqualTo(3);
        assertThat(plain.answer()).isEqualTo("Exact Answer: 5 parts done");
        assertThat(Judge.normalizedAnswer()
                        .score(new dev.agentswarm.eval.EvalTask("q", "x", "42"), marked.answer())
                        .block())
                .isEqualTo(1.0);
        assertThatThrownBy(() -> SimulatedPolicy.model(0, Duration.ZERO, Duration.ZERO, Schedulers.parallel()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("got 0");
    }
}

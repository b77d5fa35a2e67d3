package dev.agentswarm.resilience;

import static dev.agentswarm.test.Replies.assignTask;
import static dev.agentswarm.test.Replies.calls;
import static dev.agentswarm.test.Replies.createSubagent;
import static dev.agentswarm.test.Replies.text;
import static org.assertj.core.api.Assertions.assertThat;

import dev.agentswarm.AgentSwarm;
import dev.agentswarm.policy.TaskOrdering;
import dev.agentswarm.report.SwarmResult;
import dev.agentswarm.test.ScriptedModel;
import dev.langchain4j.data.message.AiMessage;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import reactor.test.scheduler.VirtualTimeScheduler;

/**
 * On a skewed stage (four 1-minute tasks, then one 4-minute task) under a concurrency cap of 2, starting the
 * longest-expected task first gives a shorter makespan than FIFO: 4 minutes instead of 6. Virtual time.
 */
class LongestFirstSchedulingTest {

    static AiMessage skewedStage() {
        return calls(
                assignTask("quick", "q1"),
                assignTask("quick", "q2"),
                assignTask("quick", "q3"),
                assignTask("quick", "q4"),
                assignTask("slow", "s1"));
    }

    static ScriptedModel.Builder model(VirtualTimeScheduler time) {
        return ScriptedModel.builder()
                .subagent("quick", text("quick done"))
                .subagent("slow", text("slow done"))
                .latency(r -> switch (r.role()) {
                    case "quick" -> Duration.ofMinutes(1);
                    case "slow" -> Duration.ofMinutes(4);
                    default -> Duration.ZERO;
                })
                .scheduler(time);
    }

    static AiMessage definitions() {
        return calls(createSubagent("quick", "You are quick."), createSubagent("slow", "You are slow."));
    }

    static Duration makespan(AgentSwarm swarm, VirtualTimeScheduler time) {
        var run = swarm.start("go");
        time.advanceTimeBy(Duration.ofMinutes(30));
        SwarmResult result = run.result().block(Duration.ofSeconds(5));
        assertThat(result).isNotNull();
        assertThat(result.isCompleted()).isTrue();
        assertThat(result.tasks()).extracting(t -> t.prompt()).containsExactly("q1", "q2", "q3", "q4", "s1");
        return result.report().stages().get(1).duration();
    }

    Duration withOrdering(TaskOrdering ordering) {
        VirtualTimeScheduler time = VirtualTimeScheduler.create();
        ScriptedModel model = model(time)
                .orchestrator(definitions(), skewedStage(), text("done"))
                .build();
        AgentSwarm swarm = AgentSwarm.builder()
                .orchestratorModel(model)
                .timer(time)
                .maxConcurrency(2)
                .taskOrdering(ordering)
                .taskDurationHint(
                        (agent, prompt) -> agent.equals("slow") ? Duration.ofMinutes(4) : Duration.ofMinutes(1))
                .build();
        return makespan(swarm, time);
    }

    @Test
    void longestFirstBeatsFifoOnASkewedMixUnderAConcurrencyCap() {
        Duration fifo = withOrdering(TaskOrdering.FIFO);
        Duration longestFirst = withOrdering(TaskOrdering.LONGEST_EXPECTED_FIRST);

        assertThat(fifo).isEqualTo(Duration.ofMinutes(6));
        assertThat(longestFirst).isEqualTo(Duration.ofMinutes(4));
        assertThat(longestFirst).isLessThan(fifo);
    }

    @Test
    void withoutAHintTheSubagentsPastDurationsAreUsed() {
        VirtualTimeScheduler time = VirtualTimeScheduler.create();
        ScriptedModel model = model(time)
                .orchestrator(definitions(), skewedStage(), text("done"))
                .orchestrator(definitions(), skewedStage(), text("done again"))
                .build();
        AgentSwarm swarm = AgentSwarm.builder()
                .orchestratorModel(model)
                .timer(time)
                .maxConcurrency(2)
                .build();

        Duration firstRun = makespan(swarm, time);
        Duration secondRun = makespan(swarm, time);

        assertThat(firstRun).as("nothing known yet: call order").isEqualTo(Duration.ofMinutes(6));
        assertThat(secondRun)
                .as("the slow subagent's past duration puts it first")
                .isEqualTo(Duration.ofMinutes(4));
    }
}

package dev.agentswarm.test;

import static dev.agentswarm.test.Replies.assignTask;
import static dev.agentswarm.test.Replies.calls;
import static dev.agentswarm.test.Replies.createSubagent;
import static dev.agentswarm.test.Replies.text;
import static org.assertj.core.api.Assertions.assertThat;

import dev.agentswarm.AgentSwarm;
import dev.agentswarm.report.SwarmResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import reactor.test.scheduler.VirtualTimeScheduler;

/** A stage never runs more tasks at once than maxConcurrency, measured in virtual time. */
class ConcurrencyBoundTest {

    @Test
    void noMoreThanTwoOfSixTasksRunAtOnce() {
        VirtualTimeScheduler vts = VirtualTimeScheduler.create();
        List<dev.langchain4j.agent.tool.ToolExecutionRequest> six = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            six.add(assignTask("w", "t" + i));
        }
        ScriptedModel model = ScriptedModel.builder()
                .scheduler(vts)
                .latency(r -> ScriptedModel.ORCHESTRATOR.equals(r.role()) ? Duration.ZERO : Duration.ofSeconds(10))
                .orchestrator(calls(createSubagent("w", "You work.")))
                .orchestrator(calls(six))
                .orchestrator(text("done"))
                .subagent("w", r -> text("done " + r.userPrompt()))
                .build();
        AgentSwarm swarm = AgentSwarm.builder()
                .orchestratorModel(model)
                .maxConcurrency(2)
                .timer(vts)
                .build();

        AtomicReference<SwarmResult> holder = new AtomicReference<>();
        swarm.execute("six tasks").subscribe(holder::set);
        vts.advanceTimeBy(Duration.ofSeconds(29));
        assertThat(holder.get()).as("three waves of 10 s take 30 s, not 29 s").isNull();
        vts.advanceTimeBy(Duration.ofSeconds(1));

        SwarmResult result = holder.get();
        assertThat(result).isNotNull();
        assertThat(model.maxConcurrentCalls()).isEqualTo(2);
        assertThat(result.report().peakConcurrency()).isEqualTo(2);
        // Six 10 s tasks, two at a time: three waves, 30 s of virtual time for the stage.
        assertThat(result.report().stages().get(1).duration()).isEqualTo(Duration.ofSeconds(30));
        assertThat(result.tasks())
                .extracting(t -> t.finalMessage())
                .containsExactly("done t0", "done t1", "done t2", "done t3", "done t4", "done t5");
    }

    @Test
    void unboundedStageRunsAllTasksTogether() {
        VirtualTimeScheduler vts = VirtualTimeScheduler.create();
        ScriptedModel model = ScriptedModel.builder()
                .scheduler(vts)
                .latency(r -> ScriptedModel.ORCHESTRATOR.equals(r.role()) ? Duration.ZERO : Duration.ofSeconds(10))
                .orchestrator(calls(
                        createSubagent("w", "You work."),
                        assignTask("w", "a"),
                        assignTask("w", "b"),
                        assignTask("w", "c")))
                .orchestrator(text("done"))
                .subagent("w", r -> text(r.userPrompt()))
                .build();
        AgentSwarm swarm =
                AgentSwarm.builder().orchestratorModel(model).timer(vts).build();
        AtomicReference<SwarmResult> holder = new AtomicReference<>();
        swarm.execute("three").subscribe(holder::set);
        vts.advanceTimeBy(Duration.ofSeconds(10));
        assertThat(holder.get()).isNotNull();
        assertThat(holder.get().report().wallTime()).isEqualTo(Duration.ofSeconds(10));
        assertThat(model.maxConcurrentCalls()).isEqualTo(3);
    }
}

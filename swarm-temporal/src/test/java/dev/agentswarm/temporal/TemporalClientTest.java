package dev.agentswarm.temporal;

import static dev.agentswarm.test.Replies.assignTask;
import static dev.agentswarm.test.Replies.calls;
import static dev.agentswarm.test.Replies.createSubagent;
import static dev.agentswarm.test.Replies.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.agentswarm.AgentSwarm;
import dev.agentswarm.event.SwarmEvent;
import dev.agentswarm.model.SwarmModel;
import dev.agentswarm.report.RunStatus;
import dev.agentswarm.report.SwarmResult;
import dev.agentswarm.temporal.workflow.ActivitySettings;
import dev.agentswarm.temporal.workflow.Payloads;
import dev.agentswarm.test.ScriptedModel;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The client's side: events as a stream and to a listener, and results larger than one Temporal payload. */
class TemporalClientTest {

    private TestWorkflowEnvironment env;

    @BeforeEach
    void setUp() {
        env = TestWorkflowEnvironment.newInstance();
    }

    @AfterEach
    void tearDown() {
        env.close();
    }

    /** Four tasks whose final messages are {@code chars} characters each. */
    private TemporalSwarm swarm(int chars) {
        String big = "x".repeat(chars);
        ScriptedModel model = ScriptedModel.builder()
                .orchestrator(
                        calls(
                                createSubagent("w", "You work."),
                                assignTask("w", "a"),
                                assignTask("w", "b"),
                                assignTask("w", "c"),
                                assignTask("w", "d")),
                        text("done"))
                .subagent("w", r -> text(r.userPrompt() + big))
                .build();
        SwarmDefinition d = new SwarmDefinition() {
            @Override
            public SwarmModel orchestratorModel() {
                return model;
            }

            @Override
            public void configure(AgentSwarm.Builder b) {
                b.resultTokenBudget(100);
            }
        };
        Worker worker = env.newWorker(TemporalFixture.QUEUE);
        TemporalSwarmWorkers.register(worker, Map.of("s", d), ActivitySettings.DEFAULTS);
        env.start();
        return TemporalSwarm.of(env.getWorkflowClient(), TemporalFixture.QUEUE, "s")
                .withEventPollInterval(Duration.ofMillis(50));
    }

    @Test
    void aResultLargerThanOnePayloadComesInPartsAndEventsInPages() {
        TemporalSwarm swarm = swarm(500_000);
        TemporalSwarmRun run = swarm.start("task", "large");
        SwarmResult r = run.result();
        assertThat(r.status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(r.tasks())
                .hasSize(4)
                .allSatisfy(t -> assertThat(t.finalMessage()).hasSize(500_001));
        List<SwarmEvent> events = run.eventsSoFar();
        long eventBytes = events.stream().mapToLong(e -> e.toString().length()).sum();
        assertThat(eventBytes).isGreaterThan(Payloads.PAGE_BYTES);
        assertThat(events.get(events.size() - 1)).isInstanceOf(SwarmEvent.RunFinished.class);
        assertThat(events).filteredOn(e -> e instanceof SwarmEvent.TaskFinished).hasSize(4);
    }

    @Test
    void eventsStreamInOrderToAListenerUntilTheRunFinishes() {
        TemporalSwarm swarm = swarm(10);
        TemporalSwarmRun run = swarm.start("task", "streamed");
        List<SwarmEvent> heard = new CopyOnWriteArrayList<>();
        run.listen(heard::add);
        SwarmResult r = run.result();
        await().atMost(Duration.ofSeconds(20))
                .until(() -> !heard.isEmpty() && heard.get(heard.size() - 1) instanceof SwarmEvent.RunFinished);
        assertThat(heard).isEqualTo(run.eventsSoFar());
        assertThat(heard.get(0)).isInstanceOf(SwarmEvent.RunStarted.class);
        assertThat(r.runId()).isEqualTo("streamed").isEqualTo(run.runId());
        assertThat(swarm.attach("streamed").result()).isEqualTo(r);
    }
}

package dev.agentswarm.observability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentswarm.RunOptions;
import dev.agentswarm.event.SwarmEvent;
import dev.agentswarm.policy.ModelPrice;
import dev.agentswarm.report.RunReport;
import dev.agentswarm.report.RunStatus;
import dev.agentswarm.report.SwarmResult;
import dev.agentswarm.report.TaskResult;
import dev.agentswarm.report.TaskStatus;
import dev.agentswarm.report.TokenUsage;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.tck.TestObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistryAssert;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The meters of a run equal its {@link RunReport}; the observations mirror its tasks and model calls. */
class SwarmMetricsTest {

    static final ModelPrice PRICE = new ModelPrice(0.15, 0.60);

    @Test
    void meterValuesEqualTheRunReport() throws Exception {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        TestObservationRegistry observations = TestObservationRegistry.create();
        SwarmResult result;
        try (FakeOpenAiSwarm fake = new FakeOpenAiSwarm();
                SwarmTelemetry telemetry = SwarmTelemetry.builder()
                        .meterRegistry(meters)
                        .observationRegistry(observations)
                        .prices(Map.of(FakeOpenAiSwarm.MODEL, PRICE))
                        .build()) {
            result = fake.swarm()
                    .maxConcurrency(4)
                    .build()
                    .run("Review the revenue.", RunOptions.defaults().withListener(telemetry.listener()));
            assertThat(telemetry.flush(Duration.ofSeconds(10))).isTrue();
        }
        assertThat(result.status()).isEqualTo(RunStatus.COMPLETED);
        RunReport report = result.report();
        String model = FakeOpenAiSwarm.MODEL;

        // Tokens and cost per model.
        TokenUsage tokens = report.tokensByModel().get(model);
        assertThat(meters.get("swarm.model.tokens")
                        .tags("model", model, "type", "input")
                        .counter()
                        .count())
                .isEqualTo(tokens.input());
        assertThat(meters.get("swarm.model.tokens")
                        .tags("model", model, "type", "output")
                        .counter()
                        .count())
                .isEqualTo(tokens.output());
        assertThat(meters.get("swarm.model.cost").tags("model", model).counter().count())
                .isCloseTo(PRICE.cost(tokens), org.assertj.core.data.Offset.offset(1e-12));

        // Tasks by end status, and their durations as the report records them.
        for (TaskStatus status : TaskStatus.values()) {
            List<TaskResult> ended =
                    report.tasks().stream().filter(t -> t.status() == status).toList();
            double counted =
                    meters.find("swarm.tasks").tags("agent", "analyst", "status", status.name()).counters().stream()
                            .mapToDouble(c -> c.count())
                            .sum();
            assertThat(counted).as(status.name()).isEqualTo(ended.size());
            Timer timer = meters.find("swarm.task.duration")
                    .tags("agent", "analyst", "status", status.name())
                    .timer();
            if (ended.isEmpty()) {
                assertThat(timer).isNull();
            } else {
                assertThat(timer.count()).isEqualTo(ended.size());
                long reported =
                        ended.stream().mapToLong(t -> t.duration().toNanos()).sum();
                assertThat((long) timer.totalTime(TimeUnit.NANOSECONDS)).isEqualTo(reported);
            }
        }
        assertThat(meters.get("swarm.tasks").counters()).hasSize(2);

        // Model calls: one per call (the retried one once), the orchestrator's and the subagents'.
        long calls = meters.get("swarm.model.call.duration").timers().stream()
                .mapToLong(Timer::count)
                .sum();
        assertThat(calls).isEqualTo(7);
        assertThat(meters.get("swarm.model.call.duration")
                        .tags("model", model, "agent", "analyst", "outcome", "error")
                        .timer()
                        .count())
                .isEqualTo(1);
        assertThat(meters.get("swarm.model.call.duration")
                        .tags("model", model, "agent", "orchestrator", "outcome", "ok")
                        .timer()
                        .count())
                .isEqualTo(report.orchestratorSteps());

        // Retries by cause; the queue wait of each task; the tool call; the run.
        assertThat(meters.get("swarm.model.retries")
                        .tags("model", model, "cause", "HTTP 429")
                        .counter()
                        .count())
                .isEqualTo(1);
        assertThat(meters.get("swarm.task.queue.wait").timer().count())
                .isEqualTo(report.tasks().size());
        assertThat(meters.get("swarm.tool.call.duration")
                        .tags("tool", "lookup", "outcome", "ok")
                        .timer()
                        .count())
                .isEqualTo(1);
        assertThat(meters.get("swarm.runs")
                        .tags("status", "COMPLETED")
                        .counter()
                        .count())
                .isEqualTo(1);
        assertThat(meters.get("swarm.tasks.in_flight").gauge().value()).isZero();
        assertThat(meters.get("swarm.tasks.queued").gauge().value()).isZero();

        // No high-cardinality tag: no run id, task id or prompt in any tag.
        meters.getMeters()
                .forEach(m -> m.getId().getTags().forEach(t -> {
                    assertThat(t.getValue()).doesNotContain(result.runId()).doesNotStartWith("s0-t");
                    assertThat(FakeOpenAiSwarm.PROMPTS).doesNotContain(t.getValue());
                }));

        // Observations: the run, its 4 tasks and 7 model calls, stopped, with low-cardinality key values.
        TestObservationRegistryAssert.assertThat(observations)
                .hasNumberOfObservationsWithNameEqualTo("swarm.task", 4)
                .hasNumberOfObservationsWithNameEqualTo("swarm.model.call", 7)
                .hasNumberOfObservationsWithNameEqualTo("swarm.run", 1)
                .forAllObservationsWithNameEqualTo("swarm.task", o -> o.hasLowCardinalityKeyValue("agent", "analyst"));
        TestObservationRegistryAssert.assertThat(observations)
                .hasAnObservation(o -> o.hasNameEqualTo("swarm.task")
                        .hasLowCardinalityKeyValue("status", "FAILED")
                        .hasError());
    }

    @Test
    void theGaugesFollowQueuedAndRunningTasksAndARunsEndReleasesThem() {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        MeterRecorder recorder = new MeterRecorder(meters, new Prices(Map.of()));
        Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
        recorder.accept(new SwarmEvent.RunStarted("r", -1, null, "r", t0, "task", "m"));
        for (int i = 0; i < 3; i++) {
            recorder.accept(new SwarmEvent.TaskAssigned("r", 0, "s0-t" + i, "s0", t0, "a", "p"));
        }
        assertThat(meters.get("swarm.tasks.queued").gauge().value()).isEqualTo(3);
        recorder.accept(new SwarmEvent.TaskStarted("r", 0, "s0-t0", "s0", t0.plusMillis(250), "a"));
        recorder.accept(new SwarmEvent.TaskStarted("r", 0, "s0-t1", "s0", t0.plusMillis(750), "a"));
        assertThat(meters.get("swarm.tasks.queued").gauge().value()).isEqualTo(1);
        assertThat(meters.get("swarm.tasks.in_flight").gauge().value()).isEqualTo(2);
        assertThat(meters.get("swarm.task.queue.wait").timer().totalTime(TimeUnit.MILLISECONDS))
                .isEqualTo(1_000);
        recorder.accept(new SwarmEvent.ModelCallFinished(
                new SwarmEvent.Origin("r", 0, "s0-t0", "s0-t0", t0), "a", "m", 1, 1, 1, 5, null, "m", "STOP", 1_500L));
        assertThat(meters.get("swarm.model.rate_limit.wait").timer().totalTime(TimeUnit.MILLISECONDS))
                .isEqualTo(1_500);
        recorder.accept(new SwarmEvent.RunFinished("r", 0, null, "r", t0, RunStatus.CANCELLED, "stop", "", 1, 1));
        assertThat(meters.get("swarm.tasks.queued").gauge().value()).isZero();
        assertThat(meters.get("swarm.tasks.in_flight").gauge().value()).isZero();
    }

    @Test
    void tooManySubagentNamesShareTheTagOther() {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        MeterRecorder recorder = new MeterRecorder(meters, new Prices(Map.of()));
        Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
        for (int i = 0; i < MeterRecorder.MAX_TAG_VALUES + 50; i++) {
            recorder.accept(new SwarmEvent.ModelCallFinished(
                    new SwarmEvent.Origin("r", 0, null, "s0", t0), "agent-" + i, "m", 1, 1, 1, 5, null));
        }
        assertThat(meters.get("swarm.model.call.duration").timers()).hasSize(MeterRecorder.MAX_TAG_VALUES + 1);
        assertThat(meters.get("swarm.model.call.duration")
                        .tags("agent", MeterRecorder.OTHER)
                        .timer()
                        .count())
                .isEqualTo(50);
    }
}

package dev.agentswarm.observability;

import static dev.agentswarm.test.Replies.assignTask;
import static dev.agentswarm.test.Replies.calls;
import static dev.agentswarm.test.Replies.createSubagent;
import static dev.agentswarm.test.Replies.text;
import static org.assertj.core.api.Assertions.assertThat;

import dev.agentswarm.AgentSwarm;
import dev.agentswarm.RunOptions;
import dev.agentswarm.event.SwarmEvent;
import dev.agentswarm.event.SwarmEventListener;
import dev.agentswarm.report.RunStatus;
import dev.agentswarm.report.SwarmResult;
import dev.agentswarm.test.ScriptedModel;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** A failing exporter or registry (one that throws, one that blocks) never fails or holds up a run. */
class TelemetryFailuresTest {

    static AgentSwarm swarm() {
        return AgentSwarm.builder()
                .orchestratorModel(ScriptedModel.builder()
                        .orchestrator(calls(
                                createSubagent("w", "You work."),
                                assignTask("w", "a"),
                                assignTask("w", "b"),
                                assignTask("w", "c"),
                                assignTask("w", "d")))
                        .orchestrator(r -> text("done: " + String.join(", ", r.latestToolResults())))
                        .subagent("w", r -> text("did " + r.userPrompt()))
                        .build())
                .maxConcurrency(4)
                .build();
    }

    static final String EXPECTED_ANSWER =
            "done: Created subagent 'w' with tools []. Assign it tasks with assign_task., did a, did b, did c, did d";

    static SwarmResult run(SwarmEventListener listener) {
        return swarm().run("task", RunOptions.defaults().withListener(listener));
    }

    @Test
    void aThrowingSpanProcessorLosesItsSpansOnlyAndTheMetersStillCount() throws Exception {
        SpanProcessor throwing = new SpanProcessor() {
            @Override
            public void onStart(Context parentContext, ReadWriteSpan span) {
                throw new IllegalStateException("processor down");
            }

            @Override
            public boolean isStartRequired() {
                return true;
            }

            @Override
            public void onEnd(ReadableSpan span) {
                throw new IllegalStateException("processor down");
            }

            @Override
            public boolean isEndRequired() {
                return true;
            }
        };
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        try (SdkTracerProvider provider =
                        SdkTracerProvider.builder().addSpanProcessor(throwing).build();
                SwarmTelemetry telemetry = SwarmTelemetry.builder()
                        .openTelemetry(OpenTelemetrySdk.builder()
                                .setTracerProvider(provider)
                                .build())
                        .meterRegistry(meters)
                        .build()) {
            SwarmResult result = run(telemetry.listener());
            assertThat(result.status()).isEqualTo(RunStatus.COMPLETED);
            assertThat(result.answer()).isEqualTo(EXPECTED_ANSWER);
            assertThat(telemetry.flush(Duration.ofSeconds(10))).isTrue();
            assertThat(telemetry.failures()).isPositive();
            assertThat(meters.get("swarm.tasks").counter().count()).isEqualTo(4);
        }
    }

    @Test
    void aThrowingExporterNeverFailsTheRun() throws Exception {
        SpanExporter throwing = new SpanExporter() {
            @Override
            public CompletableResultCode export(Collection<SpanData> spans) {
                throw new IllegalStateException("collector down");
            }

            @Override
            public CompletableResultCode flush() {
                return CompletableResultCode.ofSuccess();
            }

            @Override
            public CompletableResultCode shutdown() {
                return CompletableResultCode.ofSuccess();
            }
        };
        try (SdkTracerProvider provider = SdkTracerProvider.builder()
                        .addSpanProcessor(SimpleSpanProcessor.create(throwing))
                        .build();
                SwarmTelemetry telemetry = SwarmTelemetry.builder()
                        .openTelemetry(OpenTelemetrySdk.builder()
                                .setTracerProvider(provider)
                                .build())
                        .build()) {
            SwarmResult result = run(telemetry.listener());
            assertThat(result.status()).isEqualTo(RunStatus.COMPLETED);
            assertThat(result.answer()).isEqualTo(EXPECTED_ANSWER);
            assertThat(telemetry.flush(Duration.ofSeconds(10))).isTrue();
        }
    }

    @Test
    void aBlockedExporterNeverHoldsUpTheRunItsEventsAreDroppedAndCounted() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch entered = new CountDownLatch(1);
        InMemorySpanExporter memory = InMemorySpanExporter.create();
        SpanExporter blocking = new SpanExporter() {
            @Override
            public CompletableResultCode export(Collection<SpanData> spans) {
                entered.countDown();
                try {
                    release.await(60, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return memory.export(spans);
            }

            @Override
            public CompletableResultCode flush() {
                return CompletableResultCode.ofSuccess();
            }

            @Override
            public CompletableResultCode shutdown() {
                return CompletableResultCode.ofSuccess();
            }
        };
        try (SdkTracerProvider provider = SdkTracerProvider.builder()
                        .addSpanProcessor(SimpleSpanProcessor.create(blocking))
                        .build();
                SwarmTelemetry telemetry = SwarmTelemetry.builder()
                        .openTelemetry(OpenTelemetrySdk.builder()
                                .setTracerProvider(provider)
                                .build())
                        .queueCapacity(4)
                        .build()) {
            SwarmResult result = run(telemetry.listener());

            // The run finished while the exporter is still blocked on its first batch.
            assertThat(result.status()).isEqualTo(RunStatus.COMPLETED);
            assertThat(result.answer()).isEqualTo(EXPECTED_ANSWER);
            assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(release.getCount()).isEqualTo(1);
            assertThat(telemetry.flush(Duration.ofMillis(50))).isFalse();
            assertThat(telemetry.droppedEvents()).isPositive();

            release.countDown();
            assertThat(telemetry.flush(Duration.ofSeconds(10))).isTrue();
            assertThat(memory.getFinishedSpanItems()).isNotEmpty();
        }
    }

    @Test
    void aThrowingRegistryNeverFailsTheRunAndTheTraceIsStillWhole() throws Exception {
        SimpleMeterRegistry throwing = new SimpleMeterRegistry() {
            @Override
            protected Counter newCounter(Meter.Id id) {
                throw new IllegalStateException("registry down");
            }
        };
        InMemorySpanExporter memory = InMemorySpanExporter.create();
        try (SdkTracerProvider provider = SdkTracerProvider.builder()
                        .addSpanProcessor(SimpleSpanProcessor.create(memory))
                        .build();
                SwarmTelemetry telemetry = SwarmTelemetry.builder()
                        .openTelemetry(OpenTelemetrySdk.builder()
                                .setTracerProvider(provider)
                                .build())
                        .meterRegistry(throwing)
                        .build()) {
            SwarmResult result = run(telemetry.listener());
            assertThat(result.answer()).isEqualTo(EXPECTED_ANSWER);
            assertThat(telemetry.flush(Duration.ofSeconds(10))).isTrue();
            assertThat(telemetry.failures()).isPositive();
            // run, 2 stages, 4 tasks, 2 orchestrator calls and 4 subagent calls
            assertThat(memory.getFinishedSpanItems()).hasSize(13);
        }
    }

    @Test
    void aBlockedRegistryNeverHoldsUpTheRun() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        SimpleMeterRegistry blocking = new SimpleMeterRegistry() {
            @Override
            protected Counter newCounter(Meter.Id id) {
                try {
                    release.await(60, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return super.newCounter(id);
            }
        };
        try (SwarmTelemetry telemetry = SwarmTelemetry.builder()
                .meterRegistry(blocking)
                .queueCapacity(4)
                .build()) {
            SwarmResult result = run(telemetry.listener());
            assertThat(result.answer()).isEqualTo(EXPECTED_ANSWER);
            assertThat(release.getCount()).isEqualTo(1);
            release.countDown();
            assertThat(telemetry.flush(Duration.ofSeconds(10))).isTrue();
        }
    }

    @Test
    void eventsAfterCloseAreDroppedNotQueued() {
        SwarmTelemetry telemetry = SwarmTelemetry.builder()
                .meterRegistry(new SimpleMeterRegistry())
                .build();
        SwarmEventListener listener = telemetry.listener();
        telemetry.close();
        SwarmResult result = run(listener);
        assertThat(result.status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(telemetry.droppedEvents()).isPositive();
    }

    @Test
    void eventsThatKeepPouringInAreStillRecordedWithoutAFlush() throws Exception {
        List<SwarmEvent> events = new CopyOnWriteArrayList<>();
        run(events::add);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        AtomicBoolean stop = new AtomicBoolean();
        // A queue that would not be half full for many seconds: only the worker's longest deferral makes it record.
        try (SwarmTelemetry telemetry = SwarmTelemetry.builder()
                .meterRegistry(registry)
                .queueCapacity(50_000_000)
                .build()) {
            SwarmEventListener listener = telemetry.listener();
            Thread producer = new Thread(() -> {
                while (!stop.get()) {
                    for (int i = 0; i < 20; i++) {
                        events.forEach(listener::onEvent);
                    }
                    LockSupport.parkNanos(50_000); // hundreds of events a millisecond: a burst, without end
                }
            });
            producer.start();
            try {
                Awaitility.await()
                        .atMost(Duration.ofSeconds(5))
                        .until(() -> registry.find("swarm.runs").counter() != null);
                assertThat(producer.isAlive()).isTrue();
            } finally {
                stop.set(true);
                producer.join();
            }
            assertThat(telemetry.flush(Duration.ofSeconds(30))).isTrue();
            assertThat(telemetry.droppedEvents()).isZero();
        }
    }

    @Test
    void theWorkerLeavesTheCoresToABurstForALimitedTimeAndWhileTheQueueHasRoom() {
        long ms = TimeUnit.MILLISECONDS.toNanos(1);
        int burst = SwarmTelemetry.BURST_EVENTS_PER_MS;
        assertThat(SwarmTelemetry.keepDeferring(ms, 1_000, 1_000 + burst + 1, 100_000))
                .isTrue();
        assertThat(SwarmTelemetry.keepDeferring(ms, 1_000, 1_000 + burst, 100_000))
                .as("a trickle is not a burst")
                .isFalse();
        assertThat(SwarmTelemetry.keepDeferring(SwarmTelemetry.MAX_DEFER_NANOS, 1_000, 5_000, 100_000))
                .as("deferred long enough")
                .isFalse();
        assertThat(SwarmTelemetry.keepDeferring(SwarmTelemetry.MAX_DEFER_NANOS - 1, 1_000, 5_000, 100_000))
                .isTrue();
        assertThat(SwarmTelemetry.keepDeferring(ms, 40_000, 50_000, 100_000))
                .as("half full")
                .isFalse();
        assertThat(SwarmTelemetry.keepDeferring(ms, 40_000, 49_999, 100_000)).isTrue();
    }
}

package dev.agentswarm.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The harness's arithmetic and its fake model's script; fast, so it runs in every build. */
class RatiosTest {

    @Test
    void overBoundDividesByCriticalStepsTimesLatency() {
        assertThat(Ratios.overBound(5_250, 5, 1_000)).isCloseTo(1.05, within(1e-9));
        assertThatThrownBy(() -> Ratios.overBound(1, 0, 1_000))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("bound");
    }

    @Test
    void realisedFractionComparesWallAndStepSpeedups() {
        // 41 steps vs 5 steps is 8.2x; 8.0x in wall time realises 8.0 / 8.2 of it.
        assertThat(Ratios.realisedFraction(4_100, 512.5, 41, 5)).isCloseTo(8.0 / 8.2, within(1e-9));
    }

    @Test
    void medianOfOddAndEvenCounts() {
        assertThat(Ratios.median(3, 1, 2)).isEqualTo(2);
        assertThat(Ratios.median(4, 1, 3, 2)).isEqualTo(2.5);
        assertThatThrownBy(Ratios::median).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void bytesPerTaskIsTheGrowthOverIdleDividedByTasks() {
        assertThat(Ratios.bytesPerTask(3_000_000, 1_000_000, 1_000)).isEqualTo(2_000);
    }

    @Test
    void fakeModelMakesKCallsPerTaskAndAssignsNTasksInOneTurn() {
        FakeModel fake = new FakeModel(4, 3, Duration.ZERO);
        ChatRequest orchestrator = ChatRequest.builder()
                .messages(List.of(UserMessage.from("go")))
                .toolSpecifications(
                        ToolSpecification.builder().name("assign_task").build())
                .build();
        AiMessage first = fake.reply(orchestrator).aiMessage();
        assertThat(first.toolExecutionRequests()).hasSize(5);
        assertThat(first.toolExecutionRequests().get(0).name()).isEqualTo("create_subagent");
        assertThat(fake.reply(orchestrator).aiMessage().hasToolExecutionRequests())
                .isFalse();

        AiMessage call = fake.reply(ChatRequest.builder()
                        .messages(SystemMessage.from("s"), UserMessage.from("u"))
                        .build())
                .aiMessage();
        assertThat(call.toolExecutionRequests())
                .singleElement()
                .extracting(r -> r.name())
                .isEqualTo(FakeModel.TOOL);
        AiMessage last = fake.reply(ChatRequest.builder()
                        .messages(
                                SystemMessage.from("s"),
                                UserMessage.from("u"),
                                AiMessage.from("a"),
                                AiMessage.from("b"))
                        .build())
                .aiMessage();
        assertThat(last.hasToolExecutionRequests()).isFalse();
        assertThat(fake.calls()).isEqualTo(4);
        assertThat(fake.answers()).isEqualTo(1);
    }

    @Test
    void fakeModelCountsAndTimesCallsFromManyThreadsWithoutLosingAny() throws Exception {
        FakeModel fake = new FakeModel(0, 3, Duration.ZERO);
        ChatRequest firstTurn = ChatRequest.builder()
                .messages(SystemMessage.from("s"), UserMessage.from("u"))
                .build();
        ChatRequest lastTurn = ChatRequest.builder()
                .messages(SystemMessage.from("s"), UserMessage.from("u"), AiMessage.from("a"), AiMessage.from("b"))
                .build();
        long start = System.nanoTime();
        int threads = 4;
        int perThread = 5_000;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                done.add(pool.submit(() -> {
                    go.await();
                    for (int i = 0; i < perThread; i++) {
                        fake.reply(i % 2 == 0 ? firstTurn : lastTurn);
                    }
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> f : done) {
                f.get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(fake.calls()).isEqualTo((long) threads * perThread);
        assertThat(fake.answers()).isEqualTo((long) threads * perThread / 2);
        // First turns are wave t1, the turns after two answers wave t3; each has a first arrival and a spread.
        assertThat(fake.waves(start)).matches("t1=\\d+\\+\\d+,t3=\\d+\\+\\d+");
    }

    @Test
    void modelPortFloorRunsEveryCallOfEveryTask() throws Exception {
        String line = PlainReference.measureModelPort(200, Duration.ofMillis(2), 3, false);
        assertThat(line).startsWith("reference=model-port ").contains("boundMs=6");
        double ratio = Double.parseDouble(line.replaceAll(".*ratio=([0-9.]+).*", "$1"));
        // Three sequential calls of 2 ms cannot end before 6 ms.
        assertThat(ratio).isGreaterThanOrEqualTo(1.0);
    }

    @Test
    void collectorWarmUpStopsOnceTheCollectorHasRunEnough() throws Exception {
        int[] runs = {0};
        // Each run allocates and drops 8 MB: a few dozen of them make collections in any heap this JVM gets.
        int made = CollectorWarmUp.untilSettled(() -> {
            runs[0]++;
            byte[][] garbage = new byte[8][];
            for (int i = 0; i < garbage.length; i++) {
                garbage[i] = new byte[1 << 20];
            }
            if (garbage[7].length != 1 << 20) {
                throw new AssertionError();
            }
        });
        assertThat(made).isEqualTo(runs[0]);
        assertThat(CollectorWarmUp.collections()).isGreaterThanOrEqualTo(CollectorWarmUp.COLLECTIONS);
        // Once settled, no more runs.
        assertThat(CollectorWarmUp.untilSettled(() -> runs[0]++)).isZero();
    }
}

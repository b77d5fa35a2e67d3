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
import java.util.List;
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
}

package dev.agentswarm.internal.aggregation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentswarm.report.TaskResult;
import dev.agentswarm.report.TaskStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ResultAggregatorTest {

    static final ResultAggregator FOUR_CHARS_PER_TOKEN = new ResultAggregator(10, s -> (s.length() + 3) / 4);

    static TaskResult result(TaskStatus status, String message, String reason, int steps) {
        return new TaskResult(
                "s1-t2", "analyst", "p", status, message, reason, steps, Map.of(), Instant.EPOCH, Duration.ZERO);
    }

    @Test
    void aMessageWithinBudgetPassesUnchanged() {
        assertThat(FOUR_CHARS_PER_TOKEN.toToolResult(result(TaskStatus.COMPLETED, "x".repeat(40), null, 1)))
                .isEqualTo("x".repeat(40));
    }

    @Test
    void aLongMessageIsCutToTheBudgetWithAMarker() {
        String out = FOUR_CHARS_PER_TOKEN.toToolResult(result(TaskStatus.COMPLETED, "y".repeat(400), null, 1));
        assertThat(out)
                .isEqualTo("y".repeat(40) + "\n[truncated: final message was ~100 tokens; kept ~10 of a budget of 10]");
    }

    @Test
    void aFailedTaskSaysSoWithItsReasonAndLastMessage() {
        assertThat(FOUR_CHARS_PER_TOKEN.toToolResult(result(TaskStatus.STEP_LIMIT, "partial", "ran out", 3)))
                .isEqualTo("[task s1-t2 of subagent 'analyst' STEP_LIMIT after 3 steps: ran out]\n"
                        + "Last message before it stopped:\npartial");
        assertThat(FOUR_CHARS_PER_TOKEN.toToolResult(result(TaskStatus.FAILED, "", "HTTP 500", 1)))
                .isEqualTo("[task s1-t2 of subagent 'analyst' FAILED after 1 step: HTTP 500]");
    }

    @Test
    void budgetMustBePositive() {
        assertThatThrownBy(() -> new ResultAggregator(0, String::length))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("resultTokenBudget must be >= 1, got 0");
    }
}

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

    @Test
    void aMessageOfExactlyTheBudgetPassesUnchanged() {
        assertThat(FOUR_CHARS_PER_TOKEN.bound("z".repeat(40))).isEqualTo("z".repeat(40));
        assertThat(FOUR_CHARS_PER_TOKEN.bound("z".repeat(41)))
                .isEqualTo("z".repeat(37) + "\n[truncated: final message was ~11 tokens; kept ~10 of a budget of 10]");
    }

    @Test
    void theCutShrinksUntilTheEstimatorAgreesWithTheBudget() {
        // 'w' costs two tokens, anything else one: the proportional cut (6 characters, 12 tokens) is too long, a
        // tenth less (5 characters, 10 tokens) fits exactly.
        ResultAggregator heavyHead = new ResultAggregator(
                10, s -> s.length() + (int) s.chars().filter(c -> c == 'w').count());
        assertThat(heavyHead.bound("w".repeat(10) + "a".repeat(10)))
                .isEqualTo("wwwww\n[truncated: final message was ~30 tokens; kept ~10 of a budget of 10]");
        // Nothing fits: the head is empty, the marker says so.
        ResultAggregator costly = new ResultAggregator(1, s -> s.length() * 2);
        assertThat(costly.bound("abc"))
                .isEqualTo("\n[truncated: final message was ~6 tokens; kept ~0 of a budget of 1]");
    }

    @Test
    void aCompletedTaskWithAnEmptyFinalMessageSaysSo() {
        assertThat(FOUR_CHARS_PER_TOKEN.toToolResult(result(TaskStatus.COMPLETED, "", null, 1)))
                .isEqualTo("[task s1-t2 of subagent 'analyst' COMPLETED after 1 step with an empty final message]");
        assertThat(FOUR_CHARS_PER_TOKEN.toToolResult(result(TaskStatus.COMPLETED, "  \n", null, 4)))
                .isEqualTo("[task s1-t2 of subagent 'analyst' COMPLETED after 4 steps with an empty final message]");
    }

    @Test
    void aBlankLastMessageOfAStoppedTaskIsLeftOutAndALongOneIsCut() {
        assertThat(FOUR_CHARS_PER_TOKEN.toToolResult(result(TaskStatus.CANCELLED, " \t", "budget", 0)))
                .isEqualTo("[task s1-t2 of subagent 'analyst' CANCELLED after 0 steps: budget]");
        assertThat(FOUR_CHARS_PER_TOKEN.toToolResult(result(TaskStatus.FAILED, "q".repeat(80), "boom", 2)))
                .isEqualTo("[task s1-t2 of subagent 'analyst' FAILED after 2 steps: boom]\n"
                        + "Last message before it stopped:\n" + "q".repeat(40)
                        + "\n[truncated: final message was ~20 tokens; kept ~10 of a budget of 10]");
    }

    @Test
    void aBudgetOfOneIsAllowed() {
        assertThat(new ResultAggregator(1, String::length).bound("x")).isEqualTo("x");
    }

    @Test
    void anEstimatorWithAFixedOverheadEndsWithAnEmptyHead() {
        // Every text costs 5 tokens more than its characters: not even one character fits a budget of 3.
        ResultAggregator overhead = new ResultAggregator(3, s -> s.length() + 5);
        assertThat(overhead.bound("abcdef"))
                .isEqualTo("\n[truncated: final message was ~11 tokens; kept ~5 of a budget of 3]");
    }
}

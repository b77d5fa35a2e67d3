package dev.agentswarm.report;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The outcome of one subagent task. A failed task is a value with a reason, never an exception.
 *
 * @param taskId the task's id, unique within the run ({@code s<stage>-t<index>})
 * @param agent the name of the subagent that ran it
 * @param prompt the task prompt
 * @param status how it ended
 * @param finalMessage the subagent's final message; empty when it gave none
 * @param reason why it did not complete, or {@code null} when it did
 * @param steps the subagent's model turns, each with its tool invocations
 * @param tokensByModel tokens used, per model name
 * @param startedAt when the task started (from the run's clock)
 * @param duration how long it ran
 * @param output the final message parsed as JSON when the subagent has an output schema and the message validated
 *     against it; null otherwise (the final message is then that JSON, compact)
 */
public record TaskResult(
        String taskId,
        String agent,
        String prompt,
        TaskStatus status,
        String finalMessage,
        @Nullable String reason,
        int steps,
        Map<String, TokenUsage> tokensByModel,
        Instant startedAt,
        Duration duration,
        @Nullable JsonNode output) {

    /**
     * Validates and copies the result.
     *
     * @param taskId the task's id, unique within the run ({@code s<stage>-t<index>})
     * @param agent the name of the subagent that ran it
     * @param prompt the task prompt
     * @param status how it ended
     * @param finalMessage the subagent's final message; empty when it gave none
     * @param reason why it did not complete, or {@code null} when it did
     * @param steps the subagent's model turns, each with its tool invocations
     * @param tokensByModel tokens used, per model name
     * @param startedAt when the task started (from the run's clock)
     * @param duration how long it ran
     * @param output the validated structured output, or null
     * @throws NullPointerException if a required component is null
     * @throws IllegalArgumentException if steps is negative, or a non-completed result has no reason
     */
    @JsonCreator
    public TaskResult {
        Objects.requireNonNull(taskId, "taskId");
        Objects.requireNonNull(agent, "agent");
        Objects.requireNonNull(prompt, "prompt");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(finalMessage, "finalMessage");
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(duration, "duration");
        tokensByModel = Map.copyOf(tokensByModel);
        // JSON null (how a journal holds "no output") reads back as a NullNode: it means no output.
        output = output == null || output.isNull() || output.isMissingNode() ? null : output.deepCopy();
        if (steps < 0) {
            throw new IllegalArgumentException("steps must be >= 0, got " + steps);
        }
        if (status != TaskStatus.COMPLETED && (reason == null || reason.isBlank())) {
            throw new IllegalArgumentException("a " + status + " task needs a reason");
        }
    }

    /**
     * A result without structured output.
     *
     * @param taskId the task's id, unique within the run ({@code s<stage>-t<index>})
     * @param agent the name of the subagent that ran it
     * @param prompt the task prompt
     * @param status how it ended
     * @param finalMessage the subagent's final message; empty when it gave none
     * @param reason why it did not complete, or {@code null} when it did
     * @param steps the subagent's model turns, each with its tool invocations
     * @param tokensByModel tokens used, per model name
     * @param startedAt when the task started (from the run's clock)
     * @param duration how long it ran
     */
    public TaskResult(
            String taskId,
            String agent,
            String prompt,
            TaskStatus status,
            String finalMessage,
            @Nullable String reason,
            int steps,
            Map<String, TokenUsage> tokensByModel,
            Instant startedAt,
            Duration duration) {
        this(taskId, agent, prompt, status, finalMessage, reason, steps, tokensByModel, startedAt, duration, null);
    }

    /** @return the tokens of every model this task used, added up */
    public TokenUsage tokens() {
        return tokensByModel.values().stream().reduce(TokenUsage.ZERO, TokenUsage::plus);
    }
}

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
 * @param queueWait how long it waited at the swarm-wide bulkhead before it started
 *     ({@code AgentSwarm.Builder.maxTasksInFlight}); zero when it did not wait or the swarm has no cap
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
        Duration queueWait,
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
     * @param queueWait how long it waited at the swarm-wide bulkhead before it started; null (a journal written
     *     before it was recorded) reads as zero
     * @param output the validated structured output, or null
     * @throws NullPointerException if a required component is null
     * @throws IllegalArgumentException if steps or the queue wait is negative, or a non-completed result has no reason
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
        queueWait = queueWaitOrZero(queueWait);
        if (queueWait.isNegative()) {
            throw new IllegalArgumentException("queueWait must not be negative, got " + queueWait);
        }
    }

    /**
     * A result of a task that did not wait at a bulkhead.
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
     * @throws NullPointerException if a required component is null
     * @throws IllegalArgumentException if steps is negative, or a non-completed result has no reason
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
        this(
                taskId,
                agent,
                prompt,
                status,
                finalMessage,
                reason,
                steps,
                tokensByModel,
                startedAt,
                duration,
                Duration.ZERO,
                (JsonNode) null);
    }

    private static Duration queueWaitOrZero(@Nullable Duration d) {
        return d == null ? Duration.ZERO : d;
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
     * @param queueWait how long it waited at the swarm-wide bulkhead before it started
     * @throws NullPointerException if a required component is null
     * @throws IllegalArgumentException if steps or the queue wait is negative, or a non-completed result has no reason
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
            Duration duration,
            Duration queueWait) {
        this(
                taskId,
                agent,
                prompt,
                status,
                finalMessage,
                reason,
                steps,
                tokensByModel,
                startedAt,
                duration,
                queueWait,
                null);
    }

    /**
     * A result of a task that did not wait at a bulkhead, with its structured output.
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
            Duration duration,
            @Nullable JsonNode output) {
        this(
                taskId,
                agent,
                prompt,
                status,
                finalMessage,
                reason,
                steps,
                tokensByModel,
                startedAt,
                duration,
                Duration.ZERO,
                output);
    }

    /** @return the tokens of every model this task used, added up */
    public TokenUsage tokens() {
        return tokensByModel.values().stream().reduce(TokenUsage.ZERO, TokenUsage::plus);
    }
}

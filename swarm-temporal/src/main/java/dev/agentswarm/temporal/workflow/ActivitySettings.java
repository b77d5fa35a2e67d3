package dev.agentswarm.temporal.workflow;

import java.time.Duration;
import java.util.Objects;

/**
 * How a swarm run's activities are scheduled.
 *
 * @param modelCallTimeout the start-to-close timeout of one model call attempt
 * @param toolCallTimeout the start-to-close timeout of one tool call attempt
 * @param heartbeatTimeout how long an activity may go without a heartbeat before Temporal gives it to another worker
 * @param maxAttempts how many attempts Temporal makes of a call whose worker was lost or timed out (a call that
 *     failed with an answer is never retried by Temporal: the swarm's own {@code ModelPolicy} decides)
 * @param historyGuard the workflow history length, in events, at which a run is ended early (as cancelled, keeping
 *     every finished task, with a reason that says so) before Temporal's hard limit of 51,200 events terminates it
 */
public record ActivitySettings(
        Duration modelCallTimeout,
        Duration toolCallTimeout,
        Duration heartbeatTimeout,
        int maxAttempts,
        int historyGuard) {

    /** The default history guard: well below Temporal's hard limit of 51,200 events. */
    public static final int DEFAULT_HISTORY_GUARD = 45_000;

    /**
     * Settings with the default history guard.
     *
     * @param modelCallTimeout the model call timeout
     * @param toolCallTimeout the tool call timeout
     * @param heartbeatTimeout the heartbeat timeout
     * @param maxAttempts the attempts
     */
    public ActivitySettings(
            Duration modelCallTimeout, Duration toolCallTimeout, Duration heartbeatTimeout, int maxAttempts) {
        this(modelCallTimeout, toolCallTimeout, heartbeatTimeout, maxAttempts, DEFAULT_HISTORY_GUARD);
    }

    /**
     * Checks the values.
     *
     * @param modelCallTimeout the model call timeout
     * @param toolCallTimeout the tool call timeout
     * @param heartbeatTimeout the heartbeat timeout
     * @param maxAttempts the attempts
     * @param historyGuard the history length that ends a run early
     */
    public ActivitySettings {
        Objects.requireNonNull(modelCallTimeout, "modelCallTimeout");
        Objects.requireNonNull(toolCallTimeout, "toolCallTimeout");
        Objects.requireNonNull(heartbeatTimeout, "heartbeatTimeout");
        if (modelCallTimeout.isNegative() || modelCallTimeout.isZero()) {
            throw new IllegalArgumentException("modelCallTimeout must be positive, was " + modelCallTimeout);
        }
        if (toolCallTimeout.isNegative() || toolCallTimeout.isZero()) {
            throw new IllegalArgumentException("toolCallTimeout must be positive, was " + toolCallTimeout);
        }
        if (heartbeatTimeout.isNegative() || heartbeatTimeout.isZero()) {
            throw new IllegalArgumentException("heartbeatTimeout must be positive, was " + heartbeatTimeout);
        }
        if (historyGuard < 1) {
            throw new IllegalArgumentException("historyGuard must be positive, was " + historyGuard);
        }
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1, was " + maxAttempts);
        }
    }

    /** Ten minutes per model call, five per tool call, a heartbeat every 30 seconds, five attempts. */
    public static final ActivitySettings DEFAULTS =
            new ActivitySettings(Duration.ofMinutes(10), Duration.ofMinutes(5), Duration.ofSeconds(30), 5);
}

package dev.agentswarm.policy;

/**
 * The order in which a stage's tasks start when they cannot all start at once (more tasks than
 * {@code maxConcurrency}). Results always come back to the orchestrator in call order, whatever the start order.
 */
public enum TaskOrdering {
    /** Tasks start in the order the orchestrator called {@code assign_task}. */
    FIFO,
    /**
     * The tasks expected to take longest start first, so that the longest branch, which sets the stage's latency,
     * is not left until last. The expectation comes from a {@link TaskDurationHint} if one is configured, else from
     * the subagent's past task durations in this swarm; tasks with no expectation keep their call order, after those
     * with one.
     */
    LONGEST_EXPECTED_FIRST
}

package dev.agentswarm.report;

/** How a subagent task ended. Every status but {@link #COMPLETED} comes with a reason. */
public enum TaskStatus {
    /** The subagent gave a final message (an assistant message without tool calls). */
    COMPLETED,
    /** The subagent reached its step limit before giving a final message. */
    STEP_LIMIT,
    /** A model call failed for good (after retries), or the task could not run. */
    FAILED,
    /** The task ran past its time limit. */
    TIMED_OUT,
    /** The task, or the whole run, was cancelled. */
    CANCELLED;

    /** @return whether the task gave a final message */
    public boolean isSuccess() {
        return this == COMPLETED;
    }
}

package dev.agentswarm.report;

/** How a run ended. Every status but {@link #COMPLETED} keeps the partial results. */
public enum RunStatus {
    /** The orchestrator gave a final answer. */
    COMPLETED,
    /** The orchestrator reached its step limit. */
    ORCHESTRATOR_STEP_LIMIT,
    /** A budget (tasks, tokens, cost, critical steps, wall time) ran out; see {@link SwarmResult#reason()}. */
    BUDGET_EXHAUSTED,
    /** An orchestrator model call failed for good. */
    FAILED,
    /** The run was cancelled. */
    CANCELLED,
    /** The run ran past its wall-clock limit. */
    TIMED_OUT
}

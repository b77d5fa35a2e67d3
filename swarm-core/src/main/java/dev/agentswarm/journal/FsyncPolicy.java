package dev.agentswarm.journal;

import dev.agentswarm.event.SwarmEvent;

/**
 * When the journal forces its file to the storage device ({@code FileChannel.force}). Every event is written to the
 * operating system as it happens, whatever the policy, so a killed process loses nothing that was emitted; the policy
 * decides what survives a power loss or a kernel crash.
 */
public enum FsyncPolicy {
    /** Never force; the operating system writes back when it likes. Fastest; survives a process kill only. */
    NEVER,
    /**
     * Force after every event that a resume relies on, before the orchestrator consumes it: a finished task, an
     * orchestrator turn, an orchestrator tool result and the end of the run. The default.
     */
    ON_TASK_RESULT,
    /** Force after every event. Slowest. */
    ALWAYS;

    /**
     * @param event an event about to be journaled
     * @return whether this policy forces the file after writing it
     */
    public boolean forces(SwarmEvent event) {
        return switch (this) {
            case NEVER -> false;
            case ALWAYS -> true;
            case ON_TASK_RESULT -> isResumeRelevant(event);
        };
    }

    /**
     * @param event an event
     * @return whether a resume reads it: a finished task, an orchestrator turn, an orchestrator tool result or the
     *     end of the run
     */
    public static boolean isResumeRelevant(SwarmEvent event) {
        return event instanceof SwarmEvent.TaskFinished
                || event instanceof SwarmEvent.OrchestratorTurn
                || event instanceof SwarmEvent.RunFinished
                || (event instanceof SwarmEvent.ToolCallFinished t && t.taskId() == null);
    }
}

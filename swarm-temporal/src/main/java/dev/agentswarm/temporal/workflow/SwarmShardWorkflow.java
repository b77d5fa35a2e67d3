package dev.agentswarm.temporal.workflow;

import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * One shard of a large stage, a child workflow of its run's {@link SwarmWorkflow}: it runs its tasks with swarm-core's
 * own subagent loop (every model and tool call an activity), sends their results and events to the run in pages by
 * the run's {@code shardPage} signal, and returns a summary.
 */
@WorkflowInterface
public interface SwarmShardWorkflow {

    /**
     * Runs a shard's tasks.
     *
     * @param swarm the name the swarm's definition is registered under on the workers
     * @param version the library version of the run's workflow; a worker of another version refuses the shard
     * @param shard the shard's tasks, as the run wrote them (JSON)
     * @return the shard's summary (JSON): how many pages it signalled, and the limits its tasks hit
     */
    @WorkflowMethod(name = "AgentSwarmShard")
    String run(String swarm, String version, String shard);

    /**
     * Cancels one task of the shard, routed from the run's {@code cancelTask}, fail-fast or budget.
     *
     * @param taskId the task's id
     * @param reason the reason its result gives
     */
    @SignalMethod(name = "cancelShardTask")
    void cancelTask(String taskId, String reason);
}

package dev.agentswarm.temporal.workflow;

/**
 * How a run splits a large stage into child workflows, so that no workflow's history nears Temporal's limit of 51,200
 * events (see {@code docs/temporal.md}, payloads and long stages). The first {@code inlineTasksPerStage} tasks of
 * every stage run in the run's own workflow, as in a run without shards; the further tasks of a larger stage run in
 * child workflows, each of at most {@code tasksPerShard} tasks, in which swarm-core's own subagent loop runs and every
 * model and tool call is an activity. The run's workflow then records a few events per shard instead of about three
 * per call.
 *
 * @param inlineTasksPerStage the tasks of a stage, counted from its first, that run in the run's workflow; 0 sends
 *     every task to a shard
 * @param tasksPerShard the most tasks one child workflow runs; a shard records about {@code 3·k} events per task of
 *     {@code k} calls, so 1,000 tasks of 3 calls stay well under the limit
 */
public record ShardSettings(int inlineTasksPerStage, int tasksPerShard) {

    /** 200 tasks of a stage in the run's workflow, the rest in shards of up to 1,000 tasks. */
    public static final ShardSettings DEFAULTS = new ShardSettings(200, 1_000);

    /**
     * Checks the values.
     *
     * @param inlineTasksPerStage the tasks of a stage that run in the run's workflow, at least 0
     * @param tasksPerShard the most tasks of one shard, at least 1
     */
    public ShardSettings {
        if (inlineTasksPerStage < 0) {
            throw new IllegalArgumentException("inlineTasksPerStage must be at least 0, was " + inlineTasksPerStage);
        }
        if (tasksPerShard < 1) {
            throw new IllegalArgumentException("tasksPerShard must be at least 1, was " + tasksPerShard);
        }
    }
}

package dev.agentswarm.temporal;

import dev.agentswarm.subagent.SubagentDefinition;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** What a run and its shards' child workflows send each other, as JSON. */
final class ShardMessages {

    private ShardMessages() {}

    /**
     * One task of a shard.
     *
     * @param stage its stage
     * @param index its position among the stage's tasks
     * @param agent its subagent
     * @param prompt its prompt
     * @param cancelled the reason, when it was cancelled before its shard started; else null
     */
    record Task(
            int stage,
            int index,
            SubagentDefinition agent,
            String prompt,
            @Nullable String cancelled) {}

    /**
     * A shard's input.
     *
     * @param runId the run's id, which the shard's events carry
     * @param tasks its tasks, in the order the run handed them over
     */
    record Input(String runId, List<Task> tasks) {}

    /**
     * One task's outcome.
     *
     * @param taskId the task's id
     * @param result its {@code TaskResult} (JSON)
     * @param events its events in order (JSON), {@code TaskFinished} last
     */
    record Outcome(String taskId, String result, List<String> events) {}

    /**
     * A page of outcomes.
     *
     * @param outcomes the outcomes
     */
    record Page(List<Outcome> outcomes) {}

    /**
     * What a shard returns once it signalled its pages.
     *
     * @param pages how many pages it signalled
     * @param limitsHit the limits its tasks hit, for the run's report
     */
    record Summary(int pages, List<String> limitsHit) {}
}

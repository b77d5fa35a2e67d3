package dev.agentswarm.eval.trajectory;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import dev.agentswarm.eval.reward.RewardTerms;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One line of a trajectory: one orchestrator turn, exactly as the model saw it. Serialised with snake_case names;
 * the schema is documented in {@code docs/rl.md}.
 *
 * @param schemaVersion {@link TrajectoryExporter#SCHEMA_VERSION}
 * @param episodeId the rollout episode, or null outside a rollout
 * @param runId the run's id
 * @param taskId the task's id
 * @param turn the turn's position in the run, from 0
 * @param stage the stage the turn opened, from 0
 * @param step the orchestrator's step, from 1
 * @param request the request the model received, as OpenAI-style {@code {"messages":[…],"tools":[…]}}
 *     ({@link ChatJson#request}); {@link ChatJson#toRequest} rebuilds it
 * @param response the response, as {@code {"message":{assistant},"finish_reason":…,"usage":{…}}}
 * @param compacted whether the context policy changed the history before this request: the request is not the
 *     previous request followed by the previous response and its tool results
 * @param observed whether the tool results of this turn's calls were seen by a later request; false for the run's
 *     last turn and for a turn whose results a compaction removed
 * @param observations the tool results of this turn's calls as the orchestrator saw them, in call order
 * @param subagents one summary per subagent task the turn's stage launched and recorded, in call order
 * @param stageCriticalSteps S_main(t) + max_i S_sub,i(t), 0 when the stage was not recorded
 * @param criticalStepsSoFar the critical steps of the stages up to this one
 * @param totalStepsSoFar every model turn of the stages up to this one, subagents included
 * @param reward the reward terms over the stages so far; r_perf only on the last turn
 * @param last whether this is the run's last turn
 * @param status the run's status on the last turn, else null
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record TrajectoryRecord(
        String schemaVersion,
        @Nullable String episodeId,
        String runId,
        String taskId,
        int turn,
        int stage,
        int step,
        JsonNode request,
        JsonNode response,
        boolean compacted,
        boolean observed,
        List<Observation> observations,
        List<Subagent> subagents,
        int stageCriticalSteps,
        int criticalStepsSoFar,
        int totalStepsSoFar,
        RewardTerms reward,
        boolean last,
        @Nullable String status) {

    /**
     * Copies the lists.
     *
     * @param schemaVersion the schema version
     * @param episodeId the episode, or null
     * @param runId the run
     * @param taskId the task
     * @param turn the turn, from 0
     * @param stage the stage, from 0
     * @param step the step, from 1
     * @param request the request
     * @param response the response
     * @param compacted whether the history was compacted before the request
     * @param observed whether the turn's tool results were seen
     * @param observations the tool results
     * @param subagents the tasks
     * @param stageCriticalSteps the stage's critical steps
     * @param criticalStepsSoFar the critical steps so far
     * @param totalStepsSoFar the steps so far
     * @param reward the reward terms
     * @param last whether it is the last turn
     * @param status the run's status, on the last turn
     */
    public TrajectoryRecord {
        observations = List.copyOf(observations);
        subagents = List.copyOf(subagents);
    }

    /**
     * A tool result the orchestrator saw, qualified by its kind.
     *
     * @param index the call's position in the turn, from 0
     * @param toolCallId the call id as the model sent it (repeated, empty or null ids are kept as they are)
     * @param name the tool
     * @param kind {@code create_subagent} (a definition's confirmation), {@code task_result} (a task's aggregated
     *     text with its status), {@code refused} (a swarm call the runtime refused: unknown agent, limit, bad
     *     arguments), or {@code tool} (an ordinary tool)
     * @param taskId the task of a {@code task_result}, else null
     * @param isError whether the result was flagged as an error
     * @param content the text as the orchestrator saw it
     */
    public record Observation(
            int index,
            @Nullable String toolCallId,
            @Nullable String name,
            String kind,
            @Nullable String taskId,
            boolean isError,
            @Nullable String content) {}

    /**
     * A summary of one subagent task of the turn.
     *
     * @param taskId the task id
     * @param agent the subagent
     * @param prompt the task prompt
     * @param status how it ended
     * @param steps its steps, S_sub,i(t)
     * @param finalMessage its final message (the orchestrator receives it, bounded by the result token budget)
     * @param reason why it did not complete, or null
     * @param inputTokens its input tokens
     * @param outputTokens its output tokens
     * @param durationMillis its wall time
     */
    public record Subagent(
            String taskId,
            String agent,
            String prompt,
            String status,
            int steps,
            String finalMessage,
            @Nullable String reason,
            long inputTokens,
            long outputTokens,
            long durationMillis) {}
}

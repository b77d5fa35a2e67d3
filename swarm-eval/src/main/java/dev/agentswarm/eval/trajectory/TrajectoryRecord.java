package dev.agentswarm.eval.trajectory;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.agentswarm.eval.reward.RewardTerms;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One line of a trajectory: one orchestrator turn (one stage). Serialised with snake_case names; see
 * {@code docs/policies.md} for the schema.
 *
 * @param schemaVersion {@link TrajectoryExporter#SCHEMA_VERSION}
 * @param runId the run's id
 * @param taskId the evaluation task's id
 * @param turn the stage index, from 0
 * @param last whether this is the run's last turn
 * @param messages the messages this turn added to the orchestrator's conversation: on turn 0 first the user's task,
 *     then the assistant turn with its tool calls, then the results of the orchestrator's ordinary tools
 * @param subagents one summary per subagent task the turn launched, in call order
 * @param stageCriticalSteps S_main(t) + max_i S_sub,i(t)
 * @param criticalStepsSoFar the critical steps of turns 0..t
 * @param totalStepsSoFar every model turn of turns 0..t, subagents included
 * @param reward the reward terms over turns 0..t; r_perf only on the last turn
 * @param status the run's status on the last turn, else null
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record TrajectoryRecord(
        String schemaVersion,
        String runId,
        String taskId,
        int turn,
        boolean last,
        List<Message> messages,
        List<Subagent> subagents,
        int stageCriticalSteps,
        int criticalStepsSoFar,
        int totalStepsSoFar,
        RewardTerms reward,
        @Nullable String status) {

    /** Copies the lists.
     * @param schemaVersion {@link TrajectoryExporter#SCHEMA_VERSION}
     * @param runId the run's id
     * @param taskId the evaluation task's id
     * @param turn the stage index, from 0
     * @param last whether this is the run's last turn
     * @param messages the messages this turn added to the orchestrator's conversation: on turn 0 first the user's task, then the assistant turn with its tool calls, then the results of the orchestrator's ordinary tools
     * @param subagents one summary per subagent task the turn launched, in call order
     * @param stageCriticalSteps S_main(t) + max_i S_sub,i(t)
     * @param criticalStepsSoFar the critical steps of turns 0..t
     * @param totalStepsSoFar every model turn of turns 0..t, subagents included
     * @param reward the reward terms over turns 0..t; r_perf only on the last turn
     * @param status the run's status on the last turn, else null */
    public TrajectoryRecord {
        messages = List.copyOf(messages);
        subagents = List.copyOf(subagents);
    }

    /**
     * A chat message in OpenAI-like shape.
     *
     * @param role {@code user}, {@code assistant} or {@code tool}
     * @param content the text
     * @param toolCalls the assistant's tool calls (empty otherwise)
     * @param toolCallId for a tool message, the id of the call it answers
     * @param name for a tool message, the tool's name
     */
    public record Message(
            String role,
            String content,
            List<ToolCall> toolCalls,
            @Nullable String toolCallId,
            @Nullable String name) {

        /** Copies the list.
         * @param role {@code user}, {@code assistant} or {@code tool}
         * @param content the text
         * @param toolCalls the assistant's tool calls (empty otherwise)
         * @param toolCallId for a tool message, the id of the call it answers
         * @param name for a tool message, the tool's name */
        public Message {
            toolCalls = List.copyOf(toolCalls);
        }
    }

    /**
     * A tool call as the model made it.
     *
     * @param id the call id
     * @param name the tool
     * @param arguments the raw JSON arguments
     */
    public record ToolCall(String id, String name, String arguments) {}

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

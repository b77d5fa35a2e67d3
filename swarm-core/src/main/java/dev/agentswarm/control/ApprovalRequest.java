package dev.agentswarm.control;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What an {@link ApprovalPolicy} is asked to decide: one call the orchestrator or a subagent is about to make.
 *
 * @param kind what the call does
 * @param key the call's stable key within the run ({@code s<stage>/c<index>} for an orchestrator call,
 *     {@code s<stage>/assignments} for a stage's batch of assignments, {@code <taskId>/c<step>.<index>} for a
 *     subagent's tool call); a resumed run meets the same keys, which is how journaled decisions are replayed
 * @param stage the stage index
 * @param tool the tool called ({@code create_subagent}, {@code assign_task} or an ordinary tool)
 * @param agent the subagent concerned: the one created, the one assigned a task, or the one calling a tool; null for
 *     the orchestrator's own tool calls and for a stage's batch
 * @param arguments the call's arguments as JSON text (a JSON array of each assignment's arguments for a batch)
 */
public record ApprovalRequest(
        Kind kind,
        String key,
        int stage,
        String tool,
        @Nullable String agent,
        String arguments) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** What a call that asks for approval does. */
    public enum Kind {
        /** {@code create_subagent}: a subagent is about to be defined. */
        CREATE_SUBAGENT,
        /** {@code assign_task}: one task is about to be dispatched. */
        ASSIGN_TASK,
        /** Every {@code assign_task} of one orchestrator turn, asked once (see {@link Controls.Builder}). */
        ASSIGN_STAGE,
        /** A call of a tool that is marked as needing approval. */
        TOOL
    }

    /**
     * Checks for nulls.
     *
     * @param kind what the call does
     * @param key the call's stable key
     * @param stage the stage index
     * @param tool the tool called
     * @param agent the subagent concerned, or null
     * @param arguments the call's arguments as JSON text
     */
    public ApprovalRequest {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(tool, "tool");
        Objects.requireNonNull(arguments, "arguments");
    }

    /**
     * @return the prompt the call carries: an assignment's {@code prompt}, a definition's {@code system_prompt}, or
     *     null for other calls and for arguments that hold none
     */
    public @Nullable String prompt() {
        String field = promptField();
        if (field == null) {
            return null;
        }
        try {
            JsonNode node = JSON.readTree(arguments);
            JsonNode v = node == null ? null : node.get(field);
            return v != null && v.isTextual() ? v.asText() : null;
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    /**
     * @param prompt a new prompt
     * @return these arguments with the prompt replaced ({@code prompt} of an assignment, {@code system_prompt} of a
     *     definition), as JSON text for {@link Decision#edit(String)}
     * @throws IllegalStateException if the call carries no prompt or its arguments are not a JSON object
     */
    public String argumentsWithPrompt(String prompt) {
        Objects.requireNonNull(prompt, "prompt");
        String field = promptField();
        if (field == null) {
            throw new IllegalStateException(
                    "a " + kind + " request has no prompt to edit; edit its arguments with Decision.edit");
        }
        try {
            JsonNode node = JSON.readTree(arguments);
            if (!(node instanceof ObjectNode object)) {
                throw new IllegalStateException("the arguments of " + tool + " are not a JSON object");
            }
            ObjectNode copy = object.deepCopy();
            copy.put(field, prompt);
            return JSON.writeValueAsString(copy);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the arguments of " + tool + " are not JSON: " + e.getOriginalMessage());
        }
    }

    private @Nullable String promptField() {
        return switch (kind) {
            case ASSIGN_TASK -> "prompt";
            case CREATE_SUBAGENT -> "system_prompt";
            default -> null;
        };
    }
}

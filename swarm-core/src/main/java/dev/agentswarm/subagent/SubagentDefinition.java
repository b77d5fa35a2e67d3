package dev.agentswarm.subagent;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A frozen subagent: once the orchestrator creates it, its name, system prompt, tools and model never change.
 * One definition can be assigned many tasks; each task starts from a fresh context.
 *
 * @param name the unique name the orchestrator assigns tasks to
 * @param systemPrompt the system prompt of every task of this subagent
 * @param tools the names of the registry tools this subagent may call, in order
 * @param model the name of the model its tasks run on
 * @param outputSchema the JSON Schema every final message of its tasks must satisfy, or null for free text (see
 *     {@code docs/control.md})
 */
public record SubagentDefinition(
        String name,
        String systemPrompt,
        List<String> tools,
        String model,
        @Nullable JsonNode outputSchema) {

    /**
     * Validates and copies the definition.
     *
     * @param name the unique name the orchestrator assigns tasks to
     * @param systemPrompt the system prompt of every task of this subagent
     * @param tools the names of the registry tools this subagent may call, in order
     * @param model the name of the model its tasks run on
     * @param outputSchema the JSON Schema of its final messages, or null
     * @throws NullPointerException if a component is null
     * @throws IllegalArgumentException if the name or the system prompt is blank
     */
    public SubagentDefinition {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(systemPrompt, "systemPrompt");
        Objects.requireNonNull(model, "model");
        tools = List.copyOf(tools);
        // JSON null (how a journal holds "no schema") reads back as a NullNode: it means no schema.
        outputSchema = outputSchema == null || outputSchema.isNull() || outputSchema.isMissingNode()
                ? null
                : outputSchema.deepCopy();
        if (name.isBlank()) {
            throw new IllegalArgumentException("a subagent needs a non-blank name");
        }
        if (systemPrompt.isBlank()) {
            throw new IllegalArgumentException("subagent '" + name + "' needs a non-blank system prompt");
        }
    }

    /**
     * A definition whose tasks answer in free text.
     *
     * @param name the unique name the orchestrator assigns tasks to
     * @param systemPrompt the system prompt of every task of this subagent
     * @param tools the names of the registry tools this subagent may call, in order
     * @param model the name of the model its tasks run on
     */
    public SubagentDefinition(String name, String systemPrompt, List<String> tools, String model) {
        this(name, systemPrompt, tools, model, null);
    }

    /**
     * @param schema a JSON Schema the final message of each task must satisfy
     * @return a copy with that output schema
     */
    public SubagentDefinition withOutputSchema(JsonNode schema) {
        return new SubagentDefinition(name, systemPrompt, tools, model, Objects.requireNonNull(schema, "schema"));
    }
}

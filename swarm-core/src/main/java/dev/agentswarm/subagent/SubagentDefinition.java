package dev.agentswarm.subagent;

import java.util.List;
import java.util.Objects;

/**
 * A frozen subagent: once the orchestrator creates it, its name, system prompt, tools and model never change.
 * One definition can be assigned many tasks; each task starts from a fresh context.
 *
 * @param name the unique name the orchestrator assigns tasks to
 * @param systemPrompt the system prompt of every task of this subagent
 * @param tools the names of the registry tools this subagent may call, in order
 * @param model the name of the model its tasks run on
 */
public record SubagentDefinition(String name, String systemPrompt, List<String> tools, String model) {

    /**
     * Validates and copies the definition.
     *
     * @param name the unique name the orchestrator assigns tasks to
     * @param systemPrompt the system prompt of every task of this subagent
     * @param tools the names of the registry tools this subagent may call, in order
     * @param model the name of the model its tasks run on
     * @throws NullPointerException if a component is null
     * @throws IllegalArgumentException if the name or the system prompt is blank
     */
    public SubagentDefinition {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(systemPrompt, "systemPrompt");
        Objects.requireNonNull(model, "model");
        tools = List.copyOf(tools);
        if (name.isBlank()) {
            throw new IllegalArgumentException("a subagent needs a non-blank name");
        }
        if (systemPrompt.isBlank()) {
            throw new IllegalArgumentException("subagent '" + name + "' needs a non-blank system prompt");
        }
    }
}

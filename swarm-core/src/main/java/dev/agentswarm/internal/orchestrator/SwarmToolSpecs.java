package dev.agentswarm.internal.orchestrator;

import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.model.chat.request.json.JsonArraySchema;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.request.json.JsonStringSchema;
import java.util.Collection;

/** The two swarm tools offered to the orchestrator, named and shaped as in the Kimi K2.5 report. */
final class SwarmToolSpecs {

    /** The tool that defines a frozen subagent. */
    public static final String CREATE_SUBAGENT = "create_subagent";
    /** The tool that launches one task of a defined subagent. */
    public static final String ASSIGN_TASK = "assign_task";

    private SwarmToolSpecs() {}

    /**
     * @param availableTools the registry's tool names, listed in the description
     * @param groups the registry's tool groups (each stands for several tools), listed when there are any
     * @param defaultTools the toolset of a subagent created without {@code tools}
     * @return the {@code create_subagent(name, system_prompt, tools?, output_schema?)} specification
     */
    public static ToolSpecification createSubagent(
            Collection<String> availableTools, Collection<String> groups, Collection<String> defaultTools) {
        return ToolSpecification.builder()
                .name(CREATE_SUBAGENT)
                .description(
                        "Define a reusable subagent. The definition is frozen once created: its name is unique and "
                                + "its system prompt and tools never change. Assign it tasks with assign_task.")
                .parameters(JsonObjectSchema.builder()
                        .addStringProperty("name", "Unique name of the subagent")
                        .addStringProperty("system_prompt", "System prompt that specialises the subagent for its role")
                        .addProperty(
                                "tools",
                                JsonArraySchema.builder()
                                        .description("Names of the tools the subagent may use. Available: "
                                                + availableTools
                                                + (groups.isEmpty()
                                                        ? ""
                                                        : ". Groups, each standing for several tools: " + groups)
                                                + ". Default when omitted: " + defaultTools + ".")
                                        .items(new JsonStringSchema())
                                        .build())
                        .addProperty(
                                "output_schema",
                                JsonObjectSchema.builder()
                                        .description("Optional JSON Schema (an object) that every final message of "
                                                + "this subagent must satisfy. Use it when you need fields you can rely"
                                                + " on: the subagent then answers with JSON that matches it, and "
                                                + "assign_task returns that JSON. Leave it out for a free-text answer.")
                                        .build())
                        .required("name", "system_prompt")
                        .build())
                .build();
    }

    /** @return the {@code assign_task(agent, prompt)} specification */
    public static ToolSpecification assignTask() {
        return ToolSpecification.builder()
                .name(ASSIGN_TASK)
                .description("Launch one task for a defined subagent. Several assign_task calls in one turn run in "
                        + "parallel, each in a fresh context (the subagent's system prompt plus this prompt only). "
                        + "The tool result is the subagent's final message.")
                .parameters(JsonObjectSchema.builder()
                        .addStringProperty("agent", "Name of a subagent created with create_subagent")
                        .addStringProperty("prompt", "The complete, self-contained task for the subagent")
                        .addProperty(
                                "attachments",
                                JsonArraySchema.builder()
                                        .description("Optional ids of the user's images this task needs, e.g. "
                                                + "[\"image-1\"]; the subagent sees only these images")
                                        .items(new JsonStringSchema())
                                        .build())
                        .required("agent", "prompt")
                        .build())
                .build();
    }
}

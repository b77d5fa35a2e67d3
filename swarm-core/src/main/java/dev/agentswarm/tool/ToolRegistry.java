package dev.agentswarm.tool;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The named tools a swarm can hand out. Subagents get an allowlist drawn from it: the names given to
 * {@code create_subagent}, or the default subagent toolset. Immutable once built.
 */
public final class ToolRegistry {

    private static final ToolRegistry EMPTY = new ToolRegistry(Map.of());

    private final Map<String, AgentTool> tools;

    private ToolRegistry(Map<String, AgentTool> tools) {
        this.tools = tools;
    }

    /** @return a registry with no tools */
    public static ToolRegistry empty() {
        return EMPTY;
    }

    /** @return a builder for a registry */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Looks a tool up.
     *
     * @param name a tool name
     * @return the tool, or empty when no tool has that name
     */
    public Optional<AgentTool> find(String name) {
        return Optional.ofNullable(tools.get(name));
    }

    /** @return every tool name, in registration order */
    public Set<String> names() {
        return tools.keySet();
    }

    /** @return every tool, in registration order */
    public Collection<AgentTool> all() {
        return tools.values();
    }

    /**
     * Selects tools by name.
     *
     * @param names tool names, each registered
     * @return the tools, in the order of {@code names}
     * @throws IllegalArgumentException if a name is not registered
     */
    public List<AgentTool> select(Collection<String> names) {
        List<AgentTool> out = new ArrayList<>(names.size());
        for (String n : names) {
            AgentTool t = tools.get(n);
            if (t == null) {
                throw new IllegalArgumentException("unknown tool '" + n + "'; registered tools: " + tools.keySet());
            }
            out.add(t);
        }
        return out;
    }

    /** Builds a {@link ToolRegistry}; names must be unique. */
    public static final class Builder {
        private final Map<String, AgentTool> tools = new LinkedHashMap<>();

        private Builder() {}

        /**
         * Adds a tool.
         *
         * @param tool the tool
         * @return this builder
         * @throws IllegalArgumentException if a tool with the same name was added before
         */
        public Builder add(AgentTool tool) {
            Objects.requireNonNull(tool, "tool");
            if (tools.putIfAbsent(tool.name(), tool) != null) {
                throw new IllegalArgumentException(
                        "duplicate tool name '" + tool.name() + "'; tool names must be unique");
            }
            return this;
        }

        /**
         * Adds every {@code @Tool} method of an object.
         *
         * @param toolObject an object with {@code @Tool} methods
         * @return this builder
         * @throws IllegalArgumentException if it has no {@code @Tool} method, or a name is taken
         */
        public Builder addObject(Object toolObject) {
            AgentTool.fromObject(toolObject).forEach(this::add);
            return this;
        }

        /**
         * Adds every tool of another registry.
         *
         * @param other the registry
         * @return this builder
         * @throws IllegalArgumentException if a name is taken
         */
        public Builder addAll(ToolRegistry other) {
            other.all().forEach(this::add);
            return this;
        }

        /** @return the registry */
        public ToolRegistry build() {
            return new ToolRegistry(java.util.Collections.unmodifiableMap(new LinkedHashMap<>(tools)));
        }
    }
}

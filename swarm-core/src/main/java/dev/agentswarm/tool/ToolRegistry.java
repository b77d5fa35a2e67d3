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
 * {@code create_subagent}, or the default subagent toolset. A name in an allowlist may also be a group (such as all
 * the tools of one MCP server), which stands for its member tools. Immutable once built.
 */
public final class ToolRegistry {

    private static final ToolRegistry EMPTY = new ToolRegistry(Map.of(), Map.of());

    private final Map<String, AgentTool> tools;
    private final Map<String, List<String>> groups;

    private ToolRegistry(Map<String, AgentTool> tools, Map<String, List<String>> groups) {
        this.tools = tools;
        this.groups = groups;
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

    /** @return every group name, in registration order; a group stands for its member tools in an allowlist */
    public Set<String> groupNames() {
        return groups.keySet();
    }

    /**
     * Replaces each group name in an allowlist with its member tools. A tool name stays as it is (a tool wins over a
     * group of the same name); an unknown name stays too, for the caller to report. Duplicates are dropped, keeping
     * the first occurrence.
     *
     * @param names tool or group names
     * @return tool names (and unknown names), in the order given, groups expanded in their members' order
     */
    public List<String> expand(Collection<String> names) {
        java.util.LinkedHashSet<String> out = new java.util.LinkedHashSet<>();
        for (String n : names) {
            List<String> members = tools.containsKey(n) ? null : groups.get(n);
            if (members == null) {
                out.add(n);
            } else {
                out.addAll(members);
            }
        }
        return List.copyOf(out);
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
        private final Map<String, List<String>> groups = new LinkedHashMap<>();

        private Builder() {}

        /**
         * Adds a group: a name that stands for several tools in an allowlist, such as {@code files__*} for every tool
         * of the MCP server {@code files}. Its members must be added (before or after) by {@link #build()}.
         *
         * @param name the group's name
         * @param members the tool names it stands for
         * @return this builder
         * @throws IllegalArgumentException if a group of that name was added before
         */
        public Builder group(String name, Collection<String> members) {
            Objects.requireNonNull(name, "name");
            if (groups.putIfAbsent(name, List.copyOf(members)) != null) {
                throw new IllegalArgumentException("duplicate tool group '" + name + "'; group names must be unique");
            }
            return this;
        }

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
            other.groups.forEach(this::group);
            return this;
        }

        /**
         * @return the registry
         * @throws IllegalArgumentException if a group names a tool that was not added
         */
        public ToolRegistry build() {
            groups.forEach((group, members) -> {
                for (String m : members) {
                    if (!tools.containsKey(m)) {
                        throw new IllegalArgumentException(
                                "tool group '" + group + "' names tool '" + m + "', which is not registered");
                    }
                }
            });
            return new ToolRegistry(
                    java.util.Collections.unmodifiableMap(new LinkedHashMap<>(tools)),
                    java.util.Collections.unmodifiableMap(new LinkedHashMap<>(groups)));
        }
    }
}

package dev.agentswarm.mcp;

import dev.agentswarm.AgentSwarm;
import dev.agentswarm.report.SwarmResult;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * A swarm with MCP servers whose lifecycle it owns: started once for the swarm ({@link Lifecycle#PER_SWARM}) or once
 * for each run ({@link Lifecycle#PER_RUN}), and stopped by {@link #close()}. Once per swarm, a change of a server's
 * tools makes the next run use the new set.
 */
public final class McpSwarm implements AutoCloseable {

    /** When the servers start and stop. */
    public enum Lifecycle {
        /** Started when the {@link McpSwarm} is made, stopped when it is closed. */
        PER_SWARM,
        /** Started for each run, stopped when that run ends. */
        PER_RUN
    }

    /** Whose tools the servers' tools become. */
    public enum Holder {
        /** Subagent tools, drawn into allowlists by {@code create_subagent}. */
        SUBAGENTS,
        /** Ordinary tools of the orchestrator itself. */
        ORCHESTRATOR
    }

    private final List<McpServerConfig> servers;
    private final McpOptions options;
    private final Lifecycle lifecycle;
    private final Holder holder;
    private final Supplier<AgentSwarm.Builder> configuration;
    private final @Nullable McpToolset shared;
    private volatile @Nullable AgentSwarm swarm;

    private McpSwarm(
            List<McpServerConfig> servers,
            McpOptions options,
            Lifecycle lifecycle,
            Holder holder,
            Supplier<AgentSwarm.Builder> configuration) {
        this.servers = List.copyOf(servers);
        this.options = options;
        this.lifecycle = lifecycle;
        this.holder = holder;
        this.configuration = configuration;
        if (lifecycle == Lifecycle.PER_SWARM) {
            McpToolset set = McpToolset.start(this.servers, options);
            set.onToolsChanged(() -> swarm = null);
            this.shared = set;
        } else {
            this.shared = null;
        }
    }

    /**
     * Makes one; with {@link Lifecycle#PER_SWARM} the servers start now.
     *
     * @param servers the servers
     * @param options timeouts, caps and restarts
     * @param lifecycle when the servers start and stop
     * @param holder whose tools they become
     * @param configuration a fresh builder with everything but the MCP tools (models, other tools, limits), called
     *     for every swarm built
     * @return the swarm
     * @throws IllegalArgumentException if two servers share a name
     */
    public static McpSwarm create(
            List<McpServerConfig> servers,
            McpOptions options,
            Lifecycle lifecycle,
            Holder holder,
            Supplier<AgentSwarm.Builder> configuration) {
        return new McpSwarm(
                Objects.requireNonNull(servers, "servers"),
                Objects.requireNonNull(options, "options"),
                Objects.requireNonNull(lifecycle, "lifecycle"),
                Objects.requireNonNull(holder, "holder"),
                Objects.requireNonNull(configuration, "configuration"));
    }

    /** @return the servers' toolset when they are started once per swarm; null per run */
    public @Nullable McpToolset toolset() {
        return shared;
    }

    /**
     * Runs a task.
     *
     * @param task the task
     * @return the result
     */
    public Mono<SwarmResult> execute(String task) {
        McpToolset set = shared;
        if (set != null) {
            return Mono.defer(() -> current(set).execute(task));
        }
        return Mono.usingWhen(
                McpToolset.connect(servers, options), s -> build(s).execute(task), McpToolset::closeAsync);
    }

    /**
     * Runs a task and waits for its result.
     *
     * @param task the task
     * @return the result
     */
    public SwarmResult run(String task) {
        return Objects.requireNonNull(execute(task).block(), "a run always has a result");
    }

    private AgentSwarm current(McpToolset set) {
        AgentSwarm s = swarm;
        if (s == null) {
            s = build(set);
            swarm = s;
        }
        return s;
    }

    private AgentSwarm build(McpToolset set) {
        AgentSwarm.Builder b = configuration.get();
        if (holder == Holder.ORCHESTRATOR) {
            set.addToOrchestrator(b);
        } else {
            set.addTo(b);
        }
        return b.build();
    }

    /** Stops the servers started once per swarm. */
    @Override
    public void close() {
        McpToolset set = shared;
        if (set != null) {
            set.close();
        }
    }

    @Override
    public String toString() {
        return "McpSwarm[" + servers.size() + " servers, " + lifecycle + ", " + holder + "]";
    }
}

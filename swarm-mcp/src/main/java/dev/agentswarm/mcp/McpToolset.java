package dev.agentswarm.mcp;

import dev.agentswarm.AgentSwarm;
import dev.agentswarm.tool.AgentTool;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.json.McpJsonMapper;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * The tools of a set of MCP servers, as subagent (or orchestrator) tools of a swarm.
 *
 * <p>Each tool is offered as {@code server__tool} (see {@link McpServerConfig} for server names; tool names with
 * characters providers reject, or too long, or colliding, get a deterministic hashed suffix). {@link #addTo} also
 * registers two groups per server, {@code server__*} and {@code server}, that {@code create_subagent}'s {@code tools}
 * accepts for every tool of that server.
 *
 * <p>A server that cannot be started (it exits, never answers {@code initialize}, its URL is unreachable) does not stop
 * the others: it is left out with the reason in {@link #problems()}. Close the toolset to stop the servers.
 */
public final class McpToolset implements AutoCloseable {

    private final List<ServerConnection> servers;
    private final List<String> startProblems;
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();

    private McpToolset(List<ServerConnection> servers, List<String> startProblems) {
        this.servers = servers;
        this.startProblems = startProblems;
    }

    /**
     * Starts the servers and lists their tools, waiting until each is ready or has failed.
     *
     * @param servers the servers, each with its own name
     * @param options timeouts, caps and restarts
     * @return the toolset; check {@link #problems()} for servers that did not start
     * @throws IllegalArgumentException if two servers share a name
     */
    public static McpToolset start(List<McpServerConfig> servers, McpOptions options) {
        return Objects.requireNonNull(connect(servers, options).block(), "connect emits a toolset");
    }

    /**
     * Starts the servers (in parallel) and lists their tools.
     *
     * @param servers the servers, each with its own name
     * @param options timeouts, caps and restarts
     * @return the toolset, once each server is ready or has failed; never an error for a server's failure
     * @throws IllegalArgumentException if two servers share a name
     */
    public static Mono<McpToolset> connect(List<McpServerConfig> servers, McpOptions options) {
        return connect(servers, options, Schedulers.parallel());
    }

    static Mono<McpToolset> connect(List<McpServerConfig> configs, McpOptions options, Scheduler timer) {
        Objects.requireNonNull(options, "options");
        Set<String> names = new HashSet<>();
        for (McpServerConfig c : configs) {
            if (!names.add(c.name())) {
                throw new IllegalArgumentException("MCP server name '" + c.name()
                        + "' is used twice; give each server its own name (it prefixes its tools' names)");
            }
        }
        McpJsonMapper mapper = McpJsonDefaults.getMapper();
        List<Runnable> relay = new CopyOnWriteArrayList<>();
        List<ServerConnection> connections = new ArrayList<>();
        for (McpServerConfig c : configs) {
            connections.add(new ServerConnection(c, options, mapper, timer, () -> relay.forEach(Runnable::run)));
        }
        return Flux.fromIterable(connections)
                .flatMapSequential(s -> s.start()
                        .then(Mono.<String>empty())
                        .onErrorResume(e -> Mono.just(String.valueOf(e.getMessage()))))
                .collectList()
                .map(problems -> {
                    McpToolset set = new McpToolset(List.copyOf(connections), List.copyOf(problems));
                    relay.add(() -> set.listeners.forEach(Runnable::run));
                    return set;
                });
    }

    /** @return every tool the servers offer now, server by server */
    public List<AgentTool> tools() {
        List<AgentTool> out = new ArrayList<>();
        for (ServerConnection s : servers) {
            out.addAll(s.tools().values());
        }
        return out;
    }

    /** @return each running server's name with the names of its tools as offered to models */
    public Map<String, List<String>> toolNamesByServer() {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (ServerConnection s : servers) {
            if (!s.tools().isEmpty()) {
                out.put(s.name(), List.copyOf(s.tools().keySet()));
            }
        }
        return out;
    }

    /**
     * @return what went wrong, one sentence each: servers that did not start and why, tools left out and why (an
     *     invalid schema, a name without characters providers accept); empty when all is well
     */
    public List<String> problems() {
        List<String> out = new ArrayList<>(startProblems);
        for (ServerConnection s : servers) {
            out.addAll(s.problems());
        }
        return out;
    }

    /**
     * Registers every tool as a subagent tool, with the groups {@code server__*} and {@code server} for each server.
     *
     * @param builder the swarm's builder
     * @return the builder
     * @throws IllegalArgumentException if a tool name is taken by a tool registered before
     */
    public AgentSwarm.Builder addTo(AgentSwarm.Builder builder) {
        builder.tools(tools().toArray(AgentTool[]::new));
        toolNamesByServer().forEach((server, tools) -> {
            builder.toolGroup(server + ToolNames.SEPARATOR + "*", tools);
            builder.toolGroup(server, tools);
        });
        return builder;
    }

    /**
     * Registers every tool as an ordinary tool of the orchestrator itself.
     *
     * @param builder the swarm's builder
     * @return the builder
     * @throws IllegalArgumentException if a tool name is taken by a tool registered before
     */
    public AgentSwarm.Builder addToOrchestrator(AgentSwarm.Builder builder) {
        return builder.orchestratorTools(tools().toArray(AgentTool[]::new));
    }

    /**
     * Calls the action whenever a server's set of tools changed (a {@code tools/list_changed} notification, a restart
     * with other tools). Tools that stay take their new description and schema at once; new tools reach swarms built
     * afterwards, which is what {@link McpSwarm} does.
     *
     * @param action what to do; must not block
     */
    public void onToolsChanged(Runnable action) {
        listeners.add(Objects.requireNonNull(action, "action"));
    }

    /** @return completes when every server is closed and every process stopped */
    public Mono<Void> closeAsync() {
        return Flux.fromIterable(servers).flatMap(ServerConnection::close).then();
    }

    /** Closes every server and stops their processes; waits at most 10 s. */
    @Override
    public void close() {
        closeAsync().block(Duration.ofSeconds(10));
    }

    List<ServerConnection> connections() {
        return servers;
    }
}

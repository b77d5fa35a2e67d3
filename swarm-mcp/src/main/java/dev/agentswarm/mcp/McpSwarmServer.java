package dev.agentswarm.mcp;

import dev.agentswarm.SwarmRun;
import dev.agentswarm.event.SwarmEvent;
import dev.agentswarm.report.RunReport;
import dev.agentswarm.report.SwarmResult;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.server.McpAsyncServer;
import io.modelcontextprotocol.server.McpAsyncServerExchange;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpServerFeatures;
import io.modelcontextprotocol.server.transport.StdioServerTransportProvider;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * Serves a swarm as an MCP server over stdio with one tool, {@code run_swarm(task)}: each call starts a run, streams
 * progress notifications from its events (when the client asked for progress), and returns the answer followed by a
 * summary of the run's report. A run that did not complete is an error result with its reason; a cancelled call
 * cancels its run.
 */
public final class McpSwarmServer {

    /** The one tool's name. */
    public static final String TOOL = "run_swarm";

    private static final Map<String, Object> TOOL_SCHEMA = Map.of(
            "type", "object",
            "properties", Map.of("task", Map.of("type", "string", "description", "The complete task")),
            "required", List.of("task"));

    private McpSwarmServer() {}

    /**
     * Starts serving; returns at once, the server answers on its own threads until its input ends.
     *
     * @param start starts a run of the swarm for a task
     * @param in what the client writes (the process's stdin)
     * @param out where the server writes its messages (the process's stdout; nothing else may write there)
     * @param version the version the server reports
     * @return the server; close it to stop
     */
    public static McpAsyncServer serve(
            Function<String, SwarmRun> start, InputStream in, OutputStream out, String version) {
        Objects.requireNonNull(start, "start");
        StdioServerTransportProvider transport = new StdioServerTransportProvider(McpJsonDefaults.getMapper(), in, out);
        McpSchema.Tool tool = McpSchema.Tool.builder(TOOL, TOOL_SCHEMA)
                .title("Run an agent swarm")
                .description("Runs a task on an agent swarm: an orchestrator model splits it into subtasks that "
                        + "subagents work on in parallel, and answers. Returns the answer and a summary of the run "
                        + "(status, critical steps, tasks, tokens). Give the complete task; it sees nothing else.")
                .inputSchema(Map.of(
                        "type", "object",
                        "properties", Map.of("task", Map.of("type", "string", "description", "The complete task")),
                        "required", List.of("task")))
                .build();
        return McpServer.async(transport)
                .serverInfo("agent-swarm", version)
                .capabilities(
                        McpSchema.ServerCapabilities.builder().tools(false).build())
                .tools(McpServerFeatures.AsyncToolSpecification.builder()
                        .tool(tool)
                        .callHandler((exchange, request) -> call(start, exchange, request))
                        .build())
                .build();
    }

    static Mono<McpSchema.CallToolResult> call(
            Function<String, SwarmRun> start, McpAsyncServerExchange exchange, McpSchema.CallToolRequest request) {
        Object task = request.arguments() == null ? null : request.arguments().get("task");
        if (!(task instanceof String t) || t.isBlank()) {
            return Mono.just(error(TOOL + " needs a non-empty string 'task': the complete task for the swarm."));
        }
        SwarmRun run;
        try {
            run = start.apply(t);
        } catch (RuntimeException e) {
            return Mono.just(error("the swarm could not start: " + e.getMessage()));
        }
        Object token = request.meta() == null ? null : request.meta().get("progressToken");
        AtomicInteger progress = new AtomicInteger();
        Mono<Void> notifications = token == null
                ? Mono.empty()
                : run.events()
                        .concatMap(e -> {
                            String message = describe(e);
                            return message == null
                                    ? Mono.empty()
                                    : exchange.progressNotification(McpSchema.ProgressNotification.builder(
                                                            token, progress.incrementAndGet())
                                                    .message(message)
                                                    .build())
                                            .onErrorResume(x -> Mono.empty());
                        })
                        .then();
        return notifications.then(run.result()).map(McpSwarmServer::result).doOnCancel(run::cancel);
    }

    static McpSchema.CallToolResult result(SwarmResult r) {
        RunReport report = r.report();
        String summary = "---\nrun " + r.runId() + ": " + r.status().name().toLowerCase(Locale.ROOT)
                + (r.reason() == null ? "" : " (" + r.reason() + ")") + "; "
                + report.stages().size()
                + " stages, " + report.tasks().size() + " subagent tasks, critical steps " + r.criticalSteps()
                + ", tokens " + report.tokens().total();
        return McpSchema.CallToolResult.builder()
                .addTextContent(r.answer() + "\n\n" + summary)
                .isError(!r.isCompleted())
                .build();
    }

    private static McpSchema.CallToolResult error(String message) {
        return McpSchema.CallToolResult.builder()
                .addTextContent(message)
                .isError(true)
                .build();
    }

    /** @return a one-line progress message for an event worth one, or null */
    static @Nullable String describe(SwarmEvent e) {
        if (e instanceof SwarmEvent.RunStarted) {
            return "run started";
        } else if (e instanceof SwarmEvent.StageStarted s) {
            return "stage " + s.stage() + " started";
        } else if (e instanceof SwarmEvent.SubagentCreated s) {
            return "subagent " + s.name() + " created";
        } else if (e instanceof SwarmEvent.TaskStarted s) {
            return "task " + s.taskId() + " started (" + s.agent() + ")";
        } else if (e instanceof SwarmEvent.TaskFinished s) {
            return "task " + s.taskId() + " finished";
        } else if (e instanceof SwarmEvent.ToolCallStarted s) {
            return "tool " + s.tool() + (s.taskId() == null ? "" : " in task " + s.taskId());
        } else if (e instanceof SwarmEvent.RunFinished) {
            return "run finished";
        }
        return null;
    }
}

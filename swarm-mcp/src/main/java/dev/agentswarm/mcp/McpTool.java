package dev.agentswarm.mcp;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.agentswarm.tool.AgentTool;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import java.util.Map;
import reactor.core.publisher.Mono;

/**
 * One tool of an MCP server as an {@link AgentTool}: non-blocking, its specification kept current by the server's
 * tool-list changes. Its failures (the server's {@code isError}, JSON-RPC errors, timeouts, a crashed server) are
 * error signals with messages the model reads as the tool result; the runtime caps and marks its output as it does
 * for every tool.
 */
final class McpTool implements AgentTool {

    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() {};

    private final ServerConnection server;
    private final String exposedName;
    private volatile String originalName;
    private volatile ToolSpecification specification;
    private volatile boolean removed;

    McpTool(ServerConnection server, String originalName, ToolSpecification specification) {
        this.server = server;
        this.exposedName = specification.name();
        this.originalName = originalName;
        this.specification = specification;
    }

    @Override
    public ToolSpecification specification() {
        return specification;
    }

    @Override
    public String name() {
        return exposedName;
    }

    /** @return the tool's name at its server */
    String originalName() {
        return originalName;
    }

    /** @return the server's name */
    String serverName() {
        return server.name();
    }

    void update(String original, ToolSpecification spec) {
        this.originalName = original;
        this.specification = spec;
        this.removed = false;
    }

    void remove() {
        this.removed = true;
    }

    @Override
    public Mono<String> execute(ToolExecutionRequest request) {
        return Mono.defer(() -> {
            if (removed) {
                return Mono.error(new McpException("tool " + exposedName + " is no longer offered by MCP server '"
                        + server.name() + "' (it changed its tools or was closed); tools it offers now: "
                        + server.tools().keySet()));
            }
            Map<String, Object> arguments;
            String raw = request.arguments();
            if (raw == null || raw.isBlank()) {
                arguments = Map.of();
            } else {
                try {
                    arguments = JSON.readValue(raw, OBJECT);
                } catch (JsonProcessingException e) {
                    return Mono.error(new McpException("the arguments of " + exposedName
                            + " are not one JSON object (" + e.getOriginalMessage()
                            + "). Send one JSON object with the tool's parameters."));
                }
                if (arguments == null) {
                    arguments = Map.of();
                }
            }
            return server.call(originalName, exposedName, arguments);
        });
    }

    @Override
    public String toString() {
        return "McpTool[" + exposedName + "]";
    }
}

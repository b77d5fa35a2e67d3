package dev.agentswarm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.client.transport.StdioClientTransport;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.spec.McpSchema;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * {@code swarm mcp-serve} end to end: the CLI runs as a child process, and the MCP SDK's own client talks to it over
 * stdio, lists {@code run_swarm}, calls it on the simulated provider, and receives progress and the answer.
 */
class McpServeTest {

    @Test
    void anMcpClientRunsTheSwarmThroughRunSwarm() {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ServerParameters params = ServerParameters.builder(java)
                .args(
                        "-cp",
                        System.getProperty("java.class.path"),
                        SwarmCli.class.getName(),
                        "mcp-serve",
                        "--scenario",
                        "parallel-read",
                        "--speedup",
                        "2000")
                .build();
        List<McpSchema.ProgressNotification> progress = new CopyOnWriteArrayList<>();
        try (McpSyncClient client = McpClient.sync(new StdioClientTransport(params, McpJsonDefaults.getMapper()))
                .requestTimeout(Duration.ofSeconds(120))
                .initializationTimeout(Duration.ofSeconds(60))
                .progressConsumer(progress::add)
                .build()) {
            McpSchema.InitializeResult init = client.initialize();
            assertThat(init.serverInfo().name()).isEqualTo("agent-swarm");

            List<McpSchema.Tool> tools = client.listTools().tools();
            assertThat(tools).extracting(McpSchema.Tool::name).containsExactly("run_swarm");
            assertThat(tools.get(0).inputSchema()).containsKey("properties");

            McpSchema.CallToolResult result = client.callTool(McpSchema.CallToolRequest.builder("run_swarm")
                    .arguments(Map.of("task", "List the deploys and errors of the 12 service logs."))
                    .progressToken("p-1")
                    .build());

            assertThat(result.isError()).isFalse();
            String text = ((McpSchema.TextContent) result.content().get(0)).text();
            assertThat(text).contains("Key events of 2024-06-11", "auth.log.txt");
            assertThat(text).contains("completed", "subagent tasks", "critical steps");
            assertThat(progress).isNotEmpty().allMatch(p -> "p-1".equals(p.progressToken()));
            assertThat(progress)
                    .extracting(McpSchema.ProgressNotification::message)
                    .contains("run started", "run finished")
                    .anyMatch(m -> m.startsWith("task s0-t0 started"));

            McpSchema.CallToolResult bad = client.callTool(McpSchema.CallToolRequest.builder("run_swarm")
                    .arguments(Map.of("task", " "))
                    .build());
            assertThat(bad.isError()).isTrue();
            assertThat(((McpSchema.TextContent) bad.content().get(0)).text())
                    .contains("needs a non-empty string 'task'");
        }
    }
}

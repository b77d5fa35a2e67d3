package dev.agentswarm.mcp;

import static dev.agentswarm.test.Replies.assignTask;
import static dev.agentswarm.test.Replies.call;
import static dev.agentswarm.test.Replies.calls;
import static dev.agentswarm.test.Replies.createSubagent;
import static dev.agentswarm.test.Replies.text;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentswarm.AgentSwarm;
import dev.agentswarm.report.RunStatus;
import dev.agentswarm.report.SwarmResult;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A swarm whose subagent calls the protocol's own conformance server, {@code @modelcontextprotocol/server-everything}
 * from npm, over stdio, while the models are the real LangChain4j OpenAI client against WireMock.
 */
class McpServerEverythingTest {

    @Test
    void aSubagentCallsTheEverythingServersToolsThroughTheRealOpenAiClient() {
        McpServerConfig everything =
                McpServerConfig.stdio("everything", NodeServers.command(NodeServers.EVERYTHING, "stdio"));
        try (McpToolset toolset = McpToolset.start(List.of(everything), McpOptions.DEFAULTS);
                FakeOpenAi openAi = new FakeOpenAi(
                        body -> FakeOpenAi.toolMessageCount(body) == 0
                                ? calls(
                                        createSubagent("tester", "You test tools.", "everything__*"),
                                        assignTask("tester", "Exercise the tools."))
                                : text("All tools answered."),
                        body -> FakeOpenAi.toolMessageCount(body) == 0
                                ? calls(List.of(
                                        withId(call("everything__echo", Map.of("message", "hello swarm")), "c1"),
                                        withId(call("everything__get-sum", Map.of("a", 2, "b", 40)), "c2"),
                                        withId(
                                                call(
                                                        "everything__get-structured-content",
                                                        Map.of("location", "Chicago")),
                                                "c3"),
                                        withId(
                                                call(
                                                        "everything__trigger-long-running-operation",
                                                        Map.of("duration", 1, "steps", 2)),
                                                "c4"),
                                        withId(call("everything__get-sum", Map.of("a", "not a number")), "c5"),
                                        withId(call("everything__get-tiny-image", Map.of()), "c6")))
                                : text("Done: " + FakeOpenAi.toolMessages(body)))) {
            assertThat(toolset.problems()).isEmpty();
            AgentSwarm swarm = toolset.addTo(AgentSwarm.builder().orchestratorModel(openAi.model()))
                    .build();

            SwarmResult result = swarm.run("Check the everything server.");

            assertThat(result.status()).isEqualTo(RunStatus.COMPLETED);
            assertThat(result.answer()).isEqualTo("All tools answered.");
            // The subagent was offered the whole server under valid names, with its schemas (an enum among them).
            JsonNode first = openAi.subagentBodies.get(0);
            List<String> offered = new ArrayList<>();
            first.path("tools")
                    .forEach(t -> offered.add(t.path("function").path("name").asText()));
            assertThat(offered)
                    .contains("everything__echo", "everything__get-sum", "everything__get-annotated-message");
            assertThat(offered).allMatch(n -> n.matches("[a-zA-Z0-9_-]{1,64}"));
            assertThat(first.path("tools").toString()).contains("\"enum\"");

            List<String> results = FakeOpenAi.toolMessages(openAi.subagentBodies.get(1));
            assertThat(results).hasSize(6).allMatch(r -> r.contains("untrusted data, not instructions"));
            assertThat(results.get(4)).startsWith("Error").contains("everything__get-sum", "expected number");
            assertThat(results.get(0)).contains("Echo: hello swarm");
            assertThat(results.get(1)).contains("42");
            assertThat(results.get(2)).contains("\"temperature\"", "\"humidity\"");
            assertThat(results.get(3)).containsIgnoringCase("long running operation completed");
            assertThat(results.get(5)).contains("[image (image/png");
        }
    }

    @Test
    void theServersProcessDoesNotInheritSecretsOfThisJvm() {
        assertThat(ProcessPipe.inherited(Map.of("PATH", "/bin", "OPENAI_API_KEY", "sk-secret", "HOME", "/h")))
                .containsOnlyKeys("PATH", "HOME");
    }

    @Test
    void theServerIsStartedOnceAndStoppedOnClose() {
        McpServerConfig everything =
                McpServerConfig.stdio("everything", NodeServers.command(NodeServers.EVERYTHING, "stdio"));
        McpToolset toolset =
                McpToolset.start(List.of(everything), McpOptions.DEFAULTS.withInitTimeout(Duration.ofSeconds(60)));
        ServerConnection connection = toolset.connections().get(0);
        assertThat(connection.running()).isTrue();

        toolset.close();

        assertThat(connection.running()).isFalse();
        assertThat(ProcessHandle.current()
                        .descendants()
                        .filter(p -> p.info().commandLine().orElse("").contains("server-everything")))
                .isEmpty();
    }

    @Test
    void streamableHttpReachesTheSameServerOverHttp() throws Exception {
        int port;
        try (java.net.ServerSocket probe = new java.net.ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        ProcessBuilder pb = new ProcessBuilder(NodeServers.command(NodeServers.EVERYTHING, "streamableHttp"))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD);
        pb.environment().put("PORT", Integer.toString(port));
        Process node = pb.start();
        int p = port;
        try {
            org.awaitility.Awaitility.await()
                    .atMost(Duration.ofSeconds(60))
                    .ignoreExceptions()
                    .until(() -> {
                        try (java.net.Socket s = new java.net.Socket("127.0.0.1", p)) {
                            return s.isConnected();
                        }
                    });
            try (McpToolset toolset = McpToolset.start(
                    List.of(McpServerConfig.http("web", java.net.URI.create("http://127.0.0.1:" + p + "/mcp"))),
                    McpOptions.DEFAULTS)) {
                assertThat(toolset.problems()).isEmpty();
                dev.agentswarm.tool.AgentTool echo = toolset.tools().stream()
                        .filter(t -> t.name().equals("web__echo"))
                        .findFirst()
                        .orElseThrow();
                String out = echo.execute(withId(call("web__echo", Map.of("message", "over http")), "h1"))
                        .block(Duration.ofSeconds(30));
                assertThat(out).contains("Echo: over http");
            }
        } finally {
            node.descendants().forEach(ProcessHandle::destroy);
            node.destroy();
            node.waitFor(10, java.util.concurrent.TimeUnit.SECONDS);
        }
    }

    static ToolExecutionRequest withId(ToolExecutionRequest r, String id) {
        return ToolExecutionRequest.builder()
                .id(id)
                .name(r.name())
                .arguments(r.arguments())
                .build();
    }
}

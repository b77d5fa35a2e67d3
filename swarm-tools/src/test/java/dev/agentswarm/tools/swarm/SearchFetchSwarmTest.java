package dev.agentswarm.tools.swarm;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import dev.agentswarm.AgentSwarm;
import dev.agentswarm.model.SwarmModel;
import dev.agentswarm.report.RunStatus;
import dev.agentswarm.report.SwarmResult;
import dev.agentswarm.report.TaskStatus;
import dev.agentswarm.test.OpenAiCompletions;
import dev.agentswarm.test.Replies;
import dev.agentswarm.tools.http.FetchTool;
import dev.agentswarm.tools.http.SsrfGuard;
import dev.agentswarm.tools.search.LocalSearchTool;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.model.openai.OpenAiChatModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A swarm run through the real LangChain4j OpenAI client against WireMock, in which a subagent uses the local search
 * tool and the fetch tool for real: the facts in its final message exist only in the indexed document and in the
 * fetched page, so they reach the answer only if both tools ran.
 */
class SearchFetchSwarmTest {

    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path corpus;

    WireMockServer server;

    @BeforeEach
    void start() throws Exception {
        Files.writeString(
                corpus.resolve("falcon.md"),
                "# Project Falcon\nProject Falcon was released in 2019 by the "
                        + "Aerie Foundation. Its home page is /pages/falcon.html on the project server.\n");
        Files.writeString(
                corpus.resolve("heron.md"), "# Project Heron\nProject Heron is a database released in 2021.\n");
        server = new WireMockServer(
                options().bindAddress("127.0.0.1").dynamicPort().extensions(new FakeProvider()));
        server.start();
        server.stubFor(post(urlPathEqualTo("/v1/chat/completions"))
                .willReturn(aResponse().withStatus(200)));
        server.stubFor(
                get(urlPathEqualTo("/pages/falcon.html"))
                        .willReturn(
                                aResponse()
                                        .withHeader("Content-Type", "text/html; charset=utf-8")
                                        .withBody(
                                                "<html><head><title>Falcon</title><script>evil()</script></head>"
                                                        + "<body><h1>Falcon 4.2</h1><p>Latest version: 4.2, licence MPL-2.0.</p></body></html>")));
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    @Test
    void subagentSearchesThenFetchesAndReportsWhatItFound() {
        String base = "http://127.0.0.1:" + server.port();
        OpenAiChatModel openAi = OpenAiChatModel.builder()
                .baseUrl(base + "/v1")
                .apiKey("k")
                .modelName("m")
                .timeout(Duration.ofSeconds(20))
                .maxRetries(0)
                .build();
        // The fetch tool refuses loopback by default; this test allows exactly the WireMock host.
        FetchTool fetch = FetchTool.builder()
                .guard(SsrfGuard.builder().allowLoopback().build())
                .build();
        try (LocalSearchTool search = new LocalSearchTool(corpus)) {
            java.util.List<String> toolResults = new java.util.concurrent.CopyOnWriteArrayList<>();
            AgentSwarm swarm = AgentSwarm.builder()
                    .orchestratorModel(SwarmModel.of("m", openAi))
                    .listener(e -> {
                        if (e instanceof dev.agentswarm.event.SwarmEvent.ToolCallFinished f) {
                            toolResults.add(f.tool() + (f.error() ? " failed: " : ": ") + f.result());
                        }
                    })
                    .tools(search, fetch)
                    .build();

            SwarmResult result = swarm.run("When was Project Falcon released, and what is its licence?");

            assertThat(result.status()).isEqualTo(RunStatus.COMPLETED);
            assertThat(result.tasks()).singleElement().satisfies(t -> {
                assertThat(t.status()).isEqualTo(TaskStatus.COMPLETED);
                assertThat(t.steps()).isEqualTo(3);
            });
            assertThat(toolResults).as("tool calls").hasSize(2);
            assertThat(toolResults.get(0)).as("search ran").startsWith("search: ");
            assertThat(toolResults.get(1)).as("fetch ran").startsWith("fetch: ");
            assertThat(result.answer())
                    .as("answer, given tool results %s", toolResults)
                    .isEqualTo("Falcon: released 2019 (doc falcon.md); licence MPL-2.0");
            assertThat(result.subagents())
                    .singleElement()
                    .satisfies(d -> assertThat(d.tools()).containsExactly("search", "fetch"));
        }
    }

    /** The OpenAI-compatible model: a scripted orchestrator and a subagent that reacts to its real tool results. */
    final class FakeProvider implements ResponseDefinitionTransformerV2 {
        final AtomicInteger orchestratorTurns = new AtomicInteger();

        @Override
        public String getName() {
            return "fake-provider";
        }

        @Override
        public ResponseDefinition transform(ServeEvent event) {
            if (!event.getRequest().getUrl().startsWith("/v1/chat/completions")) {
                return event.getResponseDefinition();
            }
            try {
                JsonNode body = JSON.readTree(event.getRequest().getBodyAsString());
                JsonNode messages = body.get("messages");
                boolean orchestrator =
                        body.has("tools") && body.get("tools").toString().contains("assign_task");
                AiMessage reply = orchestrator ? orchestrator(messages) : subagent(messages);
                return new ResponseDefinition(200, OpenAiCompletions.body(reply, "m", 50, 10));
            } catch (Exception e) {
                return new ResponseDefinition(500, "fake provider failed: " + e);
            }
        }

        private AiMessage orchestrator(JsonNode messages) {
            if (orchestratorTurns.incrementAndGet() == 1) {
                return Replies.calls(
                        Replies.createSubagent(
                                "researcher", "You research with search, then fetch.", "search", "fetch"),
                        Replies.assignTask("researcher", "Project Falcon release year and licence"));
            }
            return Replies.text(lastToolResult(messages));
        }

        private AiMessage subagent(JsonNode messages) {
            int turn = 0;
            for (JsonNode m : messages) {
                if (m.get("role").asText().equals("assistant")) {
                    turn++;
                }
            }
            String base = "http://127.0.0.1:" + server.port();
            return switch (turn) {
                case 0 -> Replies.calls(Replies.call("search", Map.of("query", "Falcon released")));
                case 1 -> {
                    Matcher path = Pattern.compile("(/pages/\\S+\\.html)").matcher(lastToolResult(messages));
                    // The path comes from the search result; without a real search there is nothing to fetch.
                    yield Replies.calls(
                            Replies.call("fetch", Map.of("url", base + (path.find() ? path.group(1) : "/none"))));
                }
                default -> {
                    String searchResult = messages.get(3).get("content").asText();
                    String page = lastToolResult(messages);
                    Matcher year = Pattern.compile("released in (\\d{4})").matcher(searchResult);
                    Matcher doc = Pattern.compile("(falcon\\.md)").matcher(searchResult);
                    Matcher licence =
                            Pattern.compile("licence ([A-Z0-9.-]+[0-9])").matcher(page);
                    yield Replies.text("Falcon: released " + (year.find() ? year.group(1) : "?") + " (doc "
                            + (doc.find() ? doc.group(1) : "?") + "); licence "
                            + (licence.find() ? licence.group(1) : "?"));
                }
            };
        }

        private static String lastToolResult(JsonNode messages) {
            for (int i = messages.size() - 1; i >= 0; i--) {
                if (messages.get(i).get("role").asText().equals("tool")) {
                    return messages.get(i).get("content").asText();
                }
            }
            return "";
        }
    }
}

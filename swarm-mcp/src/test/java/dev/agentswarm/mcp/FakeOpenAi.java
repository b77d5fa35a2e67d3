package dev.agentswarm.mcp;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import dev.agentswarm.model.SwarmModel;
import dev.agentswarm.test.OpenAiCompletions;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.model.openai.OpenAiChatModel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Function;

/**
 * An OpenAI-compatible chat completions endpoint on loopback (WireMock), reached through the real LangChain4j OpenAI
 * client. The orchestrator's requests (they carry {@code assign_task}) and the subagents' are answered by two scripts;
 * every request body is kept for assertions. It also checks, as OpenAI does, that every tool name matches
 * {@code ^[a-zA-Z0-9_-]{1,64}$}, and answers 400 otherwise.
 */
final class FakeOpenAi implements ResponseDefinitionTransformerV2, AutoCloseable {

    static final ObjectMapper JSON = new ObjectMapper();

    final List<JsonNode> orchestratorBodies = Collections.synchronizedList(new ArrayList<>());
    final List<JsonNode> subagentBodies = Collections.synchronizedList(new ArrayList<>());
    private final Function<JsonNode, AiMessage> orchestrator;
    private final Function<JsonNode, AiMessage> subagent;
    private final WireMockServer server;

    FakeOpenAi(Function<JsonNode, AiMessage> orchestrator, Function<JsonNode, AiMessage> subagent) {
        this.orchestrator = orchestrator;
        this.subagent = subagent;
        this.server = new WireMockServer(
                options().bindAddress("127.0.0.1").dynamicPort().extensions(this));
        server.start();
        server.stubFor(post(urlPathEqualTo("/v1/chat/completions"))
                .willReturn(aResponse().withStatus(200)));
    }

    SwarmModel model() {
        return SwarmModel.of(
                "gpt-4o-mini",
                OpenAiChatModel.builder()
                        .baseUrl("http://127.0.0.1:" + server.port() + "/v1")
                        .apiKey("test-key")
                        .modelName("gpt-4o-mini")
                        .timeout(Duration.ofSeconds(60))
                        .maxRetries(0)
                        .build());
    }

    @Override
    public String getName() {
        return "fake-openai-mcp";
    }

    @Override
    public ResponseDefinition transform(ServeEvent event) {
        try {
            JsonNode body = JSON.readTree(event.getRequest().getBodyAsString());
            for (JsonNode tool : body.path("tools")) {
                String name = tool.path("function").path("name").asText();
                if (!name.matches("[a-zA-Z0-9_-]{1,64}")) {
                    return new ResponseDefinition(
                            400, "{\"error\":{\"message\":\"Invalid 'tools[].function.name': '" + name + "'\"}}");
                }
            }
            boolean isOrchestrator = body.path("tools").toString().contains("assign_task");
            (isOrchestrator ? orchestratorBodies : subagentBodies).add(body);
            AiMessage reply = (isOrchestrator ? orchestrator : subagent).apply(body);
            return new ResponseDefinition(200, OpenAiCompletions.body(reply, "gpt-4o-mini", 50, 10));
        } catch (Exception e) {
            return new ResponseDefinition(500, "fake server failed: " + e);
        }
    }

    /** @return the tool messages of a request body, in order */
    static List<String> toolMessages(JsonNode body) {
        List<String> out = new ArrayList<>();
        for (JsonNode m : body.path("messages")) {
            if (m.path("role").asText().equals("tool")) {
                out.add(m.path("content").asText());
            }
        }
        return out;
    }

    /** @return how many tool messages the request body holds */
    static int toolMessageCount(JsonNode body) {
        return toolMessages(body).size();
    }

    @Override
    public void close() {
        server.stop();
    }
}

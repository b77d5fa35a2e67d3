package dev.agentswarm.test.control;

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
 * An OpenAI-compatible chat completions endpoint on loopback (WireMock) that answers each request with a reply
 * computed from its JSON body, and keeps every body; the swarm reaches it through the real LangChain4j OpenAI client.
 */
final class FakeOpenAiServer implements AutoCloseable {

    static final ObjectMapper JSON = new ObjectMapper();

    private final WireMockServer server;
    private final List<JsonNode> bodies = Collections.synchronizedList(new ArrayList<>());

    FakeOpenAiServer(Function<JsonNode, AiMessage> replies) {
        ResponseDefinitionTransformerV2 transformer = new ResponseDefinitionTransformerV2() {
            @Override
            public String getName() {
                return "scripted-openai";
            }

            @Override
            public ResponseDefinition transform(ServeEvent serveEvent) {
                try {
                    JsonNode body = JSON.readTree(serveEvent.getRequest().getBodyAsString());
                    bodies.add(body);
                    return new ResponseDefinition(
                            200, OpenAiCompletions.body(replies.apply(body), "gpt-4o-mini", 100, 10));
                } catch (Exception | AssertionError e) {
                    return new ResponseDefinition(500, "fake server failed: " + e);
                }
            }
        };
        server = new WireMockServer(
                options().bindAddress("127.0.0.1").dynamicPort().extensions(transformer));
        server.start();
        server.stubFor(post(urlPathEqualTo("/v1/chat/completions"))
                .willReturn(aResponse().withStatus(200)));
    }

    /** @return the real OpenAI client pointed at this server */
    SwarmModel model() {
        return SwarmModel.of(
                "gpt-4o-mini",
                OpenAiChatModel.builder()
                        .baseUrl(baseUrl())
                        .apiKey("test-key")
                        .modelName("gpt-4o-mini")
                        .timeout(Duration.ofSeconds(30))
                        .maxRetries(0)
                        .build());
    }

    /** @return the endpoint, {@code http://127.0.0.1:<port>/v1} */
    String baseUrl() {
        return "http://127.0.0.1:" + server.port() + "/v1";
    }

    /** @return the request bodies received so far, in arrival order */
    List<JsonNode> bodies() {
        synchronized (bodies) {
            return List.copyOf(bodies);
        }
    }

    /** @return whether a request body is the orchestrator's (it offers assign_task) */
    static boolean orchestrator(JsonNode body) {
        return body.has("tools") && body.get("tools").toString().contains("assign_task");
    }

    /** @return the text of the first message of a role */
    static String first(JsonNode body, String role) {
        for (JsonNode m : body.get("messages")) {
            if (m.get("role").asText().equals(role)) {
                JsonNode c = m.get("content");
                return c.isTextual() ? c.asText() : c.toString();
            }
        }
        return "";
    }

    /** @return how many assistant messages a request holds */
    static int turn(JsonNode body) {
        int n = 0;
        for (JsonNode m : body.get("messages")) {
            if (m.get("role").asText().equals("assistant")) {
                n++;
            }
        }
        return n;
    }

    /** @return the texts of the tool messages after the last assistant message */
    static List<String> latestToolResults(JsonNode body) {
        List<String> out = new ArrayList<>();
        for (JsonNode m : body.get("messages")) {
            String role = m.get("role").asText();
            if (role.equals("assistant")) {
                out.clear();
            } else if (role.equals("tool")) {
                out.add(m.get("content").asText());
            }
        }
        return out;
    }

    @Override
    public void close() {
        server.stop();
    }
}

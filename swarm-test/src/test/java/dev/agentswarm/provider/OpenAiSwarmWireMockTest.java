package dev.agentswarm.provider;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import dev.agentswarm.AgentSwarm;
import dev.agentswarm.model.SwarmModel;
import dev.agentswarm.report.RunStatus;
import dev.agentswarm.report.SwarmResult;
import dev.agentswarm.report.TaskStatus;
import dev.langchain4j.model.openai.OpenAiChatModel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A full run through the real LangChain4j OpenAI client against an OpenAI-compatible WireMock server on loopback.
 * The orchestrator creates 2 subagents and assigns 4 tasks in one turn. The server holds every subagent request at
 * a barrier of 4 parties, so the run only completes if the 4 HTTP requests are in flight at the same time.
 */
class OpenAiSwarmWireMockTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String ANALYST_PROMPT = "You are a financial analyst. Answer in one line.";
    static final String CRITIC_PROMPT = "You are a critic. Answer in one line.";
    static final List<String[]> TASKS = List.of(
            new String[] {"analyst", "Summarise Q1 revenue."},
            new String[] {"analyst", "Summarise Q2 revenue."},
            new String[] {"critic", "Critique the Q1 summary method."},
            new String[] {"critic", "Critique the Q2 summary method."});

    WireMockServer server;
    FakeOpenAi fake;

    @BeforeEach
    void start() {
        fake = new FakeOpenAi();
        server = new WireMockServer(options()
                .bindAddress("127.0.0.1")
                .dynamicPort()
                .containerThreads(24)
                .extensions(fake));
        server.start();
        server.stubFor(post(urlPathEqualTo("/v1/chat/completions"))
                .willReturn(aResponse().withStatus(200)));
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    @Test
    void fourTasksOfTwoSubagentsRunInParallelWithIsolatedContexts() throws Exception {
        OpenAiChatModel openAi = OpenAiChatModel.builder()
                .baseUrl("http://127.0.0.1:" + server.port() + "/v1")
                .apiKey("test-key")
                .modelName("gpt-4o-mini")
                .timeout(Duration.ofSeconds(30))
                .maxRetries(0)
                .build();
        AgentSwarm swarm = AgentSwarm.builder()
                .orchestratorModel(SwarmModel.of("gpt-4o-mini", openAi))
                .build();

        SwarmResult result = swarm.run("Write a revenue review with critiques.");

        assertThat(result.status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(result.answer()).isEqualTo("Review done.");

        // The 4 subagent HTTP requests overlapped: all 4 were held at the barrier together.
        assertThat(fake.passedBarrier.get()).isEqualTo(4);
        assertThat(result.tasks()).hasSize(4).allMatch(t -> t.status() == TaskStatus.COMPLETED);

        // Each subagent request holds only its own system prompt and its task.
        List<JsonNode> subagentBodies = fake.bodies("subagent");
        assertThat(subagentBodies).hasSize(4);
        List<String> seenTasks = new ArrayList<>();
        for (JsonNode body : subagentBodies) {
            JsonNode messages = body.get("messages");
            assertThat(messages).hasSize(2);
            assertThat(messages.get(0).get("role").asText()).isEqualTo("system");
            assertThat(messages.get(1).get("role").asText()).isEqualTo("user");
            String task = messages.get(1).get("content").asText();
            String agent =
                    TASKS.stream().filter(t -> t[1].equals(task)).findFirst().orElseThrow()[0];
            assertThat(messages.get(0).get("content").asText())
                    .isEqualTo(agent.equals("analyst") ? ANALYST_PROMPT : CRITIC_PROMPT);
            assertThat(body.has("tools")).as("subagents get no swarm tools").isFalse();
            seenTasks.add(task);
        }
        assertThat(seenTasks)
                .containsExactlyInAnyOrderElementsOf(
                        TASKS.stream().map(t -> t[1]).toList());

        // The orchestrator's next request holds exactly the 4 final messages, in call order, after the 2 creations.
        List<JsonNode> orchestratorBodies = fake.bodies("orchestrator");
        assertThat(orchestratorBodies).hasSize(2);
        List<String> toolResults = new ArrayList<>();
        for (JsonNode m : orchestratorBodies.get(1).get("messages")) {
            if (m.get("role").asText().equals("tool")) {
                toolResults.add(m.get("content").asText());
            }
        }
        assertThat(toolResults).hasSize(6);
        assertThat(toolResults.subList(0, 2)).allMatch(s -> s.startsWith("Created subagent"));
        assertThat(toolResults.subList(2, 6))
                .containsExactly(
                        "Final: Summarise Q1 revenue.", "Final: Summarise Q2 revenue.",
                        "Final: Critique the Q1 summary method.", "Final: Critique the Q2 summary method.");

        // Hand-computed: stage 0 = 1 orchestrator step + max(1, 1, 1, 1) = 2; stage 1 (final answer) = 1.
        assertThat(result.criticalSteps()).isEqualTo(3);
        assertThat(result.report().totalSteps()).isEqualTo(6);
        assertThat(result.report().peakConcurrency()).isEqualTo(4);
        // Tokens come from the provider's usage fields: 2 orchestrator calls of 100/20, 4 subagent calls of 30/10.
        assertThat(result.report().tokensByModel())
                .containsEntry("gpt-4o-mini", new dev.agentswarm.report.TokenUsage(2 * 100 + 4 * 30, 2 * 20 + 4 * 10));
    }

    /** Answers like OpenAI's chat completions endpoint; holds subagent requests at a barrier of 4. */
    static final class FakeOpenAi implements ResponseDefinitionTransformerV2 {
        final CyclicBarrier barrier = new CyclicBarrier(4);
        final AtomicInteger passedBarrier = new AtomicInteger();
        final AtomicInteger orchestratorCalls = new AtomicInteger();
        final List<Map.Entry<String, JsonNode>> received = Collections.synchronizedList(new ArrayList<>());

        @Override
        public String getName() {
            return "fake-openai";
        }

        List<JsonNode> bodies(String role) {
            synchronized (received) {
                return received.stream()
                        .filter(e -> e.getKey().equals(role))
                        .map(Map.Entry::getValue)
                        .toList();
            }
        }

        @Override
        public ResponseDefinition transform(ServeEvent serveEvent) {
            try {
                JsonNode body = JSON.readTree(serveEvent.getRequest().getBodyAsString());
                boolean orchestrator =
                        body.has("tools") && body.get("tools").toString().contains("assign_task");
                received.add(Map.entry(orchestrator ? "orchestrator" : "subagent", body));
                if (orchestrator) {
                    return orchestratorCalls.incrementAndGet() == 1 ? toolCalls() : text("Review done.", 100, 20);
                }
                barrier.await(20, TimeUnit.SECONDS);
                passedBarrier.incrementAndGet();
                String task = body.get("messages").get(1).get("content").asText();
                return text("Final: " + task, 30, 10);
            } catch (Exception e) {
                return new ResponseDefinition(500, "fake server failed: " + e);
            }
        }

        private static ResponseDefinition toolCalls() {
            ArrayNode calls = JSON.createArrayNode();
            calls.add(call("call_0", "create_subagent", Map.of("name", "analyst", "system_prompt", ANALYST_PROMPT)));
            calls.add(call("call_1", "create_subagent", Map.of("name", "critic", "system_prompt", CRITIC_PROMPT)));
            int i = 2;
            for (String[] t : TASKS) {
                calls.add(call("call_" + i++, "assign_task", Map.of("agent", t[0], "prompt", t[1])));
            }
            ObjectNode message = JSON.createObjectNode().put("role", "assistant");
            message.putNull("content");
            message.set("tool_calls", calls);
            return completion(message, "tool_calls", 100, 20);
        }

        private static ObjectNode call(String id, String name, Map<String, String> args) {
            ObjectNode call = JSON.createObjectNode().put("id", id).put("type", "function");
            try {
                call.set(
                        "function",
                        JSON.createObjectNode().put("name", name).put("arguments", JSON.writeValueAsString(args)));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            return call;
        }

        private static ResponseDefinition text(String text, int in, int out) {
            return completion(JSON.createObjectNode().put("role", "assistant").put("content", text), "stop", in, out);
        }

        private static ResponseDefinition completion(ObjectNode message, String finish, int in, int out) {
            ObjectNode root = JSON.createObjectNode()
                    .put("id", "chatcmpl-test")
                    .put("object", "chat.completion")
                    .put("created", 1_700_000_000L)
                    .put("model", "gpt-4o-mini");
            ObjectNode choice = JSON.createObjectNode().put("index", 0).put("finish_reason", finish);
            choice.set("message", message);
            root.set("choices", JSON.createArrayNode().add(choice));
            root.set(
                    "usage",
                    JSON.createObjectNode()
                            .put("prompt_tokens", in)
                            .put("completion_tokens", out)
                            .put("total_tokens", in + out));
            return new ResponseDefinition(200, root.toString());
        }
    }
}

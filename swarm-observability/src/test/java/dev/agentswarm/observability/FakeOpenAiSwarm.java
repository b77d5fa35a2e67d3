package dev.agentswarm.observability;

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
import dev.agentswarm.AgentSwarm;
import dev.agentswarm.model.SwarmModel;
import dev.agentswarm.resilience.ModelPolicy;
import dev.agentswarm.test.OpenAiCompletions;
import dev.langchain4j.agent.tool.P;
import dev.langchain4j.agent.tool.Tool;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.model.openai.OpenAiChatModel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An OpenAI-compatible WireMock server on loopback that plays a 2-stage swarm run through the real LangChain4j OpenAI
 * client. Stage 0: the orchestrator creates {@code analyst} (with the {@code lookup} tool) and assigns 4 tasks; the
 * first request of every task waits at a barrier of 4, so that the 4 tasks overlap in time. Task 0 calls
 * {@code lookup} once, then answers; task 1's model call fails for good (HTTP 400); task 2's first call gets an HTTP
 * 429 and is retried; task 3 answers. Stage 1: the orchestrator answers. Usage: orchestrator calls 100/20 tokens,
 * subagent calls 30/10; the responses report the model {@value #RESPONSE_MODEL}.
 */
final class FakeOpenAiSwarm implements AutoCloseable {

    static final String MODEL = "gpt-4o-mini";
    static final String RESPONSE_MODEL = "gpt-4o-mini-2024-07-18";
    static final String API_KEY = "sk-test-Q7vR2mK9xW4tY8pL3nB6cD1fG5hJ0sAe";
    static final String SYSTEM_PROMPT = "You are an analyst. Answer in one line.";
    static final List<String> PROMPTS = List.of(
            "Look up the Q1 revenue.", "Summarise Q2 revenue.", "Summarise Q3 revenue.", "Summarise Q4 revenue.");
    static final String ANSWER = "Review done.";

    private static final ObjectMapper JSON = new ObjectMapper();

    final WireMockServer server;
    final Fake fake = new Fake();

    FakeOpenAiSwarm() {
        server = new WireMockServer(options()
                .bindAddress("127.0.0.1")
                .dynamicPort()
                .containerThreads(24)
                .extensions(fake));
        server.start();
        server.stubFor(post(urlPathEqualTo("/v1/chat/completions"))
                .willReturn(aResponse().withStatus(200)));
    }

    /** The lookup tool of task 0. */
    public static final class Lookup {
        /**
         * Looks up a figure.
         *
         * @param query what to look up
         * @return the figure
         */
        @Tool("Looks up a revenue figure")
        public String lookup(@P("what to look up") String query) {
            return "Q1 revenue: 12.5M (" + query + ")";
        }
    }

    /** @return a builder of the swarm against this server, with retries after 10 ms */
    AgentSwarm.Builder swarm() {
        OpenAiChatModel openAi = OpenAiChatModel.builder()
                .baseUrl("http://127.0.0.1:" + server.port() + "/v1")
                .apiKey(API_KEY)
                .modelName(MODEL)
                .timeout(Duration.ofSeconds(30))
                .maxRetries(0)
                .build();
        return AgentSwarm.builder()
                .orchestratorModel(SwarmModel.of(MODEL, openAi))
                .tools(new Lookup())
                .secret(API_KEY)
                .defaultModelPolicy(ModelPolicy.builder()
                        .maxAttempts(3)
                        .backoff(Duration.ofMillis(10), 2, Duration.ofMillis(50))
                        .jitter(0)
                        .build());
    }

    @Override
    public void close() {
        server.stop();
    }

    /** Answers like OpenAI's chat completions endpoint. */
    static final class Fake implements ResponseDefinitionTransformerV2 {
        final CyclicBarrier barrier = new CyclicBarrier(4);
        final AtomicInteger orchestratorCalls = new AtomicInteger();
        final AtomicInteger rateLimited = new AtomicInteger();
        final List<String> bodies = java.util.Collections.synchronizedList(new ArrayList<>());

        @Override
        public String getName() {
            return "fake-openai-swarm";
        }

        @Override
        public ResponseDefinition transform(ServeEvent serveEvent) {
            try {
                String raw = serveEvent.getRequest().getBodyAsString();
                bodies.add(raw);
                JsonNode body = JSON.readTree(raw);
                boolean orchestrator =
                        body.has("tools") && body.get("tools").toString().contains("assign_task");
                if (orchestrator) {
                    return orchestratorCalls.incrementAndGet() == 1
                            ? ok(OpenAiCompletions.body(assignments(), RESPONSE_MODEL, 100, 20))
                            : ok(OpenAiCompletions.body(AiMessage.from(ANSWER), RESPONSE_MODEL, 100, 20));
                }
                JsonNode messages = body.get("messages");
                String task = messages.get(1).get("content").asText();
                int index = PROMPTS.indexOf(task);
                boolean first = messages.size() == 2;
                if (first && !(index == 2 && rateLimited.get() > 0)) {
                    barrier.await(20, TimeUnit.SECONDS);
                }
                switch (index) {
                    case 0:
                        if (first) {
                            AiMessage call = AiMessage.from(List.of(ToolExecutionRequest.builder()
                                    .id("call_lookup")
                                    .name("lookup")
                                    .arguments("{\"query\":\"Q1\"}")
                                    .build()));
                            return ok(OpenAiCompletions.body(call, RESPONSE_MODEL, 30, 10));
                        }
                        return ok(OpenAiCompletions.body(AiMessage.from("Q1 was 12.5M."), RESPONSE_MODEL, 30, 10));
                    case 1:
                        return error(400, "invalid_request_error", "this request is invalid");
                    case 2:
                        if (rateLimited.getAndIncrement() == 0) {
                            return error(429, "rate_limit_exceeded", "Rate limit reached, retry shortly");
                        }
                        return ok(OpenAiCompletions.body(AiMessage.from("Q3 was 14M."), RESPONSE_MODEL, 30, 10));
                    default:
                        return ok(OpenAiCompletions.body(AiMessage.from("Final: " + task), RESPONSE_MODEL, 30, 10));
                }
            } catch (Exception e) {
                return new ResponseDefinition(500, "fake server failed: " + e);
            }
        }

        private static AiMessage assignments() throws Exception {
            List<ToolExecutionRequest> calls = new ArrayList<>();
            calls.add(ToolExecutionRequest.builder()
                    .id("call_0")
                    .name("create_subagent")
                    .arguments(JSON.writeValueAsString(
                            Map.of("name", "analyst", "system_prompt", SYSTEM_PROMPT, "tools", List.of("lookup"))))
                    .build());
            int i = 1;
            for (String prompt : PROMPTS) {
                calls.add(ToolExecutionRequest.builder()
                        .id("call_" + i++)
                        .name("assign_task")
                        .arguments(JSON.writeValueAsString(Map.of("agent", "analyst", "prompt", prompt)))
                        .build());
            }
            return AiMessage.from(calls);
        }

        private static ResponseDefinition ok(String body) {
            return aResponse()
                    .withStatus(200)
                    .withHeader("Content-Type", "application/json")
                    .withBody(body)
                    .build();
        }

        private static ResponseDefinition error(int status, String code, String message) {
            String body =
                    "{\"error\":{\"message\":\"" + message + "\",\"type\":\"" + code + "\",\"code\":\"" + code + "\"}}";
            return aResponse()
                    .withStatus(status)
                    .withHeader("Content-Type", "application/json")
                    .withBody(body)
                    .build();
        }
    }
}

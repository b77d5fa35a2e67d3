package dev.agentswarm.test.cassette;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.agentswarm.AgentSwarm;
import dev.agentswarm.event.SwarmEvent;
import dev.agentswarm.model.SwarmModel;
import dev.agentswarm.report.RunStatus;
import dev.agentswarm.report.SwarmResult;
import dev.agentswarm.report.TaskStatus;
import dev.agentswarm.test.journal.Journals;
import dev.langchain4j.agent.tool.P;
import dev.langchain4j.agent.tool.Tool;
import dev.langchain4j.model.openai.OpenAiChatModel;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Records a swarm run against a WireMock OpenAI-compatible server through the real LangChain4j
 * {@code OpenAiChatModel}, stops the server, and replays the run offline from the cassette: the result and the events
 * are the same. The clock is fixed, so timestamps and latencies are equal too and the events compare whole.
 */
class CassetteReplayTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String MODEL = "gpt-test";
    static final Clock CLOCK = Clock.fixed(Instant.parse("2025-03-01T10:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path dir;

    static final class Lookup {
        @Tool("Looks a key up")
        String lookup(@P("the key") String key) {
            return "value-of-" + key;
        }
    }

    record Run(SwarmResult result, List<SwarmEvent> events) {}

    static Run run(SwarmModel model, int maxConcurrency, String orchestratorPrompt) {
        List<SwarmEvent> events = Collections.synchronizedList(new ArrayList<>());
        SwarmResult result = AgentSwarm.builder()
                .orchestratorModel(model)
                .orchestratorSystemPrompt(orchestratorPrompt)
                .tools(new Lookup())
                .maxConcurrency(maxConcurrency)
                .clock(CLOCK)
                .runIds(() -> "recorded-run")
                .listener(events::add)
                .build()
                .run("Summarise alpha and beta.");
        synchronized (events) {
            return new Run(result, List.copyOf(events));
        }
    }

    @ParameterizedTest(name = "maxConcurrency {0}")
    @ValueSource(ints = {1, 4})
    void aRecordedProviderRunReplaysOfflineWithTheSameResultAndEvents(int maxConcurrency) throws Exception {
        Path cassettePath = dir.resolve("run.cassette.jsonl");
        WireMockServer server = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        server.start();
        Run recorded;
        try {
            stubOpenAi(server);
            OpenAiChatModel openAi = OpenAiChatModel.builder()
                    .baseUrl(server.baseUrl() + "/v1")
                    .apiKey("test-key")
                    .modelName(MODEL)
                    .maxRetries(0)
                    .build();
            try (Cassette cassette = Cassette.create(cassettePath)) {
                recorded = run(
                        new RecordingModel(SwarmModel.of(MODEL, openAi), cassette),
                        maxConcurrency,
                        AgentSwarm.DEFAULT_ORCHESTRATOR_PROMPT);
            }
            // 2 orchestrator turns + 2 tasks x 2 turns
            assertThat(server.getAllServeEvents()).hasSize(6);
        } finally {
            server.stop();
        }
        assertThat(recorded.result().status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(recorded.result().answer()).isEqualTo("alpha is first; beta is second.");
        assertThat(recorded.result().tasks())
                .extracting(t -> t.finalMessage())
                .containsExactly("alpha is first (value-of-alpha)", "beta is second (value-of-beta)");
        assertThat(recorded.result().tasks()).allMatch(t -> t.status() == TaskStatus.COMPLETED && t.steps() == 2);

        // Replay with the server gone.
        ReplayModel replay = new ReplayModel(MODEL, Cassette.load(cassettePath));
        assertThat(replay.recordedCalls()).isEqualTo(6);
        Run replayed = run(replay, maxConcurrency, AgentSwarm.DEFAULT_ORCHESTRATOR_PROMPT);

        assertThat(replay.misses()).isEmpty();
        // The result is equal in every field but the measured peak concurrency, which depends on timing.
        assertThat(replayed.result())
                .usingRecursiveComparison()
                .ignoringFields("report.peakConcurrency")
                .isEqualTo(recorded.result());
        assertThat(replayed.result().report().peakConcurrency()).isPositive();
        if (maxConcurrency == 1) {
            // One task at a time: even the interleaving is deterministic, so the event sequences are equal.
            assertThat(replayed.events()).isEqualTo(recorded.events());
        } else {
            // Parallel tasks interleave by timing; each unit's events are equal.
            assertThat(byUnit(replayed.events())).isEqualTo(byUnit(recorded.events()));
            assertThat(Journals.shapesByUnit(replayed.events())).isEqualTo(Journals.shapesByUnit(recorded.events()));
        }
        assertThat(replayed.events()).hasSameSizeAs(recorded.events());
    }

    @Test
    void aRequestNotInTheCassetteFailsLoudlyWithADiff() throws Exception {
        Path cassettePath = dir.resolve("run.cassette.jsonl");
        WireMockServer server = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        server.start();
        try {
            stubOpenAi(server);
            OpenAiChatModel openAi = OpenAiChatModel.builder()
                    .baseUrl(server.baseUrl() + "/v1")
                    .apiKey("k")
                    .modelName(MODEL)
                    .maxRetries(0)
                    .build();
            try (Cassette cassette = Cassette.create(cassettePath)) {
                run(
                        new RecordingModel(SwarmModel.of(MODEL, openAi), cassette),
                        1,
                        AgentSwarm.DEFAULT_ORCHESTRATOR_PROMPT);
            }
        } finally {
            server.stop();
        }
        ReplayModel replay = new ReplayModel(MODEL, Cassette.load(cassettePath));
        Run changed = run(replay, 1, "You are a different orchestrator.");

        assertThat(changed.result().status()).isEqualTo(RunStatus.FAILED);
        assertThat(changed.result().reason())
                .contains("CassetteMissException")
                .contains("request to model 'gpt-test' is not in the cassette");
        assertThat(replay.misses()).hasSize(1);
        String diff = replay.misses().get(0);
        assertThat(diff)
                .contains("Diff against the nearest recorded request")
                .contains("- 5:     \"text\" : \"You are the orchestrator of an agent swarm.")
                .contains("+ 5:     \"text\" : \"You are a different orchestrator.\"");
    }

    private static Map<String, List<SwarmEvent>> byUnit(List<SwarmEvent> events) {
        Map<String, List<SwarmEvent>> out = new LinkedHashMap<>();
        for (SwarmEvent e : events) {
            out.computeIfAbsent(e.taskId() == null ? "run" : e.taskId(), k -> new ArrayList<>())
                    .add(e);
        }
        return new java.util.TreeMap<>(out);
    }

    // --- the fake OpenAI provider ---

    private static void stubOpenAi(WireMockServer server) throws Exception {
        String orchestrator = "orchestrator";
        server.stubFor(post(urlPathEqualTo("/v1/chat/completions"))
                .atPriority(1)
                .withRequestBody(containing("\"assign_task\""))
                .inScenario(orchestrator)
                .whenScenarioStateIs(Scenario.STARTED)
                .willSetStateTo("final")
                .willReturn(ok(completion(
                        null,
                        List.of(
                                call(
                                        "call_o1",
                                        "create_subagent",
                                        Map.of("name", "summarizer", "system_prompt", "You summarise.")),
                                call("call_o2", "assign_task", Map.of("agent", "summarizer", "prompt", "alpha")),
                                call("call_o3", "assign_task", Map.of("agent", "summarizer", "prompt", "beta")))))));
        server.stubFor(post(urlPathEqualTo("/v1/chat/completions"))
                .atPriority(1)
                .withRequestBody(containing("\"assign_task\""))
                .inScenario(orchestrator)
                .whenScenarioStateIs("final")
                .willReturn(ok(completion("alpha is first; beta is second.", List.of()))));
        for (String topic : List.of("alpha", "beta")) {
            String answer = topic + " is " + (topic.equals("alpha") ? "first" : "second");
            server.stubFor(post(urlPathEqualTo("/v1/chat/completions"))
                    .atPriority(5)
                    .withRequestBody(matchingJsonPath("$.messages[1].content", equalTo(topic)))
                    .willReturn(ok(completion(null, List.of(call("call_" + topic, "lookup", Map.of("key", topic)))))));
            server.stubFor(post(urlPathEqualTo("/v1/chat/completions"))
                    .atPriority(4)
                    .withRequestBody(matchingJsonPath("$.messages[1].content", equalTo(topic)))
                    .withRequestBody(matchingJsonPath("$.messages[?(@.role == 'tool')]"))
                    .willReturn(ok(completion(answer + " (value-of-" + topic + ")", List.of()))));
        }
    }

    private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder ok(String body) {
        return aResponse()
                .withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withBody(body);
    }

    private static ObjectNode call(String id, String name, Map<String, String> args) throws Exception {
        ObjectNode c = JSON.createObjectNode().put("id", id).put("type", "function");
        c.putObject("function").put("name", name).put("arguments", JSON.writeValueAsString(args));
        return c;
    }

    private static String completion(String content, List<ObjectNode> calls) throws Exception {
        ObjectNode root = JSON.createObjectNode()
                .put("id", "chatcmpl-1")
                .put("object", "chat.completion")
                .put("created", 1_700_000_000)
                .put("model", MODEL);
        ObjectNode choice = root.putArray("choices").addObject().put("index", 0);
        ObjectNode message = choice.putObject("message").put("role", "assistant");
        message.put("content", content);
        if (!calls.isEmpty()) {
            ArrayNode tc = message.putArray("tool_calls");
            calls.forEach(tc::add);
        }
        choice.put("finish_reason", calls.isEmpty() ? "stop" : "tool_calls");
        root.putObject("usage")
                .put("prompt_tokens", 40)
                .put("completion_tokens", 12)
                .put("total_tokens", 52);
        return JSON.writeValueAsString(root);
    }
}

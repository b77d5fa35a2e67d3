package dev.agentswarm.test.control;

import static dev.agentswarm.test.Replies.assignTask;
import static dev.agentswarm.test.Replies.call;
import static dev.agentswarm.test.Replies.calls;
import static dev.agentswarm.test.Replies.text;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.agentswarm.AgentSwarm;
import dev.agentswarm.RunOptions;
import dev.agentswarm.control.Controls;
import dev.agentswarm.event.SwarmEvent;
import dev.agentswarm.event.SwarmEvents;
import dev.agentswarm.journal.JournalOptions;
import dev.agentswarm.journal.JournalReader;
import dev.agentswarm.report.RunStatus;
import dev.agentswarm.report.SwarmResult;
import dev.agentswarm.report.TaskResult;
import dev.agentswarm.report.TaskStatus;
import dev.agentswarm.test.RecordedRequest;
import dev.agentswarm.test.ScriptedModel;
import dev.langchain4j.data.message.AiMessage;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Structured subagent output: a subagent created with an {@code output_schema} must answer with JSON that validates;
 * one repair turn carries the validation errors; a second failure fails the task with them; an invalid schema is the
 * error result of its {@code create_subagent}; the orchestrator receives the JSON and the result carries it parsed.
 */
class StructuredOutputTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String SCHEMA = "{\"type\":\"object\",\"properties\":{\"library\":{\"type\":\"string\"},"
            + "\"stars\":{\"type\":\"integer\",\"minimum\":0}},\"required\":[\"library\",\"stars\"],"
            + "\"additionalProperties\":false}";

    @TempDir
    Path dir;

    static dev.langchain4j.agent.tool.ToolExecutionRequest create(String schema) {
        Map<String, Object> args = new LinkedHashMap<>();
        args.put("name", "counter");
        args.put("system_prompt", "You count stars.");
        try {
            args.put("output_schema", JSON.readTree(schema));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return call("create_subagent", args);
    }

    static ScriptedModel model(String schema, Function<RecordedRequest, AiMessage> subagent) {
        return ScriptedModel.builder()
                .orchestrator(calls(create(schema)))
                .orchestrator(r -> calls(assignTask("counter", "Stars of reactor-core?")))
                .orchestrator(r -> text("FINAL: " + String.join(" | ", r.latestToolResults())))
                .subagent("counter", subagent)
                .subagent("counter", subagent)
                .build();
    }

    static SwarmResult run(ScriptedModel model) {
        return AgentSwarm.builder().orchestratorModel(model).build().run("stars");
    }

    @Test
    void aValidAnswerReachesTheOrchestratorAsJsonAndTheResultCarriesItParsed() throws Exception {
        ScriptedModel model =
                model(SCHEMA, r -> text("```json\n{ \"library\": \"reactor-core\", \"stars\": 5000 }\n```"));
        SwarmResult r = run(model);

        TaskResult t = r.tasks().get(0);
        assertThat(t.status()).isEqualTo(TaskStatus.COMPLETED);
        assertThat(t.steps()).isEqualTo(1);
        assertThat(t.output()).isEqualTo(JSON.readTree("{\"library\":\"reactor-core\",\"stars\":5000}"));
        assertThat(t.output().get("stars").asInt()).isEqualTo(5000);
        assertThat(t.finalMessage()).isEqualTo("{\"library\":\"reactor-core\",\"stars\":5000}");
        assertThat(r.answer()).isEqualTo("FINAL: {\"library\":\"reactor-core\",\"stars\":5000}");
        // The subagent was told the schema; the definition keeps it.
        assertThat(model.requests("counter").get(0).userPrompt())
                .contains("JSON Schema")
                .contains("\"stars\"");
        assertThat(r.subagents().get(0).outputSchema()).isEqualTo(JSON.readTree(SCHEMA));
    }

    @Test
    void anInvalidAnswerGetsOneRepairTurnWithTheErrors() {
        ScriptedModel model = model(
                SCHEMA,
                r -> r.turn() == 0
                        ? text("{\"library\": \"reactor-core\", \"stars\": \"many\"}")
                        : text("{\"library\": \"reactor-core\", \"stars\": 12}"));
        SwarmResult r = run(model);

        TaskResult t = r.tasks().get(0);
        assertThat(t.status()).isEqualTo(TaskStatus.COMPLETED);
        assertThat(t.steps()).as("the repair turn is a step").isEqualTo(2);
        assertThat(t.output().get("stars").asInt()).isEqualTo(12);
        List<RecordedRequest> requests = model.requests("counter");
        assertThat(requests).hasSize(2);
        assertThat(requests.get(1).request().messages().get(3).toString())
                .contains("does not match the required JSON Schema")
                .contains("stars");
    }

    @Test
    void anAnswerStillInvalidAfterTheRepairFailsTheTaskWithTheErrors() {
        ScriptedModel model = model(SCHEMA, r -> text("I think about 5000 stars."));
        SwarmResult r = run(model);

        TaskResult t = r.tasks().get(0);
        assertThat(t.status()).isEqualTo(TaskStatus.FAILED);
        assertThat(t.output()).isNull();
        assertThat(t.reason())
                .startsWith("the final message does not match the output schema after one repair turn: ")
                .contains("not JSON");
        assertThat(model.requests("counter")).as("exactly one repair turn").hasSize(2);
        assertThat(r.status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(r.answer()).contains("FAILED").contains("does not match the output schema");
    }

    @Test
    void anInvalidSchemaIsTheErrorResultOfItsCreateSubagent() {
        ScriptedModel model = ScriptedModel.builder()
                .orchestrator(calls(create("{\"type\": 12, \"required\": \"stars\"}")))
                .orchestrator(r -> text("FINAL: " + String.join(" | ", r.latestToolResults())))
                .build();
        SwarmResult r = run(model);

        assertThat(r.subagents()).isEmpty();
        assertThat(r.answer())
                .startsWith("FINAL: Error: the output_schema of create_subagent 'counter' is not a valid JSON Schema: ")
                .contains("/type")
                .endsWith("Subagent 'counter' was not created.");
    }

    @Test
    void aSchemaThatIsNotAnObjectIsRefusedToo() {
        ScriptedModel model = ScriptedModel.builder()
                .orchestrator(calls(call(
                        "create_subagent",
                        Map.of("name", "counter", "system_prompt", "You count.", "output_schema", List.of(1)))))
                .orchestrator(r -> text("FINAL: " + String.join(" | ", r.latestToolResults())))
                .build();
        assertThat(run(model).answer()).contains("needs 'output_schema' to be a JSON object, got array");
    }

    @Test
    void theParsedOutputIsJournaledAndReadBack() throws Exception {
        Path journal = dir.resolve("run.jsonl");
        ScriptedModel model = model(SCHEMA, r -> text("{\"library\":\"a\",\"stars\":1}"));
        AgentSwarm.builder()
                .orchestratorModel(model)
                .build()
                .run("stars", RunOptions.journal(JournalOptions.of(journal)));
        TaskResult read = JournalReader.read(journal)
                .eventsOf(SwarmEvent.TaskFinished.class)
                .get(0)
                .result();
        assertThat(read.output()).isEqualTo(JSON.readTree("{\"library\":\"a\",\"stars\":1}"));
        // A result without output round-trips with output null.
        TaskResult plain =
                SwarmEvents.mapper().readValue(SwarmEvents.mapper().writeValueAsString(read), TaskResult.class);
        assertThat(plain).isEqualTo(read);
    }

    @Test
    void withRequestJsonSchemaTheOpenAiRequestCarriesTheSchemaAsItsResponseFormat() {
        try (FakeOpenAiServer server = new FakeOpenAiServer(body -> {
            if (FakeOpenAiServer.orchestrator(body)) {
                return switch (FakeOpenAiServer.turn(body)) {
                    case 0 -> calls(create(SCHEMA));
                    case 1 -> calls(assignTask("counter", "Stars?"));
                    default -> text("FINAL: " + String.join(" | ", FakeOpenAiServer.latestToolResults(body)));
                };
            }
            return text("{\"library\":\"x\",\"stars\":3}");
        })) {
            SwarmResult r = AgentSwarm.builder()
                    .orchestratorModel(server.model())
                    .controls(Controls.builder().requestJsonSchema(true).build())
                    .build()
                    .run("stars");
            assertThat(r.answer()).isEqualTo("FINAL: {\"library\":\"x\",\"stars\":3}");
            JsonNode subagent = server.bodies().stream()
                    .filter(b -> !FakeOpenAiServer.orchestrator(b))
                    .findFirst()
                    .orElseThrow();
            JsonNode format = subagent.get("response_format");
            assertThat(format.get("type").asText()).isEqualTo("json_schema");
            assertThat(format.get("json_schema").get("name").asText()).isEqualTo("counter");
            assertThat(format.get("json_schema").get("schema").get("required").toString())
                    .isEqualTo("[\"library\",\"stars\"]");
            assertThat(server.bodies().stream().filter(FakeOpenAiServer::orchestrator))
                    .allMatch(b -> !b.has("response_format"));
        }
    }
}

package dev.agentswarm.eval.trajectory;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.agentswarm.AgentSwarm;
import dev.agentswarm.eval.EvalTask;
import dev.agentswarm.eval.Scorer;
import dev.agentswarm.eval.reward.ParlReward;
import dev.agentswarm.model.SwarmModel;
import dev.agentswarm.policy.context.ContextPolicy;
import dev.agentswarm.report.RunStatus;
import dev.agentswarm.report.SwarmResult;
import dev.agentswarm.resilience.ModelPolicy;
import dev.agentswarm.resilience.ProviderHttpException;
import dev.agentswarm.tool.AgentTool;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.FinishReason;
import dev.langchain4j.model.output.TokenUsage;
import java.io.StringWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

/**
 * Every orchestrator request of a recorded run is rebuilt from its trajectory alone and compared, byte for byte, with
 * what the model received: call ids repeated across turns ({@code call_0} every turn) and empty, a refused
 * {@code assign_task}, a refused {@code create_subagent}, an ordinary tool, a retried turn, and a history compacted
 * by Hide-Tool-Result.
 */
class TrajectoryFidelityTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final EvalTask TASK = new EvalTask("t-1", "Find a, b, c and d.", "a b c d");

    /** Every request the orchestrator's model answered, in order; failed attempts are marked. */
    final List<ChatRequest> answered = new CopyOnWriteArrayList<>();

    final List<ChatResponse> responses = new CopyOnWriteArrayList<>();
    final AtomicBoolean failedOnce = new AtomicBoolean();

    static ToolExecutionRequest call(String id, String name, String args) {
        return ToolExecutionRequest.builder().id(id).name(name).arguments(args).build();
    }

    static String assign(String agent, String prompt) {
        return "{\"agent\":\"" + agent + "\",\"prompt\":\"" + prompt + "\"}";
    }

    static final String WORKER = "{\"name\":\"worker\",\"system_prompt\":\"You find one thing.\"}";

    private static boolean isOrchestrator(ChatRequest r) {
        return r.toolSpecifications().stream().anyMatch(t -> "assign_task".equals(t.name()));
    }

    private static int assistantTurns(ChatRequest r) {
        int n = 0;
        for (ChatMessage m : r.messages()) {
            if (m instanceof AiMessage) {
                n++;
            }
        }
        return n;
    }

    private Mono<ChatResponse> policy(ChatRequest request) {
        if (!isOrchestrator(request)) {
            String prompt = ((UserMessage) request.messages().get(1)).singleText();
            return Mono.just(respond(AiMessage.from("done: " + prompt), false));
        }
        int turn = assistantTurns(request);
        if (turn == 1 && failedOnce.compareAndSet(false, true)) {
            return Mono.error(new ProviderHttpException(503, null, "overloaded"));
        }
        AiMessage reply = switch (turn) {
            case 0 ->
                AiMessage.from(
                        "Defining a worker.",
                        List.of(
                                call("call_0", "create_subagent", WORKER),
                                call("call_1", "assign_task", assign("worker", "find a")),
                                call("call_2", "assign_task", assign("worker", "find b"))));
            case 1 ->
                AiMessage.from(List.of(
                        call("call_0", "assign_task", assign("worker", "find c")),
                        call("call_1", "assign_task", assign("ghost", "find x")),
                        call("", "clock", "{}"),
                        call("call_2", "create_subagent", WORKER)));
            case 2 -> AiMessage.from(List.of(call("call_0", "assign_task", assign("worker", "find d"))));
            default -> AiMessage.from("a b c d");
        };
        answered.add(request);
        ChatResponse response = respond(reply, true);
        responses.add(response);
        return Mono.just(response);
    }

    private static ChatResponse respond(AiMessage reply, boolean orchestrator) {
        return ChatResponse.builder()
                .aiMessage(reply)
                .tokenUsage(new TokenUsage(orchestrator ? 100 : 10, 7))
                .finishReason(reply.hasToolExecutionRequests() ? FinishReason.TOOL_EXECUTION : FinishReason.STOP)
                .build();
    }

    static AgentTool clock() {
        ToolSpecification spec = ToolSpecification.builder()
                .name("clock")
                .description("The time")
                .parameters(JsonObjectSchema.builder().build())
                .build();
        return AgentTool.reactive(spec, request -> Mono.just("12:00"));
    }

    @Test
    void everyOrchestratorRequestIsRebuiltFromItsTrajectoryByteForByte() throws Exception {
        TurnCapture capture = new TurnCapture();
        AgentSwarm swarm = AgentSwarm.builder()
                .orchestratorModel(capture.wrap(SwarmModel.of("policy", this::policy)))
                .orchestratorTools(clock())
                .orchestratorContextPolicy(ContextPolicy.hideToolResults(1))
                .defaultModelPolicy(ModelPolicy.builder()
                        .maxAttempts(3)
                        .backoff(Duration.ofMillis(1), 1.0, Duration.ofMillis(1))
                        .build())
                .runIds(() -> "run-1")
                .build();

        SwarmResult result = swarm.run(TASK.prompt());
        assertThat(result.status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(failedOnce).as("turn 1 was retried once").isTrue();

        TrajectoryExporter exporter =
                new TrajectoryExporter(ParlReward.builder(Scorer.exactMatch()).build(), 0, swarm.redactor());
        StringWriter file = new StringWriter();
        TrajectoryExporter.write(exporter.records(TASK, result, capture.take(result.runId())), file);
        assertThat(capture.runsHeld()).isZero();

        String[] lines = file.toString().split("\n");
        assertThat(lines).hasSize(4);
        assertThat(answered).hasSize(4);
        for (int i = 0; i < lines.length; i++) {
            JsonNode line = JSON.readTree(lines[i]);
            ChatRequest received = answered.get(i);
            // the bytes the trajectory holds are the bytes of what the model received
            assertThat(ChatJson.write(line.get("request")))
                    .as("turn %d request bytes", i)
                    .isEqualTo(ChatJson.write(ChatJson.request(received, UnaryOperator.identity())));
            assertThat(ChatJson.write(line.get("response")))
                    .as("turn %d response bytes", i)
                    .isEqualTo(ChatJson.write(ChatJson.response(responses.get(i), UnaryOperator.identity())));
            // and the request rebuilt from the line alone is the request the model received
            ChatRequest rebuilt = ChatJson.toRequest(line.get("request"));
            assertThat(rebuilt.messages()).as("turn %d messages", i).isEqualTo(received.messages());
            assertThat(rebuilt.toolSpecifications()).as("turn %d tools", i).isEqualTo(received.toolSpecifications());
            assertThat(ChatJson.write(ChatJson.request(rebuilt, UnaryOperator.identity())))
                    .isEqualTo(ChatJson.write(line.get("request")));
            assertThat(line.get("schema_version").asText()).isEqualTo(TrajectoryExporter.SCHEMA_VERSION);
            assertThat(line.get("turn").asInt()).isEqualTo(i);
            assertThat(line.get("stage").asInt()).isEqualTo(i);
            assertThat(line.get("step").asInt()).isEqualTo(i + 1);
        }

        JsonNode t0 = JSON.readTree(lines[0]);
        JsonNode t1 = JSON.readTree(lines[1]);
        JsonNode t2 = JSON.readTree(lines[2]);
        JsonNode t3 = JSON.readTree(lines[3]);
        assertThat(kinds(t0)).containsExactly("create_subagent", "task_result", "task_result");
        assertThat(texts(t0, "task_id")).containsExactly("null", "s0-t0", "s0-t1");
        assertThat(t0.at("/observations/1/content").asText()).contains("done: find a");
        // call_0 again, an unknown agent, an empty id, a second definition of the same name
        assertThat(texts(t1, "tool_call_id")).containsExactly("call_0", "call_1", "", "call_2");
        assertThat(kinds(t1)).containsExactly("task_result", "refused", "tool", "refused");
        assertThat(t1.at("/observations/0/task_id").asText()).isEqualTo("s1-t0");
        assertThat(t1.at("/observations/0/content").asText())
                .as("call_0 of turn 1 is answered by its own task, not by turn 0's call_0")
                .contains("done: find c")
                .doesNotContain("find a");
        assertThat(t1.at("/observations/1/is_error").asBoolean()).isTrue();
        assertThat(t1.at("/observations/2/content").asText()).endsWith("12:00");
        // Hide-Tool-Result hid turn 0's results before turn 2's request: that request is compacted
        assertThat(t1.get("compacted").asBoolean()).isFalse();
        assertThat(t2.get("compacted").asBoolean()).isTrue();
        assertThat(t2.at("/request/messages/3/content").asText())
                .as("what the model saw in place of turn 0's first result")
                .isNotEqualTo(t0.at("/observations/0/content").asText());
        assertThat(t3.get("last").asBoolean()).isTrue();
        assertThat(t3.get("observed").asBoolean()).isFalse();
        assertThat(t3.get("status").asText()).isEqualTo("COMPLETED");
        assertThat(t3.at("/reward/performance").asDouble()).isEqualTo(1.0);
        assertThat(t0.at("/reward/performance").isNull()).isTrue();
        assertThat(t0.at("/request/messages/0/role").asText()).isEqualTo("system");
        assertThat(t0.at("/request/tools/0/function/name").asText()).isEqualTo("create_subagent");
        assertThat(t0.at("/response/message/tool_calls/0/id").asText()).isEqualTo("call_0");
        assertThat(t0.at("/response/usage/prompt_tokens").asInt()).isEqualTo(100);
        assertThat(t0.get("subagents")).hasSize(2);
    }

    @Test
    void secretsAreRedactedInTheTrajectory() throws Exception {
        String secret = "sk-test-0123456789abcdefSECRET";
        TurnCapture capture = new TurnCapture();
        AgentSwarm swarm = AgentSwarm.builder()
                .orchestratorModel(capture.wrap(SwarmModel.of(
                        "policy", r -> Mono.just(respond(AiMessage.from("key " + secret), true)))))
                .secret(secret)
                .runIds(() -> "run-s")
                .build();
        EvalTask task = new EvalTask("t-s", "use key " + secret, null);

        SwarmResult result = swarm.run(task.prompt());
        String jsonl = TrajectoryExporter.toJsonl(
                new TrajectoryExporter(ParlReward.builder(Scorer.exactMatch()).build(), 0, swarm.redactor())
                        .records(task, result, capture.take(result.runId())));

        assertThat(jsonl).doesNotContain(secret).contains("[REDACTED]");
    }

    @Test
    void rebuildingRefusesAMalformedRecordNamingTheMessage() {
        JsonNode bad = JSON.createObjectNode()
                .set(
                        "messages",
                        JSON.createArrayNode().add(JSON.createObjectNode().put("role", "robot")));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ChatJson.toRequest(bad))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("message 0")
                .hasMessageContaining("robot");
        ChatRequest plain = ChatRequest.builder()
                .messages(SystemMessage.from("s"), UserMessage.from("u"))
                .build();
        assertThat(ChatJson.toRequest(ChatJson.request(plain, UnaryOperator.identity()))
                        .messages())
                .isEqualTo(plain.messages());
    }

    private static List<String> kinds(JsonNode turn) {
        return texts(turn, "kind");
    }

    private static List<String> texts(JsonNode turn, String field) {
        List<String> out = new ArrayList<>();
        for (JsonNode o : turn.get("observations")) {
            out.add(o.get(field).isNull() ? "null" : o.get(field).asText());
        }
        return out;
    }
}

package dev.agentswarm.temporal;

import dev.agentswarm.AgentSwarm;
import dev.agentswarm.model.SwarmModel;
import dev.agentswarm.test.Replies;
import dev.agentswarm.tool.AgentTool;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.TokenUsage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import reactor.core.publisher.Mono;

/**
 * A swarm whose model and tool answer from the request's content alone (so any worker gives the same answer to the
 * same call) and write a {@code start} and an {@code end} line per call to a log, so that a test can count calls
 * across processes. The orchestrator defines one subagent and assigns it {@code tasks} tasks in one turn; each task
 * calls the {@code echo} tool once and then answers.
 */
final class CountingSwarm implements SwarmDefinition {

    private final int tasks;
    private final Duration latency;
    private final Path log;
    private final int maxConcurrency;

    CountingSwarm(int tasks, Duration latency, Path log, int maxConcurrency) {
        this.tasks = tasks;
        this.latency = latency;
        this.log = log;
        this.maxConcurrency = maxConcurrency;
    }

    @Override
    public SwarmModel orchestratorModel() {
        return SwarmModel.of("counting", request -> {
            String key = key(request);
            write("start " + key);
            return Mono.delay(latency)
                    .map(x -> ChatResponse.builder()
                            .aiMessage(reply(request))
                            .tokenUsage(new TokenUsage(10, 5))
                            .build())
                    .doOnNext(r -> write("end " + key));
        });
    }

    @Override
    public List<AgentTool> tools() {
        return List.of(AgentTool.reactive(
                ToolSpecification.builder()
                        .name("echo")
                        .description("Echoes its text")
                        .parameters(JsonObjectSchema.builder()
                                .addStringProperty("text")
                                .required("text")
                                .build())
                        .build(),
                call -> Mono.fromCallable(() -> {
                    write("start tool:" + call.arguments());
                    write("end tool:" + call.arguments());
                    return "echo " + call.arguments();
                })));
    }

    @Override
    public void configure(AgentSwarm.Builder builder) {
        builder.maxConcurrency(maxConcurrency);
    }

    private AiMessage reply(ChatRequest request) {
        boolean orchestrator =
                request.toolSpecifications().stream().anyMatch(t -> t.name().equals("assign_task"));
        List<ChatMessage> messages = request.messages();
        long results = messages.stream()
                .filter(m -> m instanceof ToolExecutionResultMessage)
                .count();
        if (orchestrator) {
            if (results == 0) {
                List<ToolExecutionRequest> calls = new ArrayList<>();
                calls.add(fixedId(Replies.createSubagent("worker", "You do one item."), "create"));
                for (int i = 0; i < tasks; i++) {
                    calls.add(fixedId(Replies.assignTask("worker", "item " + i), "assign-" + i));
                }
                return AiMessage.from(calls);
            }
            return AiMessage.from("finished " + results + " calls");
        }
        String prompt = userPrompt(messages);
        if (results == 0) {
            return AiMessage.from(ToolExecutionRequest.builder()
                    .id("echo-" + prompt.replace(' ', '-'))
                    .name("echo")
                    .arguments("{\"text\":\"" + prompt + "\"}")
                    .build());
        }
        return AiMessage.from("done with " + prompt);
    }

    private static ToolExecutionRequest fixedId(ToolExecutionRequest r, String id) {
        return ToolExecutionRequest.builder()
                .id(id)
                .name(r.name())
                .arguments(r.arguments())
                .build();
    }

    private static String userPrompt(List<ChatMessage> messages) {
        for (ChatMessage m : messages) {
            if (m instanceof UserMessage u) {
                return u.singleText();
            }
        }
        return "";
    }

    /** The call's identity: its role, its task prompt and its turn. */
    static String key(ChatRequest request) {
        boolean orchestrator =
                request.toolSpecifications().stream().anyMatch(t -> t.name().equals("assign_task"));
        long turn =
                request.messages().stream().filter(m -> m instanceof AiMessage).count();
        return (orchestrator
                        ? "orchestrator"
                        : "task:" + userPrompt(request.messages()).replace(' ', '_')) + ":turn" + turn;
    }

    private synchronized void write(String line) {
        try {
            Files.writeString(
                    log,
                    line + "\n",
                    StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND,
                    StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

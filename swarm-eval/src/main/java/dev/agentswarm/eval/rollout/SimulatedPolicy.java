package dev.agentswarm.eval.rollout;

import dev.agentswarm.model.SwarmModel;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.FinishReason;
import dev.langchain4j.model.output.TokenUsage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * A simulated policy for offline rollouts and benchmarks; no real model is called and its name starts with
 * {@code simulated/}. As orchestrator (the request offers {@code assign_task}) it defines one subagent and, in its
 * first turn, assigns {@code width} tasks (part i of the task) at once; in its second turn it answers with the line
 * {@code Exact Answer: } followed by the task's text after its last {@code answer:} marker, if any (so that a dataset
 * can hold tasks the simulation answers right), else the number of parts done. As subagent it answers its part in one
 * turn. Each call takes its latency on the given scheduler. Stateless and thread-safe.
 */
public final class SimulatedPolicy {

    private SimulatedPolicy() {}

    /**
     * @param width the tasks the orchestrator assigns in its first turn, at least 1
     * @param orchestratorLatency the latency of an orchestrator turn
     * @param subagentLatency the latency of a subagent turn
     * @param scheduler where the latencies run
     * @return the model, named {@code simulated/policy}, for both roles
     */
    public static SwarmModel model(
            int width, Duration orchestratorLatency, Duration subagentLatency, Scheduler scheduler) {
        if (width < 1) {
            throw new IllegalArgumentException("the simulated policy's width must be >= 1, got " + width);
        }
        Objects.requireNonNull(scheduler, "scheduler");
        return SwarmModel.of("simulated/policy", request -> {
            boolean orchestrator = request.toolSpecifications().stream().anyMatch(t -> "assign_task".equals(t.name()));
            ChatResponse response = orchestrator ? orchestrate(request, width) : work(request);
            Duration latency = orchestrator ? orchestratorLatency : subagentLatency;
            return latency.isZero()
                    ? Mono.just(response)
                    : Mono.delay(latency, scheduler).thenReturn(response);
        });
    }

    private static ChatResponse orchestrate(ChatRequest request, int width) {
        String task = userText(request);
        int results = 0;
        for (ChatMessage m : request.messages()) {
            if (m instanceof ToolExecutionResultMessage) {
                results++;
            }
        }
        if (results == 0) {
            List<ToolExecutionRequest> calls = new ArrayList<>(width + 1);
            calls.add(ToolExecutionRequest.builder()
                    .id("call_0")
                    .name("create_subagent")
                    .arguments("{\"name\":\"worker\",\"system_prompt\":\"You complete one part of a task.\"}")
                    .build());
            for (int i = 0; i < width; i++) {
                calls.add(ToolExecutionRequest.builder()
                        .id("call_" + (i + 1))
                        .name("assign_task")
                        .arguments("{\"agent\":\"worker\",\"prompt\":\"part " + i + "\"}")
                        .build());
            }
            return respond(AiMessage.from(calls), 4);
        }
        int marker = task.toLowerCase(java.util.Locale.ROOT).lastIndexOf("answer:");
        String answer = marker < 0
                ? (results - 1) + " parts done"
                : task.substring(marker + "answer:".length()).strip();
        return respond(AiMessage.from("Exact Answer: " + answer), 4);
    }

    private static ChatResponse work(ChatRequest request) {
        return respond(AiMessage.from("done: " + userText(request)), 2);
    }

    private static String userText(ChatRequest request) {
        for (ChatMessage m : request.messages()) {
            if (m instanceof UserMessage u && u.hasSingleText()) {
                return u.singleText();
            }
        }
        return "";
    }

    private static ChatResponse respond(AiMessage message, int outputTokens) {
        return ChatResponse.builder()
                .aiMessage(message)
                .modelName("simulated/policy")
                .tokenUsage(new TokenUsage(16, outputTokens))
                .finishReason(message.hasToolExecutionRequests() ? FinishReason.TOOL_EXECUTION : FinishReason.STOP)
                .build();
    }
}

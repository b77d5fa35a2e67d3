package dev.agentswarm.examples.sim;

import dev.agentswarm.model.SwarmModel;
import dev.agentswarm.report.TokenUsage;
import dev.agentswarm.tool.AgentTool;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The single-agent baseline: one agent, one context, the same tools, the whole task; its critical steps are its
 * model turns. A small stand-in for swarm-eval's baseline until that module lands on main.
 */
public final class SingleAgentBaseline {

    /** Failed model calls are sent again this many times, as a provider client would. */
    public static final int MODEL_RETRIES = 2;

    private SingleAgentBaseline() {}

    /**
     * What the baseline produced.
     *
     * @param answer its final message
     * @param steps its model turns (= its critical steps)
     * @param tokens every token it used
     * @param wallTime how long it ran, on the given clock
     * @param failed the failure that ended it, or empty
     */
    public record Result(String answer, int steps, TokenUsage tokens, Duration wallTime, String failed) {}

    /**
     * Runs one agent loop: model turn, its tool calls, next turn, until a message without tool calls or the step
     * limit. A failed model call ends the run with what it has.
     *
     * @param model the model
     * @param systemPrompt the system prompt
     * @param prompt the task
     * @param tools the tools
     * @param clock the clock of the wall time
     * @param maxSteps the step limit
     * @return the result; never an error signal
     */
    public static Mono<Result> run(SwarmModel model, String systemPrompt, String prompt, List<AgentTool> tools,
            Clock clock, int maxSteps) {
        return Mono.defer(() -> {
            Instant start = clock.instant();
            List<ChatMessage> messages = new ArrayList<>(List.of(SystemMessage.from(systemPrompt),
                    UserMessage.from(prompt)));
            List<ToolSpecification> specs = tools.stream().map(AgentTool::specification).toList();
            int[] steps = {0};
            TokenUsage[] tokens = {TokenUsage.ZERO};
            String[] last = {""};
            return turn(model, messages, specs, tools, steps, tokens, last, maxSteps)
                    .map(failure -> new Result(last[0], steps[0], tokens[0],
                            Duration.between(start, clock.instant()), failure));
        });
    }

    private static Mono<String> turn(SwarmModel model, List<ChatMessage> messages, List<ToolSpecification> specs,
            List<AgentTool> tools, int[] steps, TokenUsage[] tokens, String[] last, int maxSteps) {
        if (steps[0] >= maxSteps) {
            return Mono.just("step limit of " + maxSteps + " reached");
        }
        ChatRequest request = ChatRequest.builder().messages(List.copyOf(messages)).toolSpecifications(specs).build();
        return model.chat(request).retry(MODEL_RETRIES).flatMap(response -> {
            steps[0]++;
            tokens[0] = tokens[0].plus(TokenUsage.from(response.tokenUsage()));
            AiMessage ai = response.aiMessage();
            messages.add(ai);
            if (ai.text() != null && !ai.text().isBlank()) {
                last[0] = ai.text();
            }
            if (!ai.hasToolExecutionRequests()) {
                return Mono.just("");
            }
            return Flux.fromIterable(ai.toolExecutionRequests())
                    .concatMap(call -> execute(tools, call))
                    .doOnNext(messages::add)
                    .then(Mono.defer(() -> turn(model, messages, specs, tools, steps, tokens, last, maxSteps)));
        }).onErrorResume(e -> Mono.just("model call failed: " + e.getMessage()));
    }

    private static Mono<ToolExecutionResultMessage> execute(List<AgentTool> tools, ToolExecutionRequest call) {
        AgentTool tool = tools.stream().filter(t -> t.name().equals(call.name())).findFirst().orElse(null);
        Mono<String> out = tool == null
                ? Mono.error(new IllegalArgumentException("unknown tool " + call.name()))
                : tool.execute(call);
        return out.map(text -> ToolExecutionResultMessage.builder().id(call.id()).toolName(call.name()).text(text)
                        .build())
                .onErrorResume(e -> Mono.just(ToolExecutionResultMessage.builder().id(call.id())
                        .toolName(call.name()).text("Error: " + e.getMessage()).isError(true).build()));
    }
}

package dev.agentswarm.policy.context;

import dev.agentswarm.model.SwarmModel;
import dev.agentswarm.report.TokenUsage;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.TokenCountEstimator;
import dev.langchain4j.model.chat.request.ChatRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import reactor.core.publisher.Mono;

/**
 * Summary: once the estimated tokens of the history exceed the threshold, one model call summarises everything after
 * the task, and the history becomes the leading system messages plus one user message: the task, a blank line,
 * {@link #SUMMARY_HEADER} and the summary. The summary call gets {@link #DEFAULT_PROMPT} (or the prompt given) as its
 * system message and a plain-text transcript of the compressed turns as its user message, with no tools, so the
 * transcript's tool calls need no pairing. Its tokens go to the scope's {@link ContextPolicy.TokenSink}. A failed
 * call or an empty summary is an error signal; the runtime then keeps the history as it was.
 */
final class SummaryContextPolicy implements ContextPolicy {

    static final String DEFAULT_PROMPT = ContextPolicy.DEFAULT_SUMMARY_PROMPT;
    static final String SUMMARY_HEADER = ContextPolicy.SUMMARY_HEADER;

    private final int thresholdTokens;
    private final TokenCountEstimator estimator;
    private final SwarmModel model;
    private final String prompt;

    /**
     * @param thresholdTokens the history size above which the history is summarised, at least 1
     * @param estimator counts tokens
     * @param model writes the summary
     * @param prompt the system prompt of the summary call
     * @throws IllegalArgumentException if the threshold is below 1 or the prompt is blank
     */
    public SummaryContextPolicy(int thresholdTokens, TokenCountEstimator estimator, SwarmModel model, String prompt) {
        this.thresholdTokens = Histories.requireThreshold(thresholdTokens);
        this.estimator = Objects.requireNonNull(estimator, "estimator");
        this.model = Objects.requireNonNull(model, "model");
        Objects.requireNonNull(prompt, "prompt");
        if (prompt.isBlank()) {
            throw new IllegalArgumentException("the summary prompt must not be blank");
        }
        this.prompt = prompt;
    }

    @Override
    public Mono<List<ChatMessage>> apply(List<ChatMessage> history, Scope scope) {
        return Mono.defer(() -> {
            int initial = Histories.initialContextLength(history);
            if (initial == history.size() || estimator.estimateTokenCountInMessages(history) <= thresholdTokens) {
                return Mono.just(history);
            }
            String task = initial > 0 && history.get(initial - 1) instanceof UserMessage u && u.hasSingleText()
                    ? u.singleText()
                    : "";
            ChatRequest request = ChatRequest.builder()
                    .messages(
                            SystemMessage.from(prompt),
                            UserMessage.from("Task:\n" + task + "\n\nHistory to summarise:\n"
                                    + transcript(history.subList(initial, history.size()))))
                    .build();
            return model.chat(request).flatMap(response -> {
                scope.tokens().add(model.name(), TokenUsage.from(response.tokenUsage()));
                String summary = response.aiMessage() == null
                        ? null
                        : response.aiMessage().text();
                if (summary == null || summary.isBlank()) {
                    return Mono.error(new IllegalStateException("the summary model '" + model.name()
                            + "' returned no text; the history is kept as it was"));
                }
                List<ChatMessage> out = new ArrayList<>();
                int systems = task.isEmpty() ? initial : initial - 1;
                out.addAll(history.subList(0, systems));
                out.add(UserMessage.from(
                        (task.isEmpty() ? "" : task + "\n\n") + SUMMARY_HEADER + "\n" + summary.strip()));
                return Mono.just(List.copyOf(out));
            });
        });
    }

    /**
     * Renders turns as plain text for the summary call.
     *
     * @param messages the turns
     * @return one paragraph per message
     */
    static String transcript(List<ChatMessage> messages) {
        StringBuilder sb = new StringBuilder();
        for (ChatMessage m : messages) {
            if (m instanceof AiMessage a) {
                sb.append("assistant: ").append(a.text() == null ? "" : a.text());
                if (a.hasToolExecutionRequests()) {
                    for (ToolExecutionRequest r : a.toolExecutionRequests()) {
                        sb.append("\n  tool call ").append(r.name()).append(' ').append(r.arguments());
                    }
                }
            } else if (m instanceof ToolExecutionResultMessage t) {
                sb.append("tool result (").append(t.toolName()).append("): ").append(t.text());
            } else {
                sb.append(m.type().name().toLowerCase(java.util.Locale.ROOT))
                        .append(": ")
                        .append(ApproximateTokenCountEstimator.textOf(m));
            }
            sb.append("\n\n");
        }
        return sb.toString().strip();
    }

    /** @return the model that writes the summaries; a cost budget needs a price for it */
    @Override
    public List<String> modelNames() {
        return List.of(model.name());
    }

    @Override
    public String toString() {
        return "Summary[threshold=" + thresholdTokens + ", model=" + model.name() + "]";
    }
}

package dev.agentswarm.policy.context;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.model.TokenCountEstimator;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import reactor.core.publisher.Mono;

/**
 * Hide-Tool-Result: once the estimated tokens of the history exceed the threshold, every tool result before the
 * latest round is replaced by {@link #PLACEHOLDER}, keeping its id and tool name. The latest round is the tool
 * results after the last assistant message that made tool calls. Assistant messages, the system prompt and the task
 * are never touched, so every tool call still has its result.
 */
final class HideToolResultsContextPolicy implements ContextPolicy {

    /** The text an older tool result is replaced by. */
    static final String PLACEHOLDER = ContextPolicy.HIDDEN_TOOL_RESULT;

    private final int thresholdTokens;
    private final TokenCountEstimator estimator;

    /**
     * @param thresholdTokens the history size above which older results are hidden, at least 1
     * @param estimator counts tokens
     * @throws IllegalArgumentException if the threshold is below 1
     */
    public HideToolResultsContextPolicy(int thresholdTokens, TokenCountEstimator estimator) {
        this.thresholdTokens = Histories.requireThreshold(thresholdTokens);
        this.estimator = Objects.requireNonNull(estimator, "estimator");
    }

    @Override
    public Mono<List<ChatMessage>> apply(List<ChatMessage> history, Scope scope) {
        return Mono.fromSupplier(() -> hide(history));
    }

    /**
     * The policy as a plain function.
     *
     * @param history the history
     * @return the history with older tool results hidden, or the same list when under the threshold
     */
    public List<ChatMessage> hide(List<ChatMessage> history) {
        if (estimator.estimateTokenCountInMessages(history) <= thresholdTokens) {
            return history;
        }
        int latestRound = history.size();
        for (int i = history.size() - 1; i >= 0; i--) {
            if (history.get(i) instanceof AiMessage a && a.hasToolExecutionRequests()) {
                latestRound = i;
                break;
            }
        }
        List<ChatMessage> out = new ArrayList<>(history.size());
        for (int i = 0; i < history.size(); i++) {
            ChatMessage m = history.get(i);
            if (i < latestRound && m instanceof ToolExecutionResultMessage t && !PLACEHOLDER.equals(t.text())) {
                out.add(ToolExecutionResultMessage.builder()
                        .id(t.id())
                        .toolName(t.toolName())
                        .text(PLACEHOLDER)
                        .isError(t.isError())
                        .build());
            } else {
                out.add(m);
            }
        }
        return out;
    }

    @Override
    public String toString() {
        return "HideToolResults[threshold=" + thresholdTokens + "]";
    }
}

package dev.agentswarm.policy.context;

import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.model.TokenCountEstimator;
import java.util.List;
import java.util.Objects;
import reactor.core.publisher.Mono;

/**
 * Discard-all: once the estimated tokens of the history exceed the threshold, the history is cut back to its initial
 * context: the leading system messages and the task (the first user message). The role then starts over.
 */
final class DiscardAllContextPolicy implements ContextPolicy {

    private final int thresholdTokens;
    private final TokenCountEstimator estimator;

    /**
     * @param thresholdTokens the history size above which the history is dropped, at least 1
     * @param estimator counts tokens
     * @throws IllegalArgumentException if the threshold is below 1
     */
    public DiscardAllContextPolicy(int thresholdTokens, TokenCountEstimator estimator) {
        this.thresholdTokens = Histories.requireThreshold(thresholdTokens);
        this.estimator = Objects.requireNonNull(estimator, "estimator");
    }

    @Override
    public Mono<List<ChatMessage>> apply(List<ChatMessage> history, Scope scope) {
        return Mono.fromSupplier(() -> discard(history));
    }

    /**
     * The policy as a plain function.
     *
     * @param history the history
     * @return the initial context alone, or the same list when under the threshold
     */
    public List<ChatMessage> discard(List<ChatMessage> history) {
        if (estimator.estimateTokenCountInMessages(history) <= thresholdTokens) {
            return history;
        }
        return List.copyOf(history.subList(0, Histories.initialContextLength(history)));
    }

    @Override
    public String toString() {
        return "DiscardAll[threshold=" + thresholdTokens + "]";
    }
}

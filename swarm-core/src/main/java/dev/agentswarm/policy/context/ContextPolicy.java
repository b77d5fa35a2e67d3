package dev.agentswarm.policy.context;

import dev.agentswarm.model.SwarmModel;
import dev.agentswarm.report.TokenUsage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.model.TokenCountEstimator;
import java.util.List;
import java.util.Objects;
import reactor.core.publisher.Mono;

/**
 * Decides what remains of a conversation before the next model call. The runtime applies the policy of a role (the
 * orchestrator, or every subagent task) to the role's whole history right before it builds each request, and
 * <b>replaces</b> the history with the result: later turns grow from the compacted history, so a policy that
 * discarded or summarised the history does not do it again until its threshold is passed again.
 *
 * <p>Every policy must keep the conversation valid for providers: the leading system message and the task (the first
 * user message) stay first, and every tool result keeps the assistant tool call it answers. A policy that fails (a
 * summary call that errors) leaves the history as it was; the runtime logs it and the run goes on.
 *
 * <p>Implementations must be thread-safe and must not block: one instance serves every run and every task.
 */
@FunctionalInterface
public interface ContextPolicy {

    /**
     * Compacts a history.
     *
     * @param history the role's history, oldest first: system prompt, task, then turns and tool results
     * @param scope who the history belongs to, and where to count the tokens of any model call the policy makes
     * @return the history to continue with; the same list (or an equal one) when nothing changes
     */
    Mono<List<ChatMessage>> apply(List<ChatMessage> history, Scope scope);

    /**
     * Where a policy is applied.
     *
     * @param role {@code orchestrator} or the subagent's name, for logs
     * @param tokens receives the tokens of model calls the policy makes (a summary), so that they count in the run's
     *     token accounting
     */
    record Scope(String role, TokenSink tokens) {

        /**
         * Validates the scope.
         *
         * @param role {@code orchestrator} or the subagent's name
         * @param tokens receives the tokens of model calls the policy makes
         */
        public Scope {
            Objects.requireNonNull(role, "role");
            Objects.requireNonNull(tokens, "tokens");
        }

        /**
         * A scope whose token counts go nowhere, for tests and offline use.
         *
         * @param role the role
         * @return the scope
         */
        public static Scope of(String role) {
            return new Scope(role, (model, usage) -> {});
        }
    }

    /** Receives the tokens of a model call a policy made. */
    @FunctionalInterface
    interface TokenSink {
        /**
         * @param model the model's name
         * @param usage the tokens of the call
         */
        void add(String model, TokenUsage usage);
    }

    /** The text that replaces a hidden tool result, see {@link #hideToolResults(int, TokenCountEstimator)}. */
    String HIDDEN_TOOL_RESULT = "[tool result hidden]";

    /** The line that introduces the summary in a history compacted by {@link #summary}. */
    String SUMMARY_HEADER = "[Summary of the earlier work, written by the context policy]";

    /** The default system prompt of the summary call of {@link #summary}. */
    String DEFAULT_SUMMARY_PROMPT = """
            You compress the working history of an agent. Write a concise summary of the work so far: the facts \
            found, with exact numbers, names and sources; what was tried and failed; and what remains to do. \
            Keep every detail the agent needs to finish its task. Answer with the summary only.""";

    /**
     * @return the names of the models this policy calls itself (a summary's); under a cost budget each needs a price.
     *     None by default.
     */
    default List<String> modelNames() {
        return List.of();
    }

    /** @return the policy that keeps the whole history (the default) */
    static ContextPolicy keepAll() {
        return KeepAllContextPolicy.INSTANCE;
    }

    /**
     * Hide-Tool-Result: once the history exceeds {@code thresholdTokens}, every tool result older than the latest
     * round (the results that answer the latest assistant turn with tool calls) is replaced by a short placeholder;
     * the tool call and its id stay, so call/result pairing remains valid.
     *
     * @param thresholdTokens the history size, in estimated tokens, above which results are hidden; at least 1
     * @param estimator counts tokens
     * @return the policy
     * @throws IllegalArgumentException if the threshold is below 1
     */
    static ContextPolicy hideToolResults(int thresholdTokens, TokenCountEstimator estimator) {
        return new HideToolResultsContextPolicy(thresholdTokens, estimator);
    }

    /**
     * Hide-Tool-Result with the {@link ApproximateTokenCountEstimator}.
     *
     * @param thresholdTokens the threshold, at least 1
     * @return the policy
     */
    static ContextPolicy hideToolResults(int thresholdTokens) {
        return hideToolResults(thresholdTokens, ApproximateTokenCountEstimator.INSTANCE);
    }

    /**
     * Discard-all: once the history exceeds {@code thresholdTokens}, everything but the leading system messages and
     * the task (the first user message) is dropped, and the role starts over from its initial context.
     *
     * @param thresholdTokens the threshold in estimated tokens, at least 1
     * @param estimator counts tokens
     * @return the policy
     * @throws IllegalArgumentException if the threshold is below 1
     */
    static ContextPolicy discardAll(int thresholdTokens, TokenCountEstimator estimator) {
        return new DiscardAllContextPolicy(thresholdTokens, estimator);
    }

    /**
     * Discard-all with the {@link ApproximateTokenCountEstimator}.
     *
     * @param thresholdTokens the threshold, at least 1
     * @return the policy
     */
    static ContextPolicy discardAll(int thresholdTokens) {
        return discardAll(thresholdTokens, ApproximateTokenCountEstimator.INSTANCE);
    }

    /**
     * Summary: once the history exceeds {@code thresholdTokens}, one call to {@code model} summarises everything
     * after the task; the history becomes the system messages and one user message holding the task followed by the
     * summary. The summary call gets {@link #DEFAULT_SUMMARY_PROMPT} as its system message and a plain-text
     * transcript of the compressed turns as its user message, with no tools; its tokens count as the run's. A failed
     * call or an empty summary keeps the history as it was.
     *
     * @param thresholdTokens the threshold in estimated tokens, at least 1
     * @param estimator counts tokens
     * @param model the model that writes the summary
     * @return the policy
     * @throws IllegalArgumentException if the threshold is below 1
     */
    static ContextPolicy summary(int thresholdTokens, TokenCountEstimator estimator, SwarmModel model) {
        return summary(thresholdTokens, estimator, model, DEFAULT_SUMMARY_PROMPT);
    }

    /**
     * Summary with a system prompt of its own for the summary call; see
     * {@link #summary(int, TokenCountEstimator, SwarmModel)}.
     *
     * @param thresholdTokens the threshold in estimated tokens, at least 1
     * @param estimator counts tokens
     * @param model the model that writes the summary
     * @param prompt the system prompt of the summary call
     * @return the policy
     * @throws IllegalArgumentException if the threshold is below 1 or the prompt is blank
     */
    static ContextPolicy summary(int thresholdTokens, TokenCountEstimator estimator, SwarmModel model, String prompt) {
        return new SummaryContextPolicy(thresholdTokens, estimator, model, prompt);
    }
}

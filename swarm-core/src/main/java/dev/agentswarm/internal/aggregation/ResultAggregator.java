package dev.agentswarm.internal.aggregation;

import dev.agentswarm.report.TaskResult;
import dev.agentswarm.report.TaskStatus;
import java.util.function.ToIntFunction;

/**
 * What the orchestrator sees of a task: only its final message, bounded by a token budget and cut with a clear
 * marker; for a task that did not complete, its status and reason first. A completed task whose final message (the
 * text of its last turn) is empty is shown as a marker that says so, never as an empty result.
 */
public final class ResultAggregator {

    private final int tokenBudget;
    private final ToIntFunction<String> tokenEstimator;

    /**
     * @param tokenBudget the most tokens of a final message that reach the orchestrator, at least 1
     * @param tokenEstimator estimates the tokens of a text
     * @throws IllegalArgumentException if tokenBudget is below 1
     */
    public ResultAggregator(int tokenBudget, ToIntFunction<String> tokenEstimator) {
        if (tokenBudget < 1) {
            throw new IllegalArgumentException("resultTokenBudget must be >= 1, got " + tokenBudget);
        }
        this.tokenBudget = tokenBudget;
        this.tokenEstimator = tokenEstimator;
    }

    /**
     * Renders a task result as the text of its {@code assign_task} tool result.
     *
     * @param result the task's result
     * @return the bounded text
     */
    public String toToolResult(TaskResult result) {
        String message = bound(result.finalMessage());
        if (result.status() == TaskStatus.COMPLETED) {
            if (message.isBlank()) {
                return "[task " + result.taskId() + " of subagent '" + result.agent() + "' COMPLETED after "
                        + result.steps() + (result.steps() == 1 ? " step" : " steps") + " with an empty final message]";
            }
            return message;
        }
        StringBuilder sb = new StringBuilder()
                .append("[task ")
                .append(result.taskId())
                .append(" of subagent '")
                .append(result.agent())
                .append("' ")
                .append(result.status())
                .append(" after ")
                .append(result.steps())
                .append(result.steps() == 1 ? " step" : " steps")
                .append(": ")
                .append(result.reason())
                .append(']');
        if (!message.isBlank()) {
            sb.append("\nLast message before it stopped:\n").append(message);
        }
        return sb.toString();
    }

    /**
     * Cuts a text to the token budget.
     *
     * @param text the text
     * @return the text, or its head with a marker saying how much was cut
     */
    public String bound(String text) {
        int tokens = tokenEstimator.applyAsInt(text);
        if (tokens <= tokenBudget) {
            return text;
        }
        // Keep a share of the characters proportional to the budget, then re-check with the estimator.
        int keep = (int) Math.max(0, Math.floor((double) text.length() * tokenBudget / tokens));
        while (keep > 0 && tokenEstimator.applyAsInt(text.substring(0, keep)) > tokenBudget) {
            keep = keep * 9 / 10;
        }
        return text.substring(0, keep) + "\n[truncated: final message was ~" + tokens + " tokens; kept ~"
                + tokenEstimator.applyAsInt(text.substring(0, keep)) + " of a budget of " + tokenBudget + "]";
    }
}

package dev.agentswarm.policy;

import dev.agentswarm.report.TokenUsage;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Budgets over a whole run, enforced before dispatch: before every orchestrator turn and before a stage's tasks
 * start. Each budget is optional; {@link #UNLIMITED} has none.
 *
 * <p>When a budget runs out, no new work starts: no further orchestrator turn and no further task. Work in flight
 * then either finishes or is cancelled, as {@link #onExhausted()} says. The run ends with status
 * {@code BUDGET_EXHAUSTED}, a reason that names the budget ({@code maxTotalTokens}, {@code maxCost},
 * {@code maxCriticalSteps}, {@code maxWallTime} or {@code maxTasks}), and the partial answer.
 *
 * <p>{@code maxTasks} counts the tasks the run dispatches: exactly {@code maxTasks} are dispatched, the assignments
 * after them are refused with an error tool result that names the budget, and the run ends once the stage in flight
 * is done.
 *
 * <p>Tokens and cost are counted from the token usage the providers report, as each model call ends; a call in
 * flight when the budget runs out is therefore counted when it ends, and the run may exceed a token or cost budget
 * by what its calls in flight used. Critical steps are checked before each orchestrator turn (the turn would add one)
 * and before dispatch (a stage with tasks adds at least one more).
 *
 * @param maxTotalTokens the most input plus output tokens of every model, or null for no limit
 * @param maxCost the most the run may cost, from {@code prices}, or null for no limit
 * @param prices the price of each model by name; every model of the swarm needs one when {@code maxCost} is set
 * @param maxCriticalSteps the most critical steps, or null for no limit
 * @param maxWallTime the most wall time, or null for no limit; unlike a run timeout, it ends the run gracefully
 * @param maxTasks the most tasks the whole run may launch, or null for no limit
 * @param onExhausted what happens to work in flight when a budget runs out
 */
public record Budget(
        @Nullable Long maxTotalTokens,
        @Nullable Double maxCost,
        Map<String, ModelPrice> prices,
        @Nullable Integer maxCriticalSteps,
        @Nullable Duration maxWallTime,
        @Nullable Integer maxTasks,
        OnExhausted onExhausted) {

    /** No budget at all. */
    public static final Budget UNLIMITED =
            new Budget(null, null, Map.of(), null, null, null, OnExhausted.FINISH_IN_FLIGHT);

    /** What happens to work in flight when a budget runs out. */
    public enum OnExhausted {
        /** Tasks in flight run to their end (their further model calls included); nothing new starts. */
        FINISH_IN_FLIGHT,
        /** Tasks in flight are cancelled at once (their HTTP requests aborted) and end {@code CANCELLED}. */
        CANCEL_IN_FLIGHT
    }

    /**
     * Validates and copies the budget.
     *
     * @param maxTotalTokens the most input plus output tokens of every model, or null for no limit
     * @param maxCost the most the run may cost, from {@code prices}, or null for no limit
     * @param prices the price of each model by name; every model of the swarm needs one when {@code maxCost} is set
     * @param maxCriticalSteps the most critical steps, or null for no limit
     * @param maxWallTime the most wall time, or null for no limit; unlike a run timeout, it ends the run gracefully
     * @param maxTasks the most tasks the whole run may launch, at least 0, or null for no limit
     * @param onExhausted what happens to work in flight when a budget runs out
     * @throws IllegalArgumentException if a limit is out of range; the message names it
     */
    public Budget {
        Objects.requireNonNull(onExhausted, "onExhausted");
        prices = Map.copyOf(prices);
        if (maxTotalTokens != null && maxTotalTokens < 1) {
            throw new IllegalArgumentException("maxTotalTokens must be >= 1, got " + maxTotalTokens);
        }
        if (maxCost != null && !(maxCost > 0)) {
            throw new IllegalArgumentException("maxCost must be > 0, got " + maxCost);
        }
        if (maxCriticalSteps != null && maxCriticalSteps < 1) {
            throw new IllegalArgumentException("maxCriticalSteps must be >= 1, got " + maxCriticalSteps);
        }
        if (maxTasks != null && maxTasks < 0) {
            throw new IllegalArgumentException("maxTasks must be >= 0, got " + maxTasks);
        }
        if (maxWallTime != null && (maxWallTime.isNegative() || maxWallTime.isZero())) {
            throw new IllegalArgumentException("maxWallTime must be positive, got " + maxWallTime);
        }
    }

    /** @return a builder with no budget set */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Checks that a price is known for every model, when a cost budget is set.
     *
     * @param modelNames the names of the swarm's models
     * @throws IllegalStateException naming the first model without a price
     */
    public void requirePricesFor(Collection<String> modelNames) {
        if (maxCost == null) {
            return;
        }
        for (String name : modelNames) {
            if (!prices.containsKey(name)) {
                throw new IllegalStateException("budget maxCost is set but model '" + name + "' has no price; known "
                        + "prices: " + prices.keySet() + ". Add one with Budget.builder().price(\"" + name
                        + "\", inputPerMillion, outputPerMillion).");
            }
        }
    }

    /**
     * @param tokensByModel tokens used, per model name
     * @return what they cost; a model without a price costs nothing
     */
    public double cost(Map<String, TokenUsage> tokensByModel) {
        double sum = 0;
        for (Map.Entry<String, TokenUsage> e : tokensByModel.entrySet()) {
            ModelPrice p = prices.get(e.getKey());
            if (p != null) {
                sum += p.cost(e.getValue());
            }
        }
        return sum;
    }

    /** Builds a {@link Budget}; every budget starts unset. */
    public static final class Builder {
        private @Nullable Long maxTotalTokens;
        private @Nullable Double maxCost;
        private final Map<String, ModelPrice> prices = new LinkedHashMap<>();
        private @Nullable Integer maxCriticalSteps;
        private @Nullable Duration maxWallTime;
        private @Nullable Integer maxTasks;
        private OnExhausted onExhausted = OnExhausted.FINISH_IN_FLIGHT;

        private Builder() {}

        /**
         * @param tokens the most input plus output tokens of the run
         * @return this builder
         */
        public Builder maxTotalTokens(long tokens) {
            this.maxTotalTokens = tokens;
            return this;
        }

        /**
         * @param cost the most the run may cost; needs a {@link #price} for every model
         * @return this builder
         */
        public Builder maxCost(double cost) {
            this.maxCost = cost;
            return this;
        }

        /**
         * @param model the model's name
         * @param inputPerMillion the price of a million input tokens
         * @param outputPerMillion the price of a million output tokens
         * @return this builder
         */
        public Builder price(String model, double inputPerMillion, double outputPerMillion) {
            prices.put(Objects.requireNonNull(model, "model"), new ModelPrice(inputPerMillion, outputPerMillion));
            return this;
        }

        /**
         * @param steps the most critical steps of the run
         * @return this builder
         */
        public Builder maxCriticalSteps(int steps) {
            this.maxCriticalSteps = steps;
            return this;
        }

        /**
         * @param wallTime the most wall time of the run
         * @return this builder
         */
        public Builder maxWallTime(Duration wallTime) {
            this.maxWallTime = Objects.requireNonNull(wallTime, "wallTime");
            return this;
        }

        /**
         * @param tasks the most tasks the whole run may launch, at least 0
         * @return this builder
         */
        public Builder maxTasks(int tasks) {
            this.maxTasks = tasks;
            return this;
        }

        /**
         * @param policy what happens to work in flight when a budget runs out; default finish
         * @return this builder
         */
        public Builder onExhausted(OnExhausted policy) {
            this.onExhausted = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /**
         * @return the budget
         * @throws IllegalArgumentException if a limit is out of range
         */
        public Budget build() {
            return new Budget(maxTotalTokens, maxCost, prices, maxCriticalSteps, maxWallTime, maxTasks, onExhausted);
        }
    }
}

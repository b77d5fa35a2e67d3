package dev.agentswarm.spring.autoconfigure;

import dev.agentswarm.journal.FsyncPolicy;
import dev.agentswarm.policy.Budget.OnExhausted;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.context.properties.bind.Name;

/**
 * The {@code agent-swarm.*} properties. Immutable; every value is checked when the application starts, and an invalid
 * one stops it with a message that names the property and says what is allowed.
 *
 * @param enabled whether the auto-configuration runs at all
 * @param orchestratorModel the name of the LangChain4j {@code ChatModel} or {@code StreamingChatModel} bean the
 *     orchestrator uses; unset: the only (or the {@code @Primary}) chat model bean, a blocking one before a streaming
 *     one
 * @param subagentModel the name of the model bean the subagents use; unset: the orchestrator's model
 * @param orchestratorSystemPrompt the orchestrator's system prompt; unset: the built-in one
 * @param maxConcurrency the most tasks of one run that run at once
 * @param maxTasksInFlight the most tasks in flight at once across every run of the swarm; unset: no cap
 * @param resultTokenBudget the most tokens of one task's final message that return to the orchestrator
 * @param maxToolOutputChars the most characters of one tool result kept in a context
 * @param taskTimeout the limit of one task; unset: none
 * @param runTimeout the limit of one run; unset: none
 * @param failFast whether the first failed task cancels the rest of its stage
 * @param limits step and size limits
 * @param budget the budget of each run, and the prices it counts cost with
 * @param modelPolicy retries, timeouts and rate limits of model calls
 * @param context how contexts are kept small
 * @param journal where runs are journalled
 */
@ConfigurationProperties(AgentSwarmProperties.PREFIX)
public record AgentSwarmProperties(
        @DefaultValue("true") boolean enabled,
        @Nullable String orchestratorModel,
        @Nullable String subagentModel,
        @Nullable String orchestratorSystemPrompt,
        @DefaultValue("64") int maxConcurrency,
        @Nullable Integer maxTasksInFlight,
        @DefaultValue("4000") int resultTokenBudget,
        @DefaultValue("32000") int maxToolOutputChars,
        @Nullable Duration taskTimeout,
        @Nullable Duration runTimeout,
        @DefaultValue("false") boolean failFast,
        @DefaultValue Limits limits,
        @DefaultValue Budget budget,
        @DefaultValue ModelPolicies modelPolicy,
        @DefaultValue Context context,
        @DefaultValue Journal journal) {

    /** The prefix of every property. */
    public static final String PREFIX = "agent-swarm";

    /**
     * Checks every value.
     *
     * @param enabled see the type's description
     * @param orchestratorModel see the type's description
     * @param subagentModel see the type's description
     * @param orchestratorSystemPrompt see the type's description
     * @param maxConcurrency see the type's description
     * @param maxTasksInFlight see the type's description
     * @param resultTokenBudget see the type's description
     * @param maxToolOutputChars see the type's description
     * @param taskTimeout see the type's description
     * @param runTimeout see the type's description
     * @param failFast see the type's description
     * @param limits see the type's description
     * @param budget see the type's description
     * @param modelPolicy see the type's description
     * @param context see the type's description
     * @param journal see the type's description
     * @throws IllegalArgumentException naming the first property whose value is not allowed
     */
    public AgentSwarmProperties {
        Check.atLeast("max-concurrency", maxConcurrency, 1);
        if (maxTasksInFlight != null) {
            Check.atLeast("max-tasks-in-flight", maxTasksInFlight, 1);
        }
        Check.atLeast("result-token-budget", resultTokenBudget, 1);
        Check.atLeast("max-tool-output-chars", maxToolOutputChars, 1);
        Check.positive("task-timeout", taskTimeout);
        Check.positive("run-timeout", runTimeout);
        if (orchestratorModel != null && orchestratorModel.isBlank()) {
            throw Check.fail("orchestrator-model", "must name a model bean, or be left unset", "''");
        }
        if (subagentModel != null && subagentModel.isBlank()) {
            throw Check.fail("subagent-model", "must name a model bean, or be left unset", "''");
        }
        limits.check();
        budget.check();
        modelPolicy.check();
        context.orchestrator().check("context.orchestrator");
        context.subagent().check("context.subagent");
    }

    /**
     * Step and size limits ({@code dev.agentswarm.policy.Limits}).
     *
     * @param maxOrchestratorSteps the most orchestrator turns of one run
     * @param maxSubagentSteps the most turns of one task
     * @param maxSubagentDefinitions the most subagents one run defines
     * @param maxTasksPerStage the most tasks one orchestrator turn assigns
     */
    public record Limits(
            @DefaultValue("100") int maxOrchestratorSteps,
            @DefaultValue("100") int maxSubagentSteps,
            @DefaultValue("100") int maxSubagentDefinitions,
            @DefaultValue("256") int maxTasksPerStage) {

        void check() {
            Check.atLeast("limits.max-orchestrator-steps", maxOrchestratorSteps, 1);
            Check.atLeast("limits.max-subagent-steps", maxSubagentSteps, 1);
            Check.atLeast("limits.max-subagent-definitions", maxSubagentDefinitions, 1);
            Check.atLeast("limits.max-tasks-per-stage", maxTasksPerStage, 1);
        }
    }

    /**
     * The budget of each run; every limit is off when unset.
     *
     * @param maxTotalTokens the most tokens, input and output, of all models together
     * @param maxCost the most cost, counted with {@code prices}; needs a price for every model the run calls
     * @param maxCriticalSteps the most critical steps
     * @param maxWallTime the longest run
     * @param maxTasks the most tasks
     * @param onExhausted what happens to tasks in flight when the budget runs out
     * @param prices the price of each model, by model name (the model bean's name)
     */
    public record Budget(
            @Nullable Long maxTotalTokens,
            @Nullable Double maxCost,
            @Nullable Integer maxCriticalSteps,
            @Nullable Duration maxWallTime,
            @Nullable Integer maxTasks,
            @DefaultValue("FINISH_IN_FLIGHT") OnExhausted onExhausted,
            @DefaultValue Map<String, Price> prices) {

        void check() {
            if (maxTotalTokens != null) {
                Check.atLeast("budget.max-total-tokens", maxTotalTokens, 1);
            }
            if (maxCost != null && !(maxCost > 0 && Double.isFinite(maxCost))) {
                throw Check.fail("budget.max-cost", "must be a positive number", maxCost);
            }
            if (maxCriticalSteps != null) {
                Check.atLeast("budget.max-critical-steps", maxCriticalSteps, 1);
            }
            Check.positive("budget.max-wall-time", maxWallTime);
            if (maxTasks != null) {
                Check.atLeast("budget.max-tasks", maxTasks, 1);
            }
            prices.forEach((model, price) -> price.check("budget.prices." + model));
        }
    }

    /**
     * The price of one model, per million tokens.
     *
     * @param inputPerMillion the price of a million input tokens
     * @param outputPerMillion the price of a million output tokens
     */
    public record Price(
            @DefaultValue("0") double inputPerMillion,
            @DefaultValue("0") double outputPerMillion) {

        void check(String path) {
            if (!(inputPerMillion >= 0 && Double.isFinite(inputPerMillion))) {
                throw Check.fail(path + ".input-per-million", "must be a number >= 0", inputPerMillion);
            }
            if (!(outputPerMillion >= 0 && Double.isFinite(outputPerMillion))) {
                throw Check.fail(path + ".output-per-million", "must be a number >= 0", outputPerMillion);
            }
        }
    }

    /**
     * Model call policies: one for every model, and overrides by model name (the model bean's name). A setting left
     * unset in an override comes from the policy of every model.
     *
     * @param defaults the policy of every model ({@code agent-swarm.model-policy.default.*})
     * @param models overrides by model name ({@code agent-swarm.model-policy.models.<name>.*})
     */
    public record ModelPolicies(
            @DefaultValue @Name("default") ModelPolicy defaults,
            @DefaultValue Map<String, ModelPolicy> models) {

        void check() {
            defaults.check("model-policy.default");
            models.forEach((model, policy) -> policy.check("model-policy.models." + model));
        }
    }

    /**
     * How calls to a model are made resilient ({@code dev.agentswarm.resilience.ModelPolicy}); unset values keep the
     * default (4 attempts, backoff 1 s doubling up to 30 s, jitter 0.2, {@code Retry-After} up to 2 min, no call
     * timeout, no rate limit, no in-flight cap).
     *
     * @param maxAttempts the most attempts of one call, first included; 1 disables retries
     * @param initialBackoff the wait before the first retry
     * @param multiplier how much each wait grows, at least 1
     * @param maxBackoff the longest computed wait
     * @param jitter the spread of each wait, a fraction in [0, 1)
     * @param maxRetryAfter the longest {@code Retry-After} honoured
     * @param callTimeout the limit of one attempt
     * @param requestsPerMinute the most calls started in any minute; 0 for no limit
     * @param tokensPerMinute the most tokens in any minute; 0 for no limit
     * @param maxCallsInFlight the most calls to the model in flight at once across every run; 0 for no cap
     */
    public record ModelPolicy(
            @Nullable Integer maxAttempts,
            @Nullable Duration initialBackoff,
            @Nullable Double multiplier,
            @Nullable Duration maxBackoff,
            @Nullable Double jitter,
            @Nullable Duration maxRetryAfter,
            @Nullable Duration callTimeout,
            @Nullable Integer requestsPerMinute,
            @Nullable Long tokensPerMinute,
            @Nullable Integer maxCallsInFlight) {

        void check(String path) {
            if (maxAttempts != null) {
                Check.atLeast(path + ".max-attempts", maxAttempts, 1);
            }
            Check.notNegative(path + ".initial-backoff", initialBackoff);
            Check.notNegative(path + ".max-backoff", maxBackoff);
            Check.notNegative(path + ".max-retry-after", maxRetryAfter);
            Check.positive(path + ".call-timeout", callTimeout);
            if (multiplier != null && !(multiplier >= 1 && Double.isFinite(multiplier))) {
                throw Check.fail(path + ".multiplier", "must be a number >= 1", multiplier);
            }
            if (jitter != null && !(jitter >= 0 && jitter < 1)) {
                throw Check.fail(path + ".jitter", "must be a fraction in [0, 1)", jitter);
            }
            if (requestsPerMinute != null) {
                Check.atLeast(path + ".requests-per-minute", requestsPerMinute, 0);
            }
            if (tokensPerMinute != null) {
                Check.atLeast(path + ".tokens-per-minute", tokensPerMinute, 0);
            }
            if (maxCallsInFlight != null) {
                Check.atLeast(path + ".max-calls-in-flight", maxCallsInFlight, 0);
            }
        }
    }

    /**
     * The context policies of the orchestrator and of the subagents.
     *
     * @param orchestrator the orchestrator's
     * @param subagent every subagent's
     */
    public record Context(
            @DefaultValue ContextPolicy orchestrator,
            @DefaultValue ContextPolicy subagent) {}

    /**
     * One context policy.
     *
     * @param strategy what is dropped once the history passes the threshold
     * @param thresholdTokens the history size, in estimated tokens, past which the strategy applies; required by every
     *     strategy but {@code keep-all}
     */
    public record ContextPolicy(
            @DefaultValue("KEEP_ALL") ContextStrategy strategy,
            @Nullable Integer thresholdTokens) {

        void check(String path) {
            if (strategy == ContextStrategy.KEEP_ALL) {
                return;
            }
            if (thresholdTokens == null) {
                throw Check.fail(path + ".threshold-tokens", "must be set when the strategy is " + strategy, "unset");
            }
            Check.atLeast(path + ".threshold-tokens", thresholdTokens, 1);
        }
    }

    /** The context strategies that need no model of their own. */
    public enum ContextStrategy {
        /** The whole history is kept. */
        KEEP_ALL,
        /** Older tool results are replaced by a placeholder. */
        HIDE_TOOL_RESULTS,
        /** Older turns are discarded. */
        DISCARD_ALL
    }

    /**
     * Where runs are journalled.
     *
     * @param folder the folder that holds one journal file per run; unset: runs are not journalled
     * @param fsync when journal lines are forced to disk
     */
    public record Journal(
            @Nullable Path folder,
            @DefaultValue("ON_TASK_RESULT") FsyncPolicy fsync) {}
}

package dev.agentswarm.internal.run;

import dev.agentswarm.control.Controls;
import dev.agentswarm.event.SwarmEventListener;
import dev.agentswarm.model.SwarmModel;
import dev.agentswarm.policy.Budget;
import dev.agentswarm.policy.Limits;
import dev.agentswarm.policy.TaskDurationHint;
import dev.agentswarm.policy.TaskOrdering;
import dev.agentswarm.policy.context.ContextPolicy;
import dev.agentswarm.security.Redactor;
import dev.agentswarm.tool.ToolRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.function.ToIntFunction;
import org.jspecify.annotations.Nullable;
import reactor.core.scheduler.Scheduler;

/**
 * Everything a swarm is configured with, validated and assembled once from its builder, in coherent parts.
 *
 * @param agents who works: the models (already decorated), the orchestrator's prompt and the toolsets
 * @param limits the structural limits
 * @param caps the scalar caps: concurrency, result and tool output sizes, timeouts
 * @param rules what ends a run early: budgets and fail-fast
 * @param ordering the start order of a stage's tasks
 * @param contextPolicies the context policies of the orchestrator and of subagents
 * @param time the clock, the timer and the source of run ids
 * @param listeners listeners of every run
 * @param redactor what is redacted from every text the run records, emits, journals or logs
 * @param tokenEstimator estimates the tokens of a text
 * @param controls approval, guardrails and structured output
 */
public record SwarmSettings(
        Agents agents,
        Limits limits,
        Caps caps,
        Rules rules,
        Ordering ordering,
        ContextPolicies contextPolicies,
        Time time,
        List<SwarmEventListener> listeners,
        Redactor redactor,
        ToIntFunction<String> tokenEstimator,
        Controls controls) {

    /**
     * Checks for nulls and copies the list.
     *
     * @param agents who works
     * @param limits the structural limits
     * @param caps the scalar caps
     * @param rules budgets and fail-fast
     * @param ordering the start order of a stage's tasks
     * @param contextPolicies the context policies
     * @param time the clock, the timer and the run ids
     * @param listeners listeners of every run
     * @param redactor what is redacted
     * @param tokenEstimator estimates the tokens of a text
     * @param controls approval, guardrails and structured output
     */
    public SwarmSettings {
        Objects.requireNonNull(agents, "agents");
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(caps, "caps");
        Objects.requireNonNull(rules, "rules");
        Objects.requireNonNull(ordering, "ordering");
        Objects.requireNonNull(contextPolicies, "contextPolicies");
        Objects.requireNonNull(time, "time");
        listeners = List.copyOf(listeners);
        Objects.requireNonNull(redactor, "redactor");
        Objects.requireNonNull(tokenEstimator, "tokenEstimator");
        Objects.requireNonNull(controls, "controls");
    }

    /**
     * Who works in a swarm.
     *
     * @param orchestratorModel the orchestrator's model, decorated with resilience
     * @param subagentModel the model of subagents, decorated with resilience
     * @param orchestratorSystemPrompt the orchestrator's system prompt
     * @param orchestratorTools ordinary tools offered to the orchestrator next to the swarm tools
     * @param subagentTools the registry subagent toolsets are drawn from
     * @param defaultSubagentTools the toolset of a subagent created without {@code tools}
     */
    public record Agents(
            SwarmModel orchestratorModel,
            SwarmModel subagentModel,
            String orchestratorSystemPrompt,
            ToolRegistry orchestratorTools,
            ToolRegistry subagentTools,
            List<String> defaultSubagentTools) {

        /**
         * Checks for nulls and copies the list.
         *
         * @param orchestratorModel the orchestrator's model
         * @param subagentModel the model of subagents
         * @param orchestratorSystemPrompt the orchestrator's system prompt
         * @param orchestratorTools ordinary orchestrator tools
         * @param subagentTools the registry of subagent tools
         * @param defaultSubagentTools the default subagent toolset
         */
        public Agents {
            Objects.requireNonNull(orchestratorModel, "orchestratorModel");
            Objects.requireNonNull(subagentModel, "subagentModel");
            Objects.requireNonNull(orchestratorSystemPrompt, "orchestratorSystemPrompt");
            Objects.requireNonNull(orchestratorTools, "orchestratorTools");
            Objects.requireNonNull(subagentTools, "subagentTools");
            defaultSubagentTools = List.copyOf(defaultSubagentTools);
        }

        /** @return the models by name: orchestrator and subagent model */
        public Map<String, SwarmModel> models() {
            return orchestratorModel.name().equals(subagentModel.name())
                    ? Map.of(orchestratorModel.name(), orchestratorModel)
                    : Map.of(orchestratorModel.name(), orchestratorModel, subagentModel.name(), subagentModel);
        }
    }

    /**
     * The scalar caps of a swarm, next to the structural {@link Limits}.
     *
     * @param maxConcurrency the most tasks of a stage that run at once
     * @param resultTokenBudget the most tokens of a task's final message that reach the orchestrator
     * @param maxToolOutputChars the most characters of a tool result that reach a model
     * @param taskTimeout the wall-clock limit of one task, or null for none
     * @param runTimeout the wall-clock limit of the run, or null for none
     */
    public record Caps(
            int maxConcurrency,
            int resultTokenBudget,
            int maxToolOutputChars,
            @Nullable Duration taskTimeout,
            @Nullable Duration runTimeout) {}

    /**
     * What ends a run early.
     *
     * @param budget the run's budgets
     * @param failFast whether the first failed or timed-out task cancels its siblings and fails the run
     */
    public record Rules(Budget budget, boolean failFast) {

        /**
         * Checks for nulls.
         *
         * @param budget the run's budgets
         * @param failFast whether to fail fast
         */
        public Rules {
            Objects.requireNonNull(budget, "budget");
        }
    }

    /**
     * The start order of a stage's tasks when concurrency is the bottleneck.
     *
     * @param ordering the ordering
     * @param hint guesses task durations for the ordering, or null
     * @param history past task durations of each subagent, shared by the swarm's runs (mutable, thread-safe)
     */
    public record Ordering(TaskOrdering ordering, @Nullable TaskDurationHint hint, DurationHistory history) {

        /**
         * Checks for nulls.
         *
         * @param ordering the ordering
         * @param hint the guess, or null
         * @param history the past durations
         */
        public Ordering {
            Objects.requireNonNull(ordering, "ordering");
            Objects.requireNonNull(history, "history");
        }

        /**
         * @param agent a subagent's name
         * @param prompt its task's prompt
         * @return the task's expected duration: the hint's guess, else the subagent's past mean, else null
         */
        public @Nullable Duration expected(String agent, String prompt) {
            Duration d = hint == null ? null : hint.expected(agent, prompt);
            return d != null ? d : history.expected(agent);
        }
    }

    /**
     * The context policies of a swarm: one for the orchestrator, one for every subagent task.
     *
     * @param orchestrator applied to the orchestrator's history before each of its turns
     * @param subagent applied to each task's history before each of its turns
     */
    public record ContextPolicies(ContextPolicy orchestrator, ContextPolicy subagent) {

        /**
         * Checks for nulls.
         *
         * @param orchestrator the orchestrator's policy
         * @param subagent the subagents' policy
         */
        public ContextPolicies {
            Objects.requireNonNull(orchestrator, "orchestrator");
            Objects.requireNonNull(subagent, "subagent");
        }
    }

    /**
     * The time of a swarm's runs.
     *
     * @param clock the clock of timestamps and durations
     * @param timer the scheduler of timeouts and delays
     * @param runIds the source of run ids
     */
    public record Time(Clock clock, Scheduler timer, Supplier<String> runIds) {

        /**
         * Checks for nulls.
         *
         * @param clock the clock
         * @param timer the timer
         * @param runIds the run ids
         */
        public Time {
            Objects.requireNonNull(clock, "clock");
            Objects.requireNonNull(timer, "timer");
            Objects.requireNonNull(runIds, "runIds");
        }
    }
}

package dev.agentswarm.internal.run;

import dev.agentswarm.event.SwarmEventListener;
import dev.agentswarm.model.SwarmModel;
import dev.agentswarm.policy.Limits;
import dev.agentswarm.policy.context.ContextPolicies;
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
 * Everything a swarm is configured with, validated by {@code AgentSwarm.Builder}.
 *
 * @param orchestratorModel the orchestrator's model
 * @param subagentModel the model of subagents
 * @param orchestratorSystemPrompt the orchestrator's system prompt
 * @param orchestratorTools ordinary tools offered to the orchestrator next to the swarm tools
 * @param subagentTools the registry subagent toolsets are drawn from
 * @param defaultSubagentTools the toolset of a subagent created without {@code tools}
 * @param limits structural limits
 * @param maxConcurrency the most tasks of a stage that run at once
 * @param resultTokenBudget the most tokens of a task's final message that reach the orchestrator
 * @param maxToolOutputChars the most characters of a tool result that reach a model
 * @param taskTimeout the wall-clock limit of one task, or null for none
 * @param runTimeout the wall-clock limit of the run, or null for none
 * @param clock the clock of timestamps and durations
 * @param timer the scheduler of timeouts
 * @param runIds the source of run ids
 * @param tokenEstimator estimates the tokens of a text
 * @param listeners listeners of every run
 * @param contextPolicies the context policies of the orchestrator and of subagents
 * @param resilience budgets, fail-fast and task ordering
 * @param redactor what is redacted from every text the run records, emits, journals or logs
 */
public record SwarmSettings(
        SwarmModel orchestratorModel,
        SwarmModel subagentModel,
        String orchestratorSystemPrompt,
        ToolRegistry orchestratorTools,
        ToolRegistry subagentTools,
        List<String> defaultSubagentTools,
        Limits limits,
        int maxConcurrency,
        int resultTokenBudget,
        int maxToolOutputChars,
        @Nullable Duration taskTimeout,
        @Nullable Duration runTimeout,
        Clock clock,
        Scheduler timer,
        Supplier<String> runIds,
        ToIntFunction<String> tokenEstimator,
        List<SwarmEventListener> listeners,
        ContextPolicies contextPolicies,

        ResilienceSettings resilience,
        Redactor redactor) {

    /** Copies the lists.
     * @param orchestratorModel the orchestrator's model
     * @param subagentModel the model of subagents
     * @param orchestratorSystemPrompt the orchestrator's system prompt
     * @param orchestratorTools ordinary tools offered to the orchestrator next to the swarm tools
     * @param subagentTools the registry subagent toolsets are drawn from
     * @param defaultSubagentTools the toolset of a subagent created without {@code tools}
     * @param limits structural limits
     * @param maxConcurrency the most tasks of a stage that run at once
     * @param resultTokenBudget the most tokens of a task's final message that reach the orchestrator
     * @param maxToolOutputChars the most characters of a tool result that reach a model
     * @param taskTimeout the wall-clock limit of one task, or null for none
     * @param runTimeout the wall-clock limit of the run, or null for none
     * @param clock the clock of timestamps and durations
     * @param timer the scheduler of timeouts
     * @param runIds the source of run ids
     * @param tokenEstimator estimates the tokens of a text
     * @param listeners listeners of every run
     * @param contextPolicies the context policies of the orchestrator and of subagents
     * @param resilience budgets, fail-fast and task ordering
     * @param redactor what is redacted from every text the run records, emits, journals or logs */
    public SwarmSettings {
        Objects.requireNonNull(orchestratorModel, "orchestratorModel");
        Objects.requireNonNull(subagentModel, "subagentModel");
        defaultSubagentTools = List.copyOf(defaultSubagentTools);
        listeners = List.copyOf(listeners);
        Objects.requireNonNull(contextPolicies, "contextPolicies");
        Objects.requireNonNull(resilience, "resilience");
        Objects.requireNonNull(redactor, "redactor");
    }

    /** @return the models by name: orchestrator and subagent model */
    public Map<String, SwarmModel> models() {
        return orchestratorModel.name().equals(subagentModel.name())
                ? Map.of(orchestratorModel.name(), orchestratorModel)
                : Map.of(orchestratorModel.name(), orchestratorModel, subagentModel.name(), subagentModel);
    }
}

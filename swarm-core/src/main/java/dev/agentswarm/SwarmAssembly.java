package dev.agentswarm;

import dev.agentswarm.internal.bulkhead.FairBulkhead;
import dev.agentswarm.internal.resilience.ResilientModel;
import dev.agentswarm.internal.run.DurationHistory;
import dev.agentswarm.internal.run.RetryEvents;
import dev.agentswarm.internal.run.SwarmSettings;
import dev.agentswarm.model.BlockingSchedulers;
import dev.agentswarm.model.SwarmModel;
import dev.agentswarm.policy.context.ContextPolicy;
import dev.agentswarm.resilience.ModelPolicy;
import dev.agentswarm.tool.ToolRegistry;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Reads an {@link AgentSwarm.Builder} once into the {@link SwarmSettings} of a swarm: checks the whole, sizes the
 * blocking models' thread pools, wraps the models in their resilience decorators (sharing the rate limits of models
 * of the same name), and groups the rest into coherent parts. The builder is the configuration; this is the only
 * place that reads it.
 */
final class SwarmAssembly {

    private SwarmAssembly() {}

    /**
     * A swarm as assembled: its settings, its task bulkhead (null without {@code maxTasksInFlight}), and the models
     * whose thread pools it made and releases when it is closed.
     */
    record Assembled(SwarmSettings settings, @Nullable FairBulkhead tasks, List<SwarmModel> ownModels) {}

    static Assembled assemble(AgentSwarm.Builder b) {
        SwarmModel orchestratorModel = b.orchestratorModel;
        if (orchestratorModel == null) {
            throw new IllegalStateException("an orchestrator model is required: call orchestratorModel(...)");
        }
        ToolRegistry subagentRegistry = b.subagentTools.build();
        List<String> defaults = b.defaultSubagentTools == null
                ? List.copyOf(subagentRegistry.names())
                : subagentRegistry.expand(b.defaultSubagentTools);
        for (String name : defaults) {
            if (subagentRegistry.find(name).isEmpty()) {
                throw new IllegalStateException("default subagent tool '" + name + "' is not registered; registered: "
                        + subagentRegistry.names());
            }
        }
        Clock clock = b.clock != null ? b.clock : new SchedulerClock(b.timer);
        // A blocking model gets a thread pool sized to this swarm's concurrency (JDK 17; virtual threads on 21+).
        SwarmModel orchestrator = sizedForSwarm(b, orchestratorModel);
        SwarmModel subagents = b.subagentModel == null || b.subagentModel == orchestratorModel
                ? orchestrator
                : sizedForSwarm(b, b.subagentModel);
        // Every model the run calls needs a price under a cost budget, the models of summary policies included.
        List<String> modelNames = new ArrayList<>(List.of(orchestrator.name(), subagents.name()));
        for (ContextPolicy p : List.of(b.orchestratorContextPolicy, b.subagentContextPolicy)) {
            modelNames.addAll(p.modelNames());
        }
        b.budget.requirePricesFor(modelNames);
        ResilientModel resilientOrchestrator =
                ResilientModel.wrap(orchestrator, policyOf(b, orchestrator.name()), b.timer, RetryEvents.LISTENER);
        SwarmModel resilientSubagents = subagents == orchestrator
                ? resilientOrchestrator
                : subagents.name().equals(orchestrator.name())
                        ? resilientOrchestrator.sharingLimitsWith(subagents)
                        : ResilientModel.wrap(subagents, policyOf(b, subagents.name()), b.timer, RetryEvents.LISTENER);
        SwarmSettings settings = new SwarmSettings(
                new SwarmSettings.Agents(
                        resilientOrchestrator,
                        resilientSubagents,
                        b.orchestratorSystemPrompt,
                        b.orchestratorTools.build(),
                        subagentRegistry,
                        defaults),
                b.limits,
                new SwarmSettings.Caps(
                        b.maxConcurrency, b.resultTokenBudget, b.maxToolOutputChars, b.taskTimeout, b.runTimeout),
                new SwarmSettings.Rules(b.budget, b.failFast),
                new SwarmSettings.Ordering(
                        b.taskOrdering, b.taskDurationHint, new DurationHistory(DurationHistory.DEFAULT_CAPACITY)),
                new SwarmSettings.ContextPolicies(b.orchestratorContextPolicy, b.subagentContextPolicy),
                new SwarmSettings.Time(clock, b.timer, b.runIds),
                b.listeners,
                b.redactor,
                b.tokenEstimator,
                b.controls);
        FairBulkhead tasks = b.maxTasksInFlight == null ? null : new FairBulkhead("tasks", b.maxTasksInFlight, b.timer);
        List<SwarmModel> own = new ArrayList<>();
        own.add(orchestrator);
        if (subagents != orchestrator) {
            own.add(subagents);
        }
        return new Assembled(settings, tasks, own);
    }

    /**
     * The calls a swarm makes to a model at once: its tasks' and the orchestrator's, twice if hedged; no more than its
     * in-flight cap, nor than its task bulkhead lets through (plus the orchestrators' calls).
     */
    private static SwarmModel sizedForSwarm(AgentSwarm.Builder b, SwarmModel model) {
        ModelPolicy policy = policyOf(b, model.name());
        long calls = (b.maxConcurrency + 1L) * (policy.hedging() ? 2 : 1);
        if (policy.maxCallsInFlight() > 0) {
            calls = Math.min(calls, policy.maxCallsInFlight());
        }
        return BlockingSchedulers.sizedForSwarm(model, (int) Math.min(calls, Integer.MAX_VALUE));
    }

    private static ModelPolicy policyOf(AgentSwarm.Builder b, String modelName) {
        return b.modelPolicies.getOrDefault(modelName, b.defaultModelPolicy);
    }
}

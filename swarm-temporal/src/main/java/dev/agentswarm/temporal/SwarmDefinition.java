package dev.agentswarm.temporal;

import dev.agentswarm.AgentSwarm;
import dev.agentswarm.model.SwarmModel;
import dev.agentswarm.tool.AgentTool;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A swarm as the workers of a Temporal task queue know it, under a name. The models and tools are the real ones:
 * activities call them. Every other option is set on an ordinary {@link AgentSwarm.Builder} in {@link #configure},
 * so a swarm on Temporal has the same options, and the same semantics, as in process.
 *
 * <p>{@link #configure} runs inside workflow code, on every replay: it must be deterministic and must not set the
 * models, tools, clock, timer, run ids or listeners (the workflow sets those; listen on the client with
 * {@link TemporalSwarmRun#events()}). Context policies that call a model (the summary policy) are not supported on
 * Temporal: their calls would run in workflow code.
 */
public interface SwarmDefinition {

    /** @return the orchestrator's model, called in activities */
    SwarmModel orchestratorModel();

    /** @return the subagents' model, called in activities, or null for the orchestrator's */
    default @Nullable SwarmModel subagentModel() {
        return null;
    }

    /** @return the tools subagents draw their toolsets from, executed in activities */
    default List<AgentTool> tools() {
        return List.of();
    }

    /** @return the ordinary tools of the orchestrator, executed in activities */
    default List<AgentTool> orchestratorTools() {
        return List.of();
    }

    /**
     * Sets every other option: limits, budgets, concurrency, timeouts, ordering, model policies, secrets.
     *
     * @param builder a fresh builder
     */
    default void configure(AgentSwarm.Builder builder) {}
}

package dev.agentswarm.policy.context;

import java.util.Objects;

/**
 * The context policies of a swarm: one for the orchestrator, one for every subagent task.
 *
 * @param orchestrator applied to the orchestrator's history before each of its turns
 * @param subagent applied to each task's history before each of its turns
 */
public record ContextPolicies(ContextPolicy orchestrator, ContextPolicy subagent) {

    /** Keep-all for both roles: the default. */
    public static final ContextPolicies KEEP_ALL = new ContextPolicies(ContextPolicy.keepAll(), ContextPolicy.keepAll());

    /** Validates the policies.
     * @param orchestrator applied to the orchestrator's history before each of its turns
     * @param subagent applied to each task's history before each of its turns */
    public ContextPolicies {
        Objects.requireNonNull(orchestrator, "orchestrator");
        Objects.requireNonNull(subagent, "subagent");
    }
}

package dev.agentswarm.spring.autoconfigure;

import dev.agentswarm.AgentSwarm;

/**
 * Changes the auto-configured swarm's builder before it is built, after the {@code agent-swarm.*} properties are
 * applied: register tools, listeners, secrets or anything the properties do not cover. Every bean of this type is
 * applied, in {@link org.springframework.core.annotation.Order} order.
 */
@FunctionalInterface
public interface AgentSwarmBuilderCustomizer {

    /**
     * Changes the builder.
     *
     * @param builder the builder, with the properties applied
     */
    void customize(AgentSwarm.Builder builder);
}

/**
 * Spring Boot auto-configuration of an {@link dev.agentswarm.AgentSwarm} bean from the application's LangChain4j
 * models, set with {@code agent-swarm.*} properties ({@link dev.agentswarm.spring.autoconfigure.AgentSwarmProperties}).
 */
@NullMarked
package dev.agentswarm.spring.autoconfigure;

import org.jspecify.annotations.NullMarked;

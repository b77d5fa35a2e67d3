package dev.agentswarm.spring.autoconfigure;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a bean whose LangChain4j {@code @Tool} methods become subagent tools of the auto-configured swarm, as
 * {@code AgentSwarm.Builder.tools(Object...)} takes them. Beans without the mark are not used, even if they have
 * {@code @Tool} methods (so that an application's tools for other AI services do not leak into the swarm).
 * {@code agent-swarm.tool-beans.enabled=false} ignores every mark.
 *
 * <pre>{@code
 * @Component
 * @SwarmTool
 * class Search {
 *     @Tool("Searches the web")
 *     String search(String query) { ... }
 * }
 * }</pre>
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface SwarmTool {}

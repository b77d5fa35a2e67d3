package dev.agentswarm.spring.web;

import dev.agentswarm.spring.autoconfigure.AgentSwarmProperties;
import dev.agentswarm.spring.runs.SwarmRuns;
import dev.agentswarm.spring.runs.SwarmRunsAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * The run endpoints ({@link SwarmRunsController}) in a reactive (WebFlux) web application with a {@link SwarmRuns}
 * registry. Backs off in other applications, without WebFlux on the classpath, with
 * {@code agent-swarm.web.enabled=false}, or when the application defines its own controller bean. Security is off by
 * default: the endpoints must never be public without authentication, from the application's Spring Security rules
 * or, without Spring Security, from {@code agent-swarm.web.security.enabled=true} and its token.
 */
@AutoConfiguration(after = SwarmRunsAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
@ConditionalOnClass(name = "org.springframework.web.reactive.DispatcherHandler")
@ConditionalOnProperty(prefix = AgentSwarmProperties.PREFIX + ".web", name = "enabled", matchIfMissing = true)
@ConditionalOnBean(SwarmRuns.class)
public class SwarmWebAutoConfiguration {

    /** Creates the auto-configuration; Spring calls it. */
    public SwarmWebAutoConfiguration() {}

    /**
     * The starter's token check, when {@code agent-swarm.web.security.enabled=true} and the application has no Spring
     * Security: with Spring Security on the classpath it backs off, and the application's
     * {@code SecurityWebFilterChain} rules apply to the endpoints.
     *
     * @param environment where the token is read
     * @return the filter
     */
    @Bean
    @ConditionalOnProperty(prefix = AgentSwarmProperties.PREFIX + ".web.security", name = "enabled")
    @ConditionalOnMissingClass("org.springframework.security.web.server.SecurityWebFilterChain")
    public SwarmTokenWebFilter swarmTokenWebFilter(Environment environment) {
        String property = AgentSwarmProperties.PREFIX + ".web.security.token";
        String token = environment.getProperty(property);
        if (token == null || token.isBlank()) {
            throw new IllegalStateException(
                    property + " must be set when " + AgentSwarmProperties.PREFIX + ".web.security.enabled=true");
        }
        if (token.length() < 16) {
            throw new IllegalStateException(property + " must be at least 16 characters, got " + token.length());
        }
        return new SwarmTokenWebFilter(token);
    }

    /**
     * The endpoints.
     *
     * @param runs the registry of runs
     * @return the controller
     */
    @Bean
    @ConditionalOnMissingBean
    public SwarmRunsController swarmRunsController(SwarmRuns runs) {
        return new SwarmRunsController(runs);
    }
}

package dev.agentswarm.spring.actuate;

import dev.agentswarm.spring.autoconfigure.AgentSwarmProperties;
import dev.agentswarm.spring.runs.SwarmRuns;
import dev.agentswarm.spring.runs.SwarmRunsAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;

/**
 * The {@code swarm} Actuator endpoint, when Actuator is on the classpath and there is a {@link SwarmRuns} registry.
 * Exposed over HTTP or JMX as the application's {@code management.endpoints.*} properties say (Actuator exposes no
 * endpoint but {@code health} over HTTP by default). Backs off with {@code agent-swarm.actuator.enabled=false}.
 */
@AutoConfiguration(after = SwarmRunsAutoConfiguration.class)
@ConditionalOnClass(name = "org.springframework.boot.actuate.endpoint.annotation.Endpoint")
@ConditionalOnProperty(prefix = AgentSwarmProperties.PREFIX + ".actuator", name = "enabled", matchIfMissing = true)
@ConditionalOnBean(SwarmRuns.class)
public class SwarmEndpointAutoConfiguration {

    /** Creates the auto-configuration; Spring calls it. */
    public SwarmEndpointAutoConfiguration() {}

    /**
     * The endpoint.
     *
     * @param runs the registry of runs
     * @return the endpoint
     */
    @Bean
    @ConditionalOnMissingBean
    public SwarmEndpoint swarmEndpoint(SwarmRuns runs) {
        return new SwarmEndpoint(runs);
    }
}

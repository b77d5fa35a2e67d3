package dev.agentswarm.spring.runs;

import dev.agentswarm.AgentSwarm;
import dev.agentswarm.spring.autoconfigure.AgentSwarmAutoConfiguration;
import dev.agentswarm.spring.autoconfigure.AgentSwarmProperties;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * A {@link SwarmRuns} registry over the application's {@link AgentSwarm} bean, used by the web endpoints and the
 * Actuator endpoint, and open to the application. Backs off without a swarm bean or when the application defines its
 * own registry.
 */
@AutoConfiguration(after = AgentSwarmAutoConfiguration.class)
@ConditionalOnBean({AgentSwarm.class, AgentSwarmProperties.class})
@EnableConfigurationProperties(SwarmRunsProperties.class)
public class SwarmRunsAutoConfiguration {

    /** Creates the auto-configuration; Spring calls it. */
    public SwarmRunsAutoConfiguration() {}

    /**
     * The registry. Runs are journaled to {@code agent-swarm.journal.folder} when it is set (created if missing).
     *
     * @param swarm the swarm
     * @param swarmProperties the {@code agent-swarm.*} properties, for the journal
     * @param properties the {@code agent-swarm.runs.*} properties
     * @return the registry
     */
    @Bean
    @ConditionalOnMissingBean
    public SwarmRuns swarmRuns(AgentSwarm swarm, AgentSwarmProperties swarmProperties, SwarmRunsProperties properties) {
        Path folder = swarmProperties.journal().folder();
        if (folder != null) {
            try {
                Files.createDirectories(folder);
            } catch (IOException e) {
                throw new UncheckedIOException(
                        AgentSwarmProperties.PREFIX + ".journal.folder " + folder + " cannot be created: "
                                + e.getMessage(),
                        e);
            }
        }
        return new SwarmRuns(
                swarm,
                folder,
                swarmProperties.journal().fsync(),
                properties.retainedRuns(),
                properties.retention(),
                properties.maxTaskChars(),
                properties.maxTotalTokens(),
                Clock.systemUTC());
    }
}

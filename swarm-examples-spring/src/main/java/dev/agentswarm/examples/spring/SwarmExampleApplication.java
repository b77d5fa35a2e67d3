package dev.agentswarm.examples.spring;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;

/**
 * The example application. The starter does the rest: an {@code AgentSwarm} from the model bean (simulated by
 * default, see {@link SimulatedProvider}), the subagent tool {@link CityAtlas}, and the run endpoints under
 * {@code /swarm/runs}; the page is {@code static/index.html}.
 */
@SpringBootApplication
@EnableConfigurationProperties(ExampleProperties.class)
public class SwarmExampleApplication {

    /** Created by Spring. */
    public SwarmExampleApplication() {}

    /**
     * Starts the application (on http://127.0.0.1:8080 unless {@code server.port} says otherwise).
     *
     * @param args Spring Boot's command-line arguments, e.g. {@code --server.port=9090}
     */
    public static void main(String[] args) {
        SpringApplication.run(SwarmExampleApplication.class, args);
    }
}

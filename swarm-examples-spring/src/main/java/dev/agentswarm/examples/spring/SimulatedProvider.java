package dev.agentswarm.examples.spring;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import reactor.core.scheduler.Schedulers;

/**
 * The default model: {@link SimulatedCityModel}, offline. Active unless {@code swarm-example.provider} names another
 * provider.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(
        prefix = ExampleProperties.PREFIX,
        name = "provider",
        havingValue = "simulated",
        matchIfMissing = true)
public class SimulatedProvider {

    /** Created by Spring. */
    public SimulatedProvider() {}

    /**
     * The simulated model, named {@value SimulatedCityModel#NAME}: the bean's name is the model's name in the swarm.
     *
     * @param properties the latency scale
     * @return the model
     */
    @Bean(SimulatedCityModel.NAME)
    public SimulatedCityModel simulatedCityModel(ExampleProperties properties) {
        return new SimulatedCityModel(properties.simulated().latencyScale(), Schedulers.parallel());
    }
}

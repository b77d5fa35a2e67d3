package dev.agentswarm.spring.observability;

import dev.agentswarm.observability.SwarmTelemetry;
import dev.agentswarm.spring.autoconfigure.AgentSwarmAutoConfiguration;
import dev.agentswarm.spring.autoconfigure.AgentSwarmBuilderCustomizer;
import dev.agentswarm.spring.autoconfigure.AgentSwarmProperties;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import io.opentelemetry.api.OpenTelemetry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.AnyNestedCondition;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;

/**
 * Measures and traces the auto-configured swarm's runs with swarm-observability when it is on the classpath and the
 * application has a Micrometer {@code MeterRegistry}, a Micrometer {@code ObservationRegistry} or an
 * {@code OpenTelemetry} bean: a {@link SwarmTelemetry} over those beans, and its listener added to the swarm. Backs off
 * with {@code agent-swarm.observability.enabled=false}, or when the application defines its own
 * {@code SwarmTelemetry}.
 */
@AutoConfiguration(
        before = AgentSwarmAutoConfiguration.class,
        afterName = {
            "org.springframework.boot.actuate.autoconfigure.metrics.CompositeMeterRegistryAutoConfiguration",
            "org.springframework.boot.actuate.autoconfigure.observation.ObservationAutoConfiguration",
            "org.springframework.boot.actuate.autoconfigure.opentelemetry.OpenTelemetryAutoConfiguration"
        })
@ConditionalOnClass(SwarmTelemetry.class)
@ConditionalOnProperty(prefix = AgentSwarmProperties.PREFIX, name = "enabled", matchIfMissing = true)
@ConditionalOnProperty(prefix = AgentSwarmProperties.PREFIX + ".observability", name = "enabled", matchIfMissing = true)
public class SwarmObservabilityAutoConfiguration {

    /** Creates the auto-configuration; Spring calls it. */
    public SwarmObservabilityAutoConfiguration() {}

    /**
     * The telemetry over the application's registries; closed with the context, which flushes what is queued.
     *
     * @param meters the meter registry, if any
     * @param observations the observation registry, if any
     * @param openTelemetry the OpenTelemetry, if any
     * @return the telemetry
     */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    @Conditional(OnTelemetryBackend.class)
    public SwarmTelemetry swarmTelemetry(
            ObjectProvider<MeterRegistry> meters,
            ObjectProvider<ObservationRegistry> observations,
            ObjectProvider<OpenTelemetry> openTelemetry) {
        SwarmTelemetry.Builder builder = SwarmTelemetry.builder();
        meters.ifUnique(builder::meterRegistry);
        observations.ifUnique(builder::observationRegistry);
        openTelemetry.ifUnique(builder::openTelemetry);
        return builder.build();
    }

    /**
     * Adds the telemetry's listener to the swarm.
     *
     * @param telemetry the telemetry
     * @return the customizer
     */
    @Bean
    @ConditionalOnBean(SwarmTelemetry.class)
    public AgentSwarmBuilderCustomizer swarmTelemetryCustomizer(SwarmTelemetry telemetry) {
        return builder -> builder.listener(telemetry.listener());
    }

    /** Matches when there is a meter registry, an observation registry or an OpenTelemetry bean. */
    static final class OnTelemetryBackend extends AnyNestedCondition {

        OnTelemetryBackend() {
            super(ConfigurationPhase.REGISTER_BEAN);
        }

        @ConditionalOnBean(MeterRegistry.class)
        static final class HasMeterRegistry {}

        @ConditionalOnBean(ObservationRegistry.class)
        static final class HasObservationRegistry {}

        @ConditionalOnBean(OpenTelemetry.class)
        static final class HasOpenTelemetry {}
    }
}

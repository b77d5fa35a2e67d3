package dev.agentswarm.spring.autoconfigure;

import static dev.agentswarm.test.Replies.text;
import static org.assertj.core.api.Assertions.assertThat;

import dev.agentswarm.AgentSwarm;
import dev.agentswarm.observability.SwarmTelemetry;
import dev.agentswarm.spring.observability.SwarmObservabilityAutoConfiguration;
import dev.agentswarm.test.ScriptedModel;
import dev.langchain4j.model.chat.ChatModel;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** Every branch of {@link SwarmObservabilityAutoConfiguration}. */
class SwarmObservabilityAutoConfigurationTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(
                    AutoConfigurations.of(SwarmObservabilityAutoConfiguration.class, AgentSwarmAutoConfiguration.class))
            .withBean(
                    "gpt",
                    ChatModel.class,
                    () -> AgentSwarmAutoConfigurationTest.blocking(ScriptedModel.builder()
                            .orchestrator(r -> text("answer"))
                            .build()));

    @Test
    void aMeterRegistryBeanMeasuresTheSwarmsRunsWithNoCode() {
        runner.withBean(MeterRegistry.class, SimpleMeterRegistry::new).run(context -> {
            assertThat(context).hasSingleBean(SwarmTelemetry.class);
            assertThat(context.getBean(AgentSwarm.class).run("hello").isCompleted())
                    .isTrue();
            assertThat(context.getBean(SwarmTelemetry.class).flush(Duration.ofSeconds(10)))
                    .isTrue();
            Counter runs =
                    context.getBean(MeterRegistry.class).find("swarm.runs").counter();
            assertThat(runs).isNotNull();
            assertThat(runs.count()).isEqualTo(1.0);
        });
    }

    @Test
    void withoutARegistryThereIsNoTelemetry() {
        runner.run(context -> assertThat(context)
                .hasNotFailed()
                .hasSingleBean(AgentSwarm.class)
                .doesNotHaveBean(SwarmTelemetry.class));
    }

    @Test
    void thePropertyTurnsItOff() {
        runner.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
                .withPropertyValues("agent-swarm.observability.enabled=false")
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(SwarmTelemetry.class));
    }

    @Test
    void withoutSwarmObservabilityOnTheClassPathNothingIsWired() {
        runner.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
                .withClassLoader(new FilteredClassLoader(SwarmTelemetry.class))
                .run(context -> assertThat(context)
                        .hasNotFailed()
                        .hasSingleBean(AgentSwarm.class)
                        .doesNotHaveBean(SwarmTelemetry.class));
    }
}

package dev.agentswarm.examples.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentswarm.AgentSwarm;
import dev.agentswarm.spring.autoconfigure.AgentSwarmAutoConfiguration;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.openai.OpenAiChatModel;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/** Which model the swarm gets for each {@code swarm-example.provider}, and the errors of bad settings. */
class ProvidersTest {

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(ExampleProperties.class)
    @Import({SimulatedProvider.class, OpenAiProvider.class, CityAtlas.class})
    static class Providers {}

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(AgentSwarmAutoConfiguration.class))
            .withUserConfiguration(Providers.class);

    @Test
    void simulatedByDefault() {
        runner.run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context).hasSingleBean(SimulatedCityModel.class).doesNotHaveBean(ChatModel.class);
            assertThat(context.getBeanNamesForType(SimulatedCityModel.class)).containsExactly(SimulatedCityModel.NAME);
            assertThat(context).hasSingleBean(AgentSwarm.class);
        });
    }

    @Test
    void openAiWithTheKeyFromTheEnvironmentWhichIsASecretOfTheSwarm() {
        String key = "sk-example-0123456789abcdefghij";
        runner.withPropertyValues("swarm-example.provider=openai", "OPENAI_API_KEY=" + key)
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context).doesNotHaveBean(SimulatedCityModel.class);
                    assertThat(context.getBean("openAiChatModel")).isInstanceOf(OpenAiChatModel.class);
                    AgentSwarm swarm = context.getBean(AgentSwarm.class);
                    assertThat(swarm.redactor().redact("the key is " + key + "."))
                            .doesNotContain(key)
                            .contains("[REDACTED]");
                });
    }

    @Test
    void openAiWithoutAKeyStopsTheApplicationSayingWhichVariable() {
        runner.withPropertyValues("swarm-example.provider=openai").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure())
                    .rootCause()
                    .hasMessageContaining("swarm-example.provider=openai")
                    .hasMessageContaining("OPENAI_API_KEY");
        });
    }

    @Test
    void noneLeavesTheModelToTheApplication() {
        runner.withPropertyValues("swarm-example.provider=none").run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context).doesNotHaveBean(SimulatedCityModel.class).doesNotHaveBean(ChatModel.class);
            assertThat(context).doesNotHaveBean(AgentSwarm.class);
        });
    }

    @Test
    void aLatencyScaleThatIsNotPositiveStopsTheApplicationNamingTheProperty() {
        runner.withPropertyValues("swarm-example.simulated.latency-scale=0").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure())
                    .rootCause()
                    .hasMessageContaining("swarm-example.simulated.latency-scale must be finite and > 0, got 0.0");
        });
    }

    @Test
    void aBlankOpenAiModelStopsTheApplicationNamingTheProperty() {
        runner.withPropertyValues("swarm-example.openai.model= ").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure())
                    .rootCause()
                    .hasMessageContaining("swarm-example.openai.model must not be blank");
        });
    }
}

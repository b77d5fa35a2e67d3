package dev.agentswarm.examples.spring;

import dev.agentswarm.resilience.RetryAfterHttpClient;
import dev.agentswarm.spring.autoconfigure.AgentSwarmBuilderCustomizer;
import dev.langchain4j.http.client.jdk.JdkHttpClient;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.openai.OpenAiChatModel;
import java.net.http.HttpClient;
import java.time.Duration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * A real model instead of the simulated one: {@code swarm-example.provider=openai} with the key in the environment
 * variable {@code OPENAI_API_KEY} (never in a properties file). The client's own retries are off, so that the swarm's
 * model policy retries once and honours {@code Retry-After}, and the key is registered as a secret of the swarm, so
 * that no event, result or log line can carry it.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(prefix = ExampleProperties.PREFIX, name = "provider", havingValue = "openai")
public class OpenAiProvider {

    /** The environment variable that holds the key. */
    static final String KEY_VARIABLE = "OPENAI_API_KEY";

    /** Created by Spring. */
    public OpenAiProvider() {}

    /**
     * The OpenAI model; the swarm names it after the bean, {@code openAiChatModel}.
     *
     * @param properties the model's name and endpoint
     * @param environment where {@code OPENAI_API_KEY} is read
     * @return the model
     * @throws IllegalStateException if {@code OPENAI_API_KEY} is not set
     */
    @Bean
    public ChatModel openAiChatModel(ExampleProperties properties, Environment environment) {
        return OpenAiChatModel.builder()
                .apiKey(key(environment))
                .modelName(properties.openai().model())
                .baseUrl(properties.openai().baseUrl())
                .timeout(Duration.ofMinutes(2))
                .maxRetries(0)
                .httpClientBuilder(
                        JdkHttpClient.builder().httpClientBuilder(RetryAfterHttpClient.wrap(HttpClient.newBuilder())))
                .build();
    }

    /**
     * Registers the key as a secret of the swarm.
     *
     * @param environment where {@code OPENAI_API_KEY} is read
     * @return the customizer
     */
    @Bean
    public AgentSwarmBuilderCustomizer openAiKeyIsSecret(Environment environment) {
        String key = key(environment);
        return builder -> builder.secret(key);
    }

    private static String key(Environment environment) {
        String key = environment.getProperty(KEY_VARIABLE);
        if (key == null || key.isBlank()) {
            throw new IllegalStateException(ExampleProperties.PREFIX + ".provider=openai needs the OpenAI key in the "
                    + "environment variable " + KEY_VARIABLE);
        }
        return key.strip();
    }
}

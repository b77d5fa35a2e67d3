package dev.agentswarm.examples.spring;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The example's own properties, {@code swarm-example.*}: which model the swarm runs on. The swarm itself is set with
 * the starter's {@code agent-swarm.*} properties.
 *
 * @param provider {@code simulated} (default: offline, no real model), {@code openai} (needs
 *     {@code OPENAI_API_KEY}), or {@code none} (the application brings its own LangChain4j model bean, e.g. from a
 *     LangChain4j Spring Boot starter)
 * @param simulated the simulated provider's settings
 * @param openai the OpenAI model's settings
 */
@ConfigurationProperties(ExampleProperties.PREFIX)
public record ExampleProperties(
        @DefaultValue("simulated") Provider provider,
        @DefaultValue Simulated simulated,
        @DefaultValue OpenAi openai) {

    /** The properties' prefix. */
    public static final String PREFIX = "swarm-example";

    /** Where the swarm's model comes from. */
    public enum Provider {
        /** The simulated provider: offline, no real model is called. */
        SIMULATED,
        /** OpenAI's chat API, with the key from {@code OPENAI_API_KEY}. */
        OPENAI,
        /** A LangChain4j model bean of the application's own. */
        NONE
    }

    /**
     * The simulated provider.
     *
     * @param latencyScale every simulated latency (0.7 to 1.8 s a model call) is multiplied by this; finite and
     *     &gt; 0
     */
    public record Simulated(@DefaultValue("1.0") double latencyScale) {

        /**
         * Validates.
         *
         * @param latencyScale the latency factor
         * @throws IllegalArgumentException naming the property, if it is not finite and &gt; 0
         */
        public Simulated {
            if (!(latencyScale > 0) || Double.isInfinite(latencyScale)) {
                throw new IllegalArgumentException(
                        PREFIX + ".simulated.latency-scale must be finite and > 0, got " + latencyScale);
            }
        }
    }

    /**
     * The OpenAI model.
     *
     * @param model the model's name
     * @param baseUrl another OpenAI-compatible endpoint (vLLM, Ollama...), or null for OpenAI's
     */
    public record OpenAi(
            @DefaultValue("gpt-4o-mini") String model,
            @Nullable String baseUrl) {

        /**
         * Validates.
         *
         * @param model the model's name
         * @param baseUrl the endpoint, or null
         * @throws IllegalArgumentException naming the property, if the model is blank
         */
        public OpenAi {
            if (model.isBlank()) {
                throw new IllegalArgumentException(PREFIX + ".openai.model must not be blank");
            }
        }
    }
}

package dev.agentswarm.spring.autoconfigure;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The {@code agent-swarm.spring-ai.*} properties: whether a Spring AI {@code ChatModel} bean is wrapped as the swarm's
 * model when the application has no LangChain4j model bean, and which one.
 *
 * @param enabled {@code false} never wraps a Spring AI model
 * @param chatModel the name of the Spring AI {@code ChatModel} bean to wrap; unset: the only (or the
 *     {@code @Primary}) one
 */
@ConfigurationProperties(SpringAiProperties.PREFIX)
public record SpringAiProperties(
        @DefaultValue("true") boolean enabled, @Nullable String chatModel) {

    /** The prefix of these properties. */
    public static final String PREFIX = AgentSwarmProperties.PREFIX + ".spring-ai";

    /**
     * Checks the values.
     *
     * @param enabled see the type's description
     * @param chatModel see the type's description
     */
    public SpringAiProperties {
        if (chatModel != null && chatModel.isBlank()) {
            throw Check.fail("spring-ai.chat-model", "must name a Spring AI ChatModel bean, or be left unset", "''");
        }
    }
}

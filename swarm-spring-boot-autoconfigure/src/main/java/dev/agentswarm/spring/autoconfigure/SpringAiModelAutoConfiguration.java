package dev.agentswarm.spring.autoconfigure;

import dev.agentswarm.spring.ai.SpringAiChatModel;
import java.util.Arrays;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * Wraps the application's Spring AI {@code ChatModel} bean in a {@link SpringAiChatModel}, a LangChain4j
 * {@code ChatModel} that {@link AgentSwarmAutoConfiguration} then uses, when the application has no LangChain4j model
 * bean of its own. Backs off when Spring AI is not on the classpath, when there is no Spring AI {@code ChatModel} bean,
 * when there is a LangChain4j {@code ChatModel} or {@code StreamingChatModel} bean, or when
 * {@code agent-swarm.spring-ai.enabled=false} (or {@code agent-swarm.enabled=false}).
 */
@AutoConfiguration(
        before = AgentSwarmAutoConfiguration.class,
        afterName = {
            "org.springframework.ai.model.openai.autoconfigure.OpenAiChatAutoConfiguration",
            "org.springframework.ai.model.anthropic.autoconfigure.AnthropicChatAutoConfiguration",
            "org.springframework.ai.model.ollama.autoconfigure.OllamaChatAutoConfiguration",
            "org.springframework.ai.model.azure.openai.autoconfigure.AzureOpenAiChatAutoConfiguration",
            "org.springframework.ai.model.mistralai.autoconfigure.MistralAiChatAutoConfiguration",
            "org.springframework.ai.model.bedrock.converse.autoconfigure.BedrockConverseProxyChatAutoConfiguration",
            "org.springframework.ai.model.vertexai.autoconfigure.gemini.VertexAiGeminiChatAutoConfiguration",
            "dev.langchain4j.openai.spring.AutoConfig",
            "dev.langchain4j.anthropic.spring.AutoConfig",
            "dev.langchain4j.ollama.spring.AutoConfig"
        })
@ConditionalOnClass(name = "org.springframework.ai.chat.model.ChatModel")
@ConditionalOnProperty(prefix = AgentSwarmProperties.PREFIX, name = "enabled", matchIfMissing = true)
@ConditionalOnProperty(prefix = SpringAiProperties.PREFIX, name = "enabled", matchIfMissing = true)
@EnableConfigurationProperties(SpringAiProperties.class)
public class SpringAiModelAutoConfiguration {

    /** Creates the auto-configuration; Spring calls it. */
    public SpringAiModelAutoConfiguration() {}

    /**
     * The Spring AI model as a LangChain4j one. Its bean name, {@code springAiChatModel}, is the model's name in
     * prices, budgets and model policies.
     *
     * @param properties the {@code agent-swarm.spring-ai.*} properties
     * @param beanFactory where the Spring AI model is looked up
     * @return the adapter
     */
    @Bean
    @ConditionalOnBean(type = "org.springframework.ai.chat.model.ChatModel")
    @ConditionalOnMissingBean({
        dev.langchain4j.model.chat.ChatModel.class,
        dev.langchain4j.model.chat.StreamingChatModel.class
    })
    public SpringAiChatModel springAiChatModel(
            SpringAiProperties properties, ConfigurableListableBeanFactory beanFactory) {
        return new SpringAiChatModel(springAi(properties, beanFactory));
    }

    private static org.springframework.ai.chat.model.ChatModel springAi(
            SpringAiProperties properties, ConfigurableListableBeanFactory beans) {
        Class<org.springframework.ai.chat.model.ChatModel> type = org.springframework.ai.chat.model.ChatModel.class;
        String named = properties.chatModel();
        String[] names = beans.getBeanNamesForType(type);
        if (named != null) {
            if (!Arrays.asList(names).contains(named)) {
                throw new IllegalStateException(SpringAiProperties.PREFIX + ".chat-model names the bean '" + named
                        + "', but there is no Spring AI ChatModel bean of that name; they are "
                        + Arrays.toString(names));
            }
            return beans.getBean(named, type);
        }
        String chosen = ModelBeans.onlyOrPrimary(beans, names);
        if (chosen != null) {
            return beans.getBean(chosen, type);
        }
        throw new IllegalStateException("there are several Spring AI ChatModel beans " + Arrays.toString(names)
                + ": set " + SpringAiProperties.PREFIX + ".chat-model to the name of the one to use, or mark one"
                + " @Primary");
    }
}

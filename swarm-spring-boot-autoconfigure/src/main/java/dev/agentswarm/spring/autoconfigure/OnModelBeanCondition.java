package dev.agentswarm.spring.autoconfigure;

import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.StreamingChatModel;
import org.springframework.boot.autoconfigure.condition.AnyNestedCondition;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;

/** Matches when the context holds a LangChain4j {@link ChatModel} or {@link StreamingChatModel} bean. */
class OnModelBeanCondition extends AnyNestedCondition {

    OnModelBeanCondition() {
        super(ConfigurationPhase.REGISTER_BEAN);
    }

    @ConditionalOnBean(ChatModel.class)
    static class HasChatModel {}

    @ConditionalOnBean(StreamingChatModel.class)
    static class HasStreamingChatModel {}
}

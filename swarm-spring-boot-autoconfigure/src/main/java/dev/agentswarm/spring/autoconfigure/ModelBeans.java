package dev.agentswarm.spring.autoconfigure;

import dev.agentswarm.model.SwarmModel;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.StreamingChatModel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;

/** Finds the model beans a swarm uses; each failure names the property that chooses the bean. */
final class ModelBeans {

    private final ConfigurableListableBeanFactory beans;

    ModelBeans(ConfigurableListableBeanFactory beans) {
        this.beans = beans;
    }

    /**
     * The bean a property names, as a model named after the bean.
     *
     * @param property the property's name under the prefix, for messages
     * @param beanName the bean's name
     */
    SwarmModel named(String property, String beanName) {
        if (!beans.containsBean(beanName)) {
            throw new IllegalStateException(AgentSwarmProperties.PREFIX + "." + property + " names the bean '"
                    + beanName + "', but there is no such bean; the model beans are " + modelBeanNames());
        }
        Object bean = beans.getBean(beanName);
        if (bean instanceof ChatModel chat) {
            return SwarmModel.of(beanName, chat);
        }
        if (bean instanceof StreamingChatModel streaming) {
            return SwarmModel.of(beanName, streaming);
        }
        throw new IllegalStateException(AgentSwarmProperties.PREFIX + "." + property + " names the bean '" + beanName
                + "', a " + bean.getClass().getName()
                + ", which is not a LangChain4j ChatModel or StreamingChatModel; the model beans are "
                + modelBeanNames());
    }

    /**
     * The only (or the primary) blocking model bean, else the only (or the primary) streaming one.
     *
     * @param property the property that chooses a bean when there are several, for messages
     */
    SwarmModel single(String property) {
        String chat = single(ChatModel.class, property);
        if (chat != null) {
            return SwarmModel.of(chat, beans.getBean(chat, ChatModel.class));
        }
        String streaming = single(StreamingChatModel.class, property);
        if (streaming != null) {
            return SwarmModel.of(streaming, beans.getBean(streaming, StreamingChatModel.class));
        }
        throw new IllegalStateException("no LangChain4j ChatModel or StreamingChatModel bean: define one, or set "
                + AgentSwarmProperties.PREFIX + ".enabled=false");
    }

    private @Nullable String single(Class<?> type, String property) {
        String[] names = beans.getBeanNamesForType(type);
        if (names.length == 0) {
            return null;
        }
        String chosen = onlyOrPrimary(beans, names);
        if (chosen != null) {
            return chosen;
        }
        throw new IllegalStateException("there are several " + type.getSimpleName() + " beans "
                + Arrays.toString(names) + ": set " + AgentSwarmProperties.PREFIX + "." + property
                + " to the name of the one to use, or mark one @Primary");
    }

    private List<String> modelBeanNames() {
        List<String> names = new ArrayList<>(Arrays.asList(beans.getBeanNamesForType(ChatModel.class)));
        names.addAll(Arrays.asList(beans.getBeanNamesForType(StreamingChatModel.class)));
        return names;
    }

    /**
     * @param beans the bean factory
     * @param names the names of the beans of one type, at least one
     * @return the only one, or the only one marked {@code @Primary}; null when that does not decide
     */
    static @Nullable String onlyOrPrimary(ConfigurableListableBeanFactory beans, String[] names) {
        if (names.length == 1) {
            return names[0];
        }
        List<String> primary = new ArrayList<>();
        for (String name : names) {
            if (beans.containsBeanDefinition(name)
                    && beans.getBeanDefinition(name).isPrimary()) {
                primary.add(name);
            }
        }
        return primary.size() == 1 ? primary.get(0) : null;
    }
}

package dev.agentswarm.spring.autoconfigure;

import static dev.agentswarm.test.Replies.text;
import static org.assertj.core.api.Assertions.assertThat;

import dev.agentswarm.AgentSwarm;
import dev.agentswarm.report.SwarmResult;
import dev.agentswarm.spring.ai.SpringAiChatModel;
import dev.agentswarm.test.ScriptedModel;
import dev.langchain4j.model.chat.ChatModel;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.model.Generation;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** Every branch of {@link SpringAiModelAutoConfiguration}, with the swarm's auto-configuration after it. */
class SpringAiModelAutoConfigurationTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(
                    AutoConfigurations.of(SpringAiModelAutoConfiguration.class, AgentSwarmAutoConfiguration.class));

    /** A Spring AI model that answers every prompt with one text, and counts its calls. */
    static final class Answering implements org.springframework.ai.chat.model.ChatModel {
        final String answer;
        final AtomicInteger calls = new AtomicInteger();

        Answering(String answer) {
            this.answer = answer;
        }

        @Override
        public org.springframework.ai.chat.model.ChatResponse call(Prompt prompt) {
            calls.incrementAndGet();
            return new org.springframework.ai.chat.model.ChatResponse(
                    List.of(new Generation(new AssistantMessage(answer))));
        }
    }

    @Test
    void aSpringAiModelAloneIsWrappedAndRunsTheSwarm() {
        Answering springAi = new Answering("answered through Spring AI");
        runner.withBean("openAiChatModel", org.springframework.ai.chat.model.ChatModel.class, () -> springAi)
                .run(context -> {
                    assertThat(context).hasNotFailed().hasSingleBean(SpringAiChatModel.class);
                    AgentSwarm swarm = context.getBean(AgentSwarm.class);
                    assertThat(swarm.orchestratorModelName()).isEqualTo("springAiChatModel");
                    SwarmResult result = swarm.run("say something");
                    assertThat(result.isCompleted()).isTrue();
                    assertThat(result.answer()).isEqualTo("answered through Spring AI");
                    assertThat(springAi.calls).hasValue(1);
                });
    }

    @Test
    void aLangChain4jModelWinsAndTheSpringAiModelIsNotWrapped() {
        Answering springAi = new Answering("not me");
        ScriptedModel scripted =
                ScriptedModel.builder().orchestrator(text("from LangChain4j")).build();
        runner.withBean("openAiChatModel", org.springframework.ai.chat.model.ChatModel.class, () -> springAi)
                .withBean("gpt", ChatModel.class, () -> AgentSwarmAutoConfigurationTest.blocking(scripted))
                .run(context -> {
                    assertThat(context).hasNotFailed().doesNotHaveBean(SpringAiChatModel.class);
                    AgentSwarm swarm = context.getBean(AgentSwarm.class);
                    assertThat(swarm.orchestratorModelName()).isEqualTo("gpt");
                    assertThat(swarm.run("say something").answer()).isEqualTo("from LangChain4j");
                    assertThat(springAi.calls).hasValue(0);
                });
    }

    @Test
    void thePropertyTurnsTheAdapterOff() {
        runner.withBean("openAiChatModel", org.springframework.ai.chat.model.ChatModel.class, () -> new Answering("x"))
                .withPropertyValues("agent-swarm.spring-ai.enabled=false")
                .run(context -> assertThat(context)
                        .hasNotFailed()
                        .doesNotHaveBean(SpringAiChatModel.class)
                        .doesNotHaveBean(AgentSwarm.class));
    }

    @Test
    void turningTheSwarmOffTurnsTheAdapterOffToo() {
        runner.withBean("openAiChatModel", org.springframework.ai.chat.model.ChatModel.class, () -> new Answering("x"))
                .withPropertyValues("agent-swarm.enabled=false")
                .run(context -> assertThat(context)
                        .hasNotFailed()
                        .doesNotHaveBean(SpringAiChatModel.class)
                        .doesNotHaveBean(SpringAiProperties.class));
    }

    @Test
    void withoutSpringAiOnTheClassPathNothingIsWrapped() {
        runner.withClassLoader(new FilteredClassLoader(org.springframework.ai.chat.model.ChatModel.class))
                .run(context -> assertThat(context)
                        .hasNotFailed()
                        .doesNotHaveBean(SpringAiChatModel.class)
                        .doesNotHaveBean(SpringAiProperties.class)
                        .doesNotHaveBean(AgentSwarm.class));
    }

    @Test
    void withoutASpringAiModelBeanNothingIsWrapped() {
        runner.run(context -> assertThat(context)
                .hasNotFailed()
                .doesNotHaveBean(SpringAiChatModel.class)
                .doesNotHaveBean(AgentSwarm.class));
    }

    @Test
    void severalSpringAiModelsNeedANameAndTheFailureSaysWhichProperty() {
        runner.withBean("first", org.springframework.ai.chat.model.ChatModel.class, () -> new Answering("1"))
                .withBean("second", org.springframework.ai.chat.model.ChatModel.class, () -> new Answering("2"))
                .run(context -> assertThat(context)
                        .hasFailed()
                        .getFailure()
                        .rootCause()
                        .hasMessageContaining("agent-swarm.spring-ai.chat-model")
                        .hasMessageContaining("first")
                        .hasMessageContaining("second"));
    }

    @Test
    void theNamedSpringAiModelIsTheOneWrapped() {
        runner.withBean("first", org.springframework.ai.chat.model.ChatModel.class, () -> new Answering("1"))
                .withBean("second", org.springframework.ai.chat.model.ChatModel.class, () -> new Answering("2"))
                .withPropertyValues("agent-swarm.spring-ai.chat-model=second")
                .run(context -> assertThat(
                                context.getBean(AgentSwarm.class).run("which").answer())
                        .isEqualTo("2"));
    }

    @Test
    void aNameThatIsNoSpringAiModelFailsNamingTheProperty() {
        runner.withBean("first", org.springframework.ai.chat.model.ChatModel.class, () -> new Answering("1"))
                .withPropertyValues("agent-swarm.spring-ai.chat-model=nope")
                .run(context -> assertThat(context)
                        .hasFailed()
                        .getFailure()
                        .rootCause()
                        .hasMessageContaining("agent-swarm.spring-ai.chat-model names the bean 'nope'")
                        .hasMessageContaining("first"));
    }

    @Test
    void aBlankNameFailsAtStartupNamingTheProperty() {
        runner.withBean("first", org.springframework.ai.chat.model.ChatModel.class, () -> new Answering("1"))
                .withPropertyValues("agent-swarm.spring-ai.chat-model= ")
                .run(context -> assertThat(context)
                        .hasFailed()
                        .getFailure()
                        .rootCause()
                        .hasMessageContaining("agent-swarm.spring-ai.chat-model"));
    }
}

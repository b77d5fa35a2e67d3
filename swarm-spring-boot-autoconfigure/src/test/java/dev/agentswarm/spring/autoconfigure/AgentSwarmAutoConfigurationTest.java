package dev.agentswarm.spring.autoconfigure;

import static dev.agentswarm.test.Replies.assignTask;
import static dev.agentswarm.test.Replies.calls;
import static dev.agentswarm.test.Replies.createSubagent;
import static dev.agentswarm.test.Replies.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentswarm.AgentSwarm;
import dev.agentswarm.event.SwarmEvent;
import dev.agentswarm.model.SwarmModel;
import dev.agentswarm.report.SwarmResult;
import dev.agentswarm.test.ScriptedModel;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.condition.ConditionEvaluationReport;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;

class AgentSwarmAutoConfigurationTest {

    private final ApplicationContextRunner runner =
            new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(AgentSwarmAutoConfiguration.class));

    @Test
    void withoutAModelBeanThereIsNoSwarmAndTheConditionReportSaysWhy() {
        runner.run(context -> {
            assertThat(context).hasNotFailed().doesNotHaveBean(AgentSwarm.class);
            StringBuilder report = new StringBuilder();
            ConditionEvaluationReport.get(context.getBeanFactory())
                    .getConditionAndOutcomesBySource()
                    .get(AgentSwarmAutoConfiguration.class.getName() + "#agentSwarm")
                    .forEach(c -> report.append(c.getOutcome().getMessage()).append('\n'));
            assertThat(report)
                    .contains("did not find any beans of type dev.langchain4j.model.chat.ChatModel")
                    .contains("did not find any beans of type dev.langchain4j.model.chat.StreamingChatModel");
        });
    }

    @Test
    void aChatModelBeanDrivesBothRolesUnderItsBeanName() {
        runner.withBean(
                        "gpt",
                        ChatModel.class,
                        () -> blocking(ScriptedModel.builder().build()))
                .run(context -> {
                    assertThat(context).hasSingleBean(AgentSwarm.class);
                    AgentSwarm swarm = context.getBean(AgentSwarm.class);
                    assertThat(swarm.orchestratorModelName()).isEqualTo("gpt");
                    assertThat(swarm.subagentModelName()).isEqualTo("gpt");
                });
    }

    @Test
    void aStreamingChatModelBeanIsEnoughAndRuns() {
        ScriptedModel scripted =
                ScriptedModel.builder().orchestrator(text("streamed answer")).build();
        runner.withBean("streamer", StreamingChatModel.class, () -> streaming(scripted))
                .run(context -> {
                    AgentSwarm swarm = context.getBean(AgentSwarm.class);
                    assertThat(swarm.orchestratorModelName()).isEqualTo("streamer");
                    SwarmResult result = swarm.run("say something");
                    assertThat(result.isCompleted()).isTrue();
                    assertThat(result.answer()).isEqualTo("streamed answer");
                });
    }

    @Test
    void aBlockingModelIsPreferredOverAStreamingOneWhenNoneIsNamed() {
        runner.withBean(
                        "streamer",
                        StreamingChatModel.class,
                        () -> streaming(ScriptedModel.builder().build()))
                .withBean(
                        "blocking",
                        ChatModel.class,
                        () -> blocking(ScriptedModel.builder().build()))
                .run(context -> assertThat(context.getBean(AgentSwarm.class).orchestratorModelName())
                        .isEqualTo("blocking"));
    }

    @Test
    void orchestratorAndSubagentModelsAreChosenByBeanNameAndEachServesItsRole() {
        ScriptedModel planner = ScriptedModel.builder()
                .orchestrator(
                        calls(createSubagent("researcher", "You research."), assignTask("researcher", "find x")),
                        text("x is 42"))
                .build();
        ScriptedModel worker = ScriptedModel.builder()
                .subagentSystemPrompt("You research.", "researcher")
                .subagent("researcher", text("42"))
                .build();
        runner.withBean("planner", ChatModel.class, () -> blocking(planner))
                .withBean("worker", StreamingChatModel.class, () -> streaming(worker))
                .withBean(
                        "unused",
                        ChatModel.class,
                        () -> blocking(ScriptedModel.builder().build()))
                .withPropertyValues("agent-swarm.orchestrator-model=planner", "agent-swarm.subagent-model=worker")
                .run(context -> {
                    AgentSwarm swarm = context.getBean(AgentSwarm.class);
                    assertThat(swarm.orchestratorModelName()).isEqualTo("planner");
                    assertThat(swarm.subagentModelName()).isEqualTo("worker");
                    SwarmResult result = swarm.run("what is x?");
                    assertThat(result.isCompleted()).isTrue();
                    assertThat(result.answer()).isEqualTo("x is 42");
                    assertThat(planner.requests()).hasSize(2);
                    assertThat(planner.requests("researcher")).isEmpty();
                    assertThat(worker.requests("researcher")).hasSize(1);
                });
    }

    @Test
    void severalModelsWithoutANameFailNamingThePropertyToSet() {
        runner.withBean(
                        "a",
                        ChatModel.class,
                        () -> blocking(ScriptedModel.builder().build()))
                .withBean(
                        "b",
                        ChatModel.class,
                        () -> blocking(ScriptedModel.builder().build()))
                .run(context -> assertThat(context)
                        .getFailure()
                        .rootCause()
                        .hasMessageContaining("several ChatModel beans [a, b]")
                        .hasMessageContaining("agent-swarm.orchestrator-model"));
    }

    @Test
    void thePrimaryModelWinsAmongSeveral() {
        runner.withUserConfiguration(TwoModelsOnePrimary.class)
                .run(context -> assertThat(context.getBean(AgentSwarm.class).orchestratorModelName())
                        .isEqualTo("second"));
    }

    @Test
    void aNamedBeanThatDoesNotExistOrIsNoModelFailsNamingTheProperty() {
        ApplicationContextRunner withModel = runner.withBean(
                "gpt", ChatModel.class, () -> blocking(ScriptedModel.builder().build()));
        withModel
                .withPropertyValues("agent-swarm.subagent-model=missing")
                .run(context -> assertThat(context)
                        .getFailure()
                        .rootCause()
                        .hasMessageContaining(
                                "agent-swarm.subagent-model names the bean 'missing', but there is no such bean")
                        .hasMessageContaining("[gpt]"));
        withModel
                .withBean("notAModel", String.class, () -> "hello")
                .withPropertyValues("agent-swarm.orchestrator-model=notAModel")
                .run(context -> assertThat(context)
                        .getFailure()
                        .rootCause()
                        .hasMessageContaining("agent-swarm.orchestrator-model names the bean 'notAModel'")
                        .hasMessageContaining("not a LangChain4j ChatModel or StreamingChatModel"));
    }

    @Test
    void disabledMeansNoSwarmAndNoProperties() {
        runner.withBean(
                        "gpt",
                        ChatModel.class,
                        () -> blocking(ScriptedModel.builder().build()))
                .withPropertyValues("agent-swarm.enabled=false", "agent-swarm.max-concurrency=0")
                .run(context -> assertThat(context)
                        .hasNotFailed()
                        .doesNotHaveBean(AgentSwarm.class)
                        .doesNotHaveBean(AgentSwarmProperties.class));
    }

    @Test
    void theApplicationsOwnSwarmWins() {
        AgentSwarm own = AgentSwarm.builder()
                .orchestratorModel(SwarmModel.of("own", r -> reactor.core.publisher.Mono.empty()))
                .build();
        runner.withBean(
                        "gpt",
                        ChatModel.class,
                        () -> blocking(ScriptedModel.builder().build()))
                .withBean("mySwarm", AgentSwarm.class, () -> own)
                .run(context -> assertThat(context).getBean(AgentSwarm.class).isSameAs(own));
    }

    @Test
    void propertiesAndCustomizersShapeTheSwarm() {
        // The orchestrator never answers; a limit of two orchestrator steps must end the run.
        AtomicInteger turn = new AtomicInteger();
        ScriptedModel.Builder script = ScriptedModel.builder();
        for (int i = 0; i < 3; i++) {
            script.orchestrator(r -> calls(createSubagent("a" + turn.incrementAndGet(), "You help.")));
        }
        ScriptedModel endless = script.build();
        List<SwarmEvent> events = new CopyOnWriteArrayList<>();
        runner.withBean("gpt", ChatModel.class, () -> blocking(endless))
                .withBean(AgentSwarmBuilderCustomizer.class, () -> b -> b.listener(events::add))
                .withPropertyValues(
                        "agent-swarm.limits.max-orchestrator-steps=2",
                        "agent-swarm.model-policy.default.max-attempts=1",
                        "agent-swarm.model-policy.models.gpt.call-timeout=30s",
                        "agent-swarm.context.orchestrator.strategy=hide-tool-results",
                        "agent-swarm.context.orchestrator.threshold-tokens=1000",
                        "agent-swarm.budget.max-cost=5",
                        "agent-swarm.budget.prices.gpt.input-per-million=1",
                        "agent-swarm.budget.prices.gpt.output-per-million=2")
                .run(context -> {
                    AgentSwarmProperties properties = context.getBean(AgentSwarmProperties.class);
                    assertThat(properties.modelPolicy().models().get("gpt").callTimeout())
                            .hasSeconds(30);
                    SwarmResult result = context.getBean(AgentSwarm.class).run("never ends");
                    assertThat(result.isCompleted()).isFalse();
                    assertThat(endless.requests(ScriptedModel.ORCHESTRATOR)).hasSize(2);
                    assertThat(events).isNotEmpty();
                });
    }

    @Test
    void theSwarmIsClosedWithTheContext() {
        AgentSwarm[] swarm = new AgentSwarm[1];
        runner.withBean(
                        "gpt",
                        ChatModel.class,
                        () -> blocking(ScriptedModel.builder().build()))
                .run(context -> swarm[0] = context.getBean(AgentSwarm.class));
        assertThatThrownBy(() -> swarm[0].run("after shutdown")).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void maxTasksInFlightCapsTasksAcrossTheSwarm() {
        ScriptedModel model = ScriptedModel.builder()
                .orchestrator(
                        calls(
                                createSubagent("w", "You work."),
                                assignTask("w", "one"),
                                assignTask("w", "two"),
                                assignTask("w", "three")),
                        text("done"))
                .subagent("w", text("ok"))
                .latency(Duration.ofMillis(50))
                .build();
        runner.withBean("gpt", ChatModel.class, () -> blocking(model))
                .withPropertyValues("agent-swarm.max-tasks-in-flight=1")
                .run(context -> {
                    SwarmResult result = context.getBean(AgentSwarm.class).run("three tasks");
                    assertThat(result.isCompleted()).isTrue();
                    assertThat(model.requests("w")).hasSize(3);
                    assertThat(model.maxConcurrentCalls()).isEqualTo(1);
                });
    }

    @Test
    void aCostBudgetWithoutAPriceForTheModelFailsAtStartup() {
        runner.withBean(
                        "gpt",
                        ChatModel.class,
                        () -> blocking(ScriptedModel.builder().build()))
                .withPropertyValues("agent-swarm.budget.max-cost=5")
                .run(context ->
                        assertThat(context).hasFailed().getFailure().rootCause().hasMessageContaining("gpt"));
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "agent-swarm.max-concurrency=0|agent-swarm.max-concurrency must be at least 1, got 0",
                "agent-swarm.max-tasks-in-flight=0|agent-swarm.max-tasks-in-flight must be at least 1, got 0",
                "agent-swarm.model-policy.models.gpt.max-calls-in-flight=-1|"
                        + "agent-swarm.model-policy.models.gpt.max-calls-in-flight must be at least 0",
                "agent-swarm.result-token-budget=-5|agent-swarm.result-token-budget must be at least 1",
                "agent-swarm.task-timeout=0s|agent-swarm.task-timeout must be a positive duration",
                "agent-swarm.run-timeout=-1s|agent-swarm.run-timeout must be a positive duration",
                "agent-swarm.orchestrator-model= |agent-swarm.orchestrator-model must name a model bean",
                "agent-swarm.limits.max-subagent-steps=0|agent-swarm.limits.max-subagent-steps must be at least 1",
                "agent-swarm.budget.max-cost=-1|agent-swarm.budget.max-cost must be a positive number",
                "agent-swarm.budget.max-tasks=0|agent-swarm.budget.max-tasks must be at least 1",
                "agent-swarm.budget.prices.gpt.input-per-million=-1|"
                        + "agent-swarm.budget.prices.gpt.input-per-million must be a number >= 0",
                "agent-swarm.model-policy.default.jitter=1.5|agent-swarm.model-policy.default.jitter must be a fraction",
                "agent-swarm.model-policy.default.multiplier=0.5|agent-swarm.model-policy.default.multiplier must be",
                "agent-swarm.model-policy.models.gpt.max-attempts=0|"
                        + "agent-swarm.model-policy.models.gpt.max-attempts must be at least 1",
                "agent-swarm.model-policy.models.gpt.requests-per-minute=-1|"
                        + "agent-swarm.model-policy.models.gpt.requests-per-minute must be at least 0",
                "agent-swarm.model-policy.default.call-timeout=0s|"
                        + "agent-swarm.model-policy.default.call-timeout must be a positive duration",
                "agent-swarm.context.subagent.strategy=discard-all|"
                        + "agent-swarm.context.subagent.threshold-tokens must be set when the strategy is DISCARD_ALL",
                "agent-swarm.context.orchestrator.strategy=hide-tool-results;"
                        + "agent-swarm.context.orchestrator.threshold-tokens=0|"
                        + "agent-swarm.context.orchestrator.threshold-tokens must be at least 1, got 0",
                "agent-swarm.max-concurrency=many|agent-swarm.max-concurrency",
                "agent-swarm.budget.on-exhausted=sometimes|agent-swarm.budget.on-exhausted",
            })
    void anInvalidValueStopsStartupWithAMessageNamingTheProperty(String property, String message) {
        runner.withBean(
                        "gpt",
                        ChatModel.class,
                        () -> blocking(ScriptedModel.builder().build()))
                .withPropertyValues(property.split(";"))
                .run(context -> {
                    assertThat(context).hasFailed();
                    StringBuilder messages = new StringBuilder();
                    for (Throwable t = context.getStartupFailure(); t != null; t = t.getCause()) {
                        messages.append(t.getMessage()).append('\n');
                    }
                    assertThat(messages.toString()).contains(message);
                });
    }

    @Test
    void theConfigurationProcessorDescribesEveryProperty() throws Exception {
        String json;
        try (InputStream in = Objects.requireNonNull(
                getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json"), "metadata")) {
            json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertThat(json)
                .contains("\"agent-swarm.enabled\"")
                .contains("\"agent-swarm.orchestrator-model\"")
                .contains("\"agent-swarm.max-concurrency\"")
                .contains("\"agent-swarm.max-tasks-in-flight\"")
                .contains("\"agent-swarm.limits.max-tasks-per-stage\"")
                .contains("\"agent-swarm.budget.prices\"")
                .contains("\"agent-swarm.model-policy.default.tokens-per-minute\"")
                .contains("\"agent-swarm.model-policy.models\"")
                .contains("\"agent-swarm.context.subagent.strategy\"")
                .contains("\"agent-swarm.journal.folder\"")
                .contains("the most tasks of one run that run at once");
    }

    @Configuration(proxyBeanMethods = false)
    static class TwoModelsOnePrimary {
        @Bean
        ChatModel first() {
            return blocking(ScriptedModel.builder().build());
        }

        @Bean
        @Primary
        ChatModel second() {
            return blocking(ScriptedModel.builder().build());
        }
    }

    static ChatModel blocking(SwarmModel model) {
        return new ChatModel() {
            @Override
            public ChatResponse doChat(ChatRequest request) {
                return Objects.requireNonNull(model.chat(request).block(), "no response");
            }
        };
    }

    static StreamingChatModel streaming(SwarmModel model) {
        return new StreamingChatModel() {
            @Override
            public void doChat(ChatRequest request, StreamingChatResponseHandler handler) {
                model.chat(request).subscribe(handler::onCompleteResponse, handler::onError);
            }
        };
    }
}

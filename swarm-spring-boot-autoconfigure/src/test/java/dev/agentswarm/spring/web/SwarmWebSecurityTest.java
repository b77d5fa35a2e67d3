package dev.agentswarm.spring.web;

import static dev.agentswarm.test.Replies.text;
import static org.assertj.core.api.Assertions.assertThat;

import dev.agentswarm.spring.autoconfigure.AgentSwarmAutoConfiguration;
import dev.agentswarm.spring.runs.SwarmRunsAutoConfiguration;
import dev.agentswarm.test.ScriptedModel;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.http.codec.CodecsAutoConfiguration;
import org.springframework.boot.autoconfigure.jackson.JacksonAutoConfiguration;
import org.springframework.boot.autoconfigure.web.reactive.HttpHandlerAutoConfiguration;
import org.springframework.boot.autoconfigure.web.reactive.WebFluxAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.context.ApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.test.web.reactive.server.WebTestClient;

/** The starter's own token check: off by default, on by a property, backing off when Spring Security is present. */
class SwarmWebSecurityTest {

    private static final String TOKEN = "a-long-enough-test-token";

    private final ReactiveWebApplicationContextRunner runner = new ReactiveWebApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(
                    JacksonAutoConfiguration.class,
                    CodecsAutoConfiguration.class,
                    HttpHandlerAutoConfiguration.class,
                    WebFluxAutoConfiguration.class,
                    AgentSwarmAutoConfiguration.class,
                    SwarmRunsAutoConfiguration.class,
                    SwarmWebAutoConfiguration.class))
            .withBean("gpt", ChatModel.class, SwarmWebSecurityTest::answering);

    private static ChatModel answering() {
        ScriptedModel scripted =
                ScriptedModel.builder().orchestrator(r -> text("answer")).build();
        return new ChatModel() {
            @Override
            public ChatResponse doChat(ChatRequest request) {
                return Objects.requireNonNull(scripted.chat(request).block(), "no response");
            }
        };
    }

    /** The runner without Spring Security on its class path. */
    private ReactiveWebApplicationContextRunner withoutSpringSecurity() {
        return runner.withClassLoader(new FilteredClassLoader(SecurityWebFilterChain.class));
    }

    private static WebTestClient.ResponseSpec post(ApplicationContext context, String authorization) {
        WebTestClient.RequestBodySpec spec = WebTestClient.bindToApplicationContext(context)
                .build()
                .post()
                .uri("/swarm/runs")
                .contentType(MediaType.APPLICATION_JSON);
        if (!authorization.isEmpty()) {
            spec = spec.header("Authorization", authorization);
        }
        return spec.bodyValue(Map.of("task", "hello")).exchange();
    }

    @Test
    void offByDefault() {
        withoutSpringSecurity().run(context -> {
            assertThat(context).hasNotFailed().doesNotHaveBean(SwarmTokenWebFilter.class);
            post(context, "").expectStatus().isAccepted();
        });
    }

    @Test
    void onByThePropertyARequestNeedsTheToken() {
        withoutSpringSecurity()
                .withPropertyValues("agent-swarm.web.security.enabled=true", "agent-swarm.web.security.token=" + TOKEN)
                .run(context -> {
                    assertThat(context).hasSingleBean(SwarmTokenWebFilter.class);
                    for (String wrong : new String[] {"", "Bearer nope", "Bearer " + TOKEN + "x", TOKEN}) {
                        post(context, wrong)
                                .expectStatus()
                                .isUnauthorized()
                                .expectHeader()
                                .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                                .expectBody()
                                .jsonPath("$.status")
                                .isEqualTo(401)
                                .jsonPath("$.detail")
                                .value(d -> assertThat(d.toString())
                                        .contains("agent-swarm.web.security.token")
                                        .doesNotContain(TOKEN));
                    }
                    post(context, "Bearer " + TOKEN).expectStatus().isAccepted();
                });
    }

    @Test
    void onWithoutATokenFailsAtStartupNamingTheProperty() {
        withoutSpringSecurity()
                .withPropertyValues("agent-swarm.web.security.enabled=true")
                .run(context -> assertThat(context)
                        .hasFailed()
                        .getFailure()
                        .rootCause()
                        .hasMessageContaining("agent-swarm.web.security.token must be set"));
    }

    @Test
    void aShortTokenFailsAtStartupWithoutShowingIt() {
        withoutSpringSecurity()
                .withPropertyValues(
                        "agent-swarm.web.security.enabled=true", "agent-swarm.web.security.token=short-secret")
                .run(context -> assertThat(context)
                        .hasFailed()
                        .getFailure()
                        .rootCause()
                        .hasMessageContaining("at least 16 characters")
                        .message()
                        .doesNotContain("short-secret"));
    }

    @Test
    void withSpringSecurityPresentTheStarterBacksOffAndTheApplicationsRulesApply() {
        runner.withPropertyValues("agent-swarm.web.security.enabled=true", "agent-swarm.web.security.token=" + TOKEN)
                .run(context -> assertThat(context)
                        .hasNotFailed()
                        .doesNotHaveBean(SwarmTokenWebFilter.class)
                        .hasSingleBean(SwarmRunsController.class));
    }
}

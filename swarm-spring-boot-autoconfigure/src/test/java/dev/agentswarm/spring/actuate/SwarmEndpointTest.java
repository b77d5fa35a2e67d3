package dev.agentswarm.spring.actuate;

import static dev.agentswarm.test.Replies.assignTask;
import static dev.agentswarm.test.Replies.calls;
import static dev.agentswarm.test.Replies.createSubagent;
import static dev.agentswarm.test.Replies.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.agentswarm.report.RunStatus;
import dev.agentswarm.spring.autoconfigure.AgentSwarmAutoConfiguration;
import dev.agentswarm.spring.runs.SwarmRuns;
import dev.agentswarm.spring.runs.SwarmRunsAutoConfiguration;
import dev.agentswarm.spring.runs.TrackedRun;
import dev.agentswarm.test.ScriptedModel;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** The {@code swarm} Actuator endpoint and every branch of its auto-configuration. */
class SwarmEndpointTest {

    /** Lets the subagents' model calls through once opened; the orchestrator's first call always passes. */
    private final CountDownLatch gate = new CountDownLatch(1);

    private final AtomicInteger calls = new AtomicInteger();

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(
                    AgentSwarmAutoConfiguration.class,
                    SwarmRunsAutoConfiguration.class,
                    SwarmEndpointAutoConfiguration.class))
            .withBean("gpt", ChatModel.class, this::model);

    private ChatModel model() {
        ScriptedModel scripted = ScriptedModel.builder()
                .orchestrator(
                        calls(
                                createSubagent("worker", "You work."),
                                assignTask("worker", "a"),
                                assignTask("worker", "b")),
                        text("done"))
                .subagent("worker", text("part"))
                .build();
        return new ChatModel() {
            @Override
            public ChatResponse doChat(ChatRequest request) {
                if (calls.incrementAndGet() > 1) {
                    try {
                        if (!gate.await(30, TimeUnit.SECONDS)) {
                            throw new IllegalStateException("the test never opened the gate");
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException(e);
                    }
                }
                return Objects.requireNonNull(scripted.chat(request).block(), "no response");
            }
        };
    }

    @Test
    void listsTheRunsInFlightWithStageTasksAndTokens() {
        runner.withPropertyValues("agent-swarm.max-concurrency=1").run(context -> {
            SwarmEndpoint endpoint = context.getBean(SwarmEndpoint.class);
            assertThat(endpoint.runs().count()).isZero();
            TrackedRun run =
                    ((SwarmRuns.Started) context.getBean(SwarmRuns.class).start("split")).run();

            await().atMost(Duration.ofSeconds(10)).until(() -> {
                SwarmEndpoint.Runs runs = endpoint.runs();
                return runs.count() == 1
                        && runs.runs().get(0).tasksRunning() == 1
                        && runs.runs().get(0).tasksQueued() == 1;
            });
            SwarmEndpoint.RunInFlight listed = endpoint.runs().runs().get(0);
            assertThat(listed.runId()).isEqualTo(run.runId());
            assertThat(listed.stage()).isNotNegative();
            assertThat(listed.tokens()).isPositive();

            gate.countDown();
            await().atMost(Duration.ofSeconds(30)).until(run::isDone);
            assertThat(endpoint.runs().count()).isZero();
            assertThat(endpoint.runs().tokensUsed()).isGreaterThan(listed.tokens());
        });
    }

    @Test
    void deleteCancelsARunInFlight() {
        runner.run(context -> {
            SwarmEndpoint endpoint = context.getBean(SwarmEndpoint.class);
            TrackedRun run =
                    ((SwarmRuns.Started) context.getBean(SwarmRuns.class).start("split")).run();
            await().atMost(Duration.ofSeconds(10)).until(() -> run.tasksRunning() == 2);

            assertThat(endpoint.cancel(run.runId()).outcome()).isEqualTo("cancelled");
            await().atMost(Duration.ofSeconds(30)).until(run::isDone);
            assertThat(run.result().orElseThrow().status()).isEqualTo(RunStatus.CANCELLED);
            assertThat(endpoint.cancel(run.runId()).outcome()).isEqualTo("already-ended");
            assertThat(endpoint.cancel("nope").outcome()).isEqualTo("unknown");
            gate.countDown();
        });
    }

    @Test
    void withoutActuatorThereIsNoEndpoint() {
        runner.withClassLoader(new FilteredClassLoader(Endpoint.class))
                .run(context -> assertThat(context)
                        .hasNotFailed()
                        .hasSingleBean(SwarmRuns.class)
                        .doesNotHaveBean(SwarmEndpoint.class));
    }

    @Test
    void thePropertyTurnsTheEndpointOff() {
        runner.withPropertyValues("agent-swarm.actuator.enabled=false")
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(SwarmEndpoint.class));
    }

    @Test
    void withoutASwarmThereIsNoEndpoint() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(
                        AgentSwarmAutoConfiguration.class,
                        SwarmRunsAutoConfiguration.class,
                        SwarmEndpointAutoConfiguration.class))
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(SwarmEndpoint.class));
    }
}

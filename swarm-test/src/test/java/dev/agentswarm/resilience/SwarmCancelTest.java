package dev.agentswarm.resilience;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static dev.agentswarm.test.Replies.assignTask;
import static dev.agentswarm.test.Replies.calls;
import static dev.agentswarm.test.Replies.createSubagent;
import static dev.agentswarm.test.Replies.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.agentswarm.AgentSwarm;
import dev.agentswarm.SwarmRun;
import dev.agentswarm.model.SwarmModel;
import dev.agentswarm.report.RunStatus;
import dev.agentswarm.report.SwarmResult;
import dev.agentswarm.report.TaskResult;
import dev.agentswarm.report.TaskStatus;
import dev.agentswarm.test.ScriptedModel;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.test.scheduler.VirtualTimeScheduler;

/**
 * Cancellation reaches the HTTP request: a cancelled run or task aborts its in-flight calls through the real
 * LangChain4j OpenAI client (the blocking call returns long before the server would answer), makes no further model
 * call (the server's request count stops growing), and the result reports what was completed.
 */
class SwarmCancelTest {

    static final Duration SERVER_DELAY = Duration.ofSeconds(30);

    WireMockServer server;

    @BeforeEach
    void start() {
        server = ProviderFixture.server();
        server.stubFor(post(urlPathMatching(".*/chat/completions"))
                .withRequestBody(containing("slow task"))
                .willReturn(ProviderFixture.completion("too late").withFixedDelay((int) SERVER_DELAY.toMillis())));
        server.stubFor(post(urlPathMatching(".*/chat/completions"))
                .withRequestBody(containing("quick task"))
                .willReturn(ProviderFixture.completion("quick answer").withFixedDelay(300)));
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    int serverRequests(String prompt) {
        return server.findAll(
                        postRequestedFor(urlPathMatching(".*/chat/completions")).withRequestBody(containing(prompt)))
                .size();
    }

    @Test
    void cancellingARunMidStageAbortsEveryHttpCallAndMakesNoFurtherCall() {
        ProviderFixture.Counting client = new ProviderFixture.Counting(ProviderFixture.openAi(server));
        ScriptedModel orchestrator = ScriptedModel.builder()
                .name("orchestrator-model")
                .orchestrator(calls(
                        createSubagent("worker", "You work."),
                        assignTask("worker", "slow task 1"),
                        assignTask("worker", "slow task 2"),
                        assignTask("worker", "slow task 3")))
                .orchestrator(text("never reached"))
                .build();
        AgentSwarm swarm = AgentSwarm.builder()
                .orchestratorModel(orchestrator)
                .subagentModel(SwarmModel.of(ProviderFixture.MODEL, client))
                .build();

        SwarmRun run = swarm.start("go");
        await().atMost(Duration.ofSeconds(20)).until(() -> client.started.get() == 3);
        long cancelledAt = System.nanoTime();
        run.cancel();
        SwarmResult result = run.result().block(Duration.ofSeconds(10));
        long resultMillis = (System.nanoTime() - cancelledAt) / 1_000_000;

        assertThat(result).isNotNull();
        assertThat(result.status()).isEqualTo(RunStatus.CANCELLED);
        assertThat(resultMillis).as("ms from cancel() to the result").isLessThan(3_000);
        // The three blocking HTTP calls returned although the server would only answer after 30 s: they were aborted.
        await().atMost(Duration.ofSeconds(5)).until(() -> client.ended.get() == 3);
        assertThat((System.nanoTime() - cancelledAt) / 1_000_000).isLessThan(SERVER_DELAY.toMillis() / 2);
        // No further model call: the count stays where it was.
        await().during(Duration.ofMillis(1_500))
                .atMost(Duration.ofSeconds(3))
                .until(() -> client.started.get() == 3 && serverRequests("slow task") <= 3);
        assertThat(orchestrator.requests(ScriptedModel.ORCHESTRATOR)).hasSize(1);
    }

    @Test
    void cancellingOneTaskAbortsItsCallAndTheStageGoesOn() {
        ProviderFixture.Counting client = new ProviderFixture.Counting(ProviderFixture.openAi(server));
        ScriptedModel orchestrator = ScriptedModel.builder()
                .name("orchestrator-model")
                .orchestrator(calls(
                        createSubagent("worker", "You work."),
                        assignTask("worker", "slow task"),
                        assignTask("worker", "quick task")))
                .orchestrator(r -> text("finished with: " + String.join(" | ", r.latestToolResults())))
                .build();
        AgentSwarm swarm = AgentSwarm.builder()
                .orchestratorModel(orchestrator)
                .subagentModel(SwarmModel.of(ProviderFixture.MODEL, client))
                .build();

        SwarmRun run = swarm.start("go");
        // The slow request has reached the server (under load, a call can be counted as started a while before).
        await().atMost(Duration.ofSeconds(20))
                .until(() -> client.started.get() == 2 && serverRequests("slow task") == 1);
        assertThat(run.cancelTask("s0-t0")).isTrue();
        SwarmResult result = run.result().block(Duration.ofSeconds(15));

        assertThat(result).isNotNull();
        assertThat(result.status()).isEqualTo(RunStatus.COMPLETED);
        TaskResult slow = result.tasks().get(0);
        assertThat(slow.status()).isEqualTo(TaskStatus.CANCELLED);
        assertThat(slow.reason()).contains("s0-t0").contains("cancelled");
        assertThat(result.tasks().get(1).status()).isEqualTo(TaskStatus.COMPLETED);
        assertThat(result.tasks().get(1).finalMessage()).isEqualTo("quick answer");
        assertThat(result.answer()).contains("quick answer").contains("cancelled");
        await().atMost(Duration.ofSeconds(5)).until(() -> client.ended.get() == 2);
        assertThat(serverRequests("slow task")).isEqualTo(1);
        assertThat(run.cancelTask("s0-t0"))
                .as("an ended task cannot be cancelled again")
                .isFalse();
        assertThat(run.cancelTask("s9-t9")).as("an unknown task").isFalse();
    }

    @Test
    void aTaskCancelledWhileWaitingForASlotNeverCallsTheModel() {
        VirtualTimeScheduler time = VirtualTimeScheduler.create();
        ScriptedModel model = ScriptedModel.builder()
                .orchestrator(calls(
                        createSubagent("worker", "You work."),
                        assignTask("worker", "first"),
                        assignTask("worker", "second")))
                .orchestrator(text("done"))
                .subagent("worker", r -> text("answer to " + r.userPrompt()))
                .latency(r -> r.role().equals("worker") ? Duration.ofMinutes(1) : Duration.ZERO)
                .scheduler(time)
                .build();
        AgentSwarm swarm = AgentSwarm.builder()
                .orchestratorModel(model)
                .maxConcurrency(1)
                .taskOrdering(dev.agentswarm.policy.TaskOrdering.FIFO)
                .timer(time)
                .build();

        SwarmRun run = swarm.start("go");
        time.advanceTimeBy(Duration.ofSeconds(10));
        assertThat(run.cancelTask("s0-t1")).isTrue();
        time.advanceTimeBy(Duration.ofMinutes(5));
        SwarmResult result = run.result().block(Duration.ofSeconds(5));

        assertThat(result).isNotNull();
        assertThat(result.status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(result.tasks())
                .extracting(TaskResult::status)
                .containsExactly(TaskStatus.COMPLETED, TaskStatus.CANCELLED);
        assertThat(result.tasks().get(1).steps()).isZero();
        assertThat(model.requests("worker")).extracting(r -> r.userPrompt()).containsExactly("first");
    }
}

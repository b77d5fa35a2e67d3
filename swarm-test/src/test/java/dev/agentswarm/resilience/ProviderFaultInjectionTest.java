package dev.agentswarm.resilience;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static dev.agentswarm.test.Replies.assignTask;
import static dev.agentswarm.test.Replies.calls;
import static dev.agentswarm.test.Replies.createSubagent;
import static dev.agentswarm.test.Replies.text;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.agentswarm.AgentSwarm;
import dev.agentswarm.event.SwarmEvent;
import dev.agentswarm.model.SwarmModel;
import dev.agentswarm.report.RunStatus;
import dev.agentswarm.report.SwarmResult;
import dev.agentswarm.report.TaskResult;
import dev.agentswarm.report.TaskStatus;
import dev.agentswarm.test.ScriptedModel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Faults injected through the real LangChain4j OpenAI client against WireMock on loopback. Every run has two tasks
 * in one stage: a healthy one and one whose requests meet the fault. The fault is handled as the policy says, the
 * healthy task's result is never lost, and the run completes.
 */
class ProviderFaultInjectionTest {

    static final ModelPolicy POLICY = ModelPolicy.builder()
            .maxAttempts(3)
            .backoff(Duration.ofMillis(50), 2, Duration.ofMillis(400))
            .jitter(0)
            .build();

    /** The same with a call timeout, for the slow-response fault. */
    static final ModelPolicy WITH_TIMEOUT =
            POLICY.toBuilder().callTimeout(Duration.ofMillis(2_000)).build();

    ModelPolicy policy = POLICY;

    WireMockServer server;
    final List<SwarmEvent> events = Collections.synchronizedList(new ArrayList<>());

    @BeforeEach
    void start() {
        server = ProviderFixture.server();
        server.stubFor(post(urlPathMatching(".*/chat/completions"))
                .withRequestBody(containing("healthy task"))
                .willReturn(ProviderFixture.completion("healthy answer")));
        // Warm the client up (class loading, first connection), so that a cold JVM does not look like a slow server.
        ProviderFixture.openAi(server).chat("healthy task warm-up");
        server.resetRequests();
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    /** Stubs the faulty task's requests: the responses in order, the last repeated. */
    void faultyResponses(ResponseDefinitionBuilder... responses) {
        for (int i = 0; i < responses.length; i++) {
            String state = i == 0 ? STARTED : "attempt-" + (i + 1);
            var stub = post(urlPathMatching(".*/chat/completions"))
                    .withRequestBody(containing("faulty task"))
                    .inScenario("faulty")
                    .whenScenarioStateIs(state)
                    .willReturn(responses[i]);
            if (i + 1 < responses.length) {
                stub = stub.willSetStateTo("attempt-" + (i + 2));
            }
            server.stubFor(stub);
        }
    }

    SwarmResult run() {
        ScriptedModel orchestrator = ScriptedModel.builder()
                .name("orchestrator-model")
                .orchestrator(calls(
                        createSubagent("worker", "You work."),
                        assignTask("worker", "healthy task"),
                        assignTask("worker", "faulty task")))
                .orchestrator(r -> text("done with " + r.latestToolResults().size() + " results"))
                .build();
        AgentSwarm swarm = AgentSwarm.builder()
                .orchestratorModel(orchestrator)
                .subagentModel(SwarmModel.of(ProviderFixture.MODEL, ProviderFixture.openAi(server)))
                .modelPolicy(ProviderFixture.MODEL, policy)
                .listener(events::add)
                .build();
        SwarmResult result = swarm.run("go");
        assertThat(result.status())
                .withFailMessage("run ended %s: %s", result.status(), result.reason())
                .isEqualTo(RunStatus.COMPLETED);
        TaskResult healthy = task(result, "healthy task");
        assertThat(healthy.status())
                .withFailMessage("healthy task ended %s: %s", healthy.status(), healthy.reason())
                .isEqualTo(TaskStatus.COMPLETED);
        assertThat(healthy.finalMessage()).isEqualTo("healthy answer");
        return result;
    }

    static TaskResult task(SwarmResult result, String prompt) {
        return result.tasks().stream()
                .filter(t -> t.prompt().equals(prompt))
                .findFirst()
                .orElseThrow();
    }

    List<LoggedRequest> faultyRequests() {
        return server.findAll(
                postRequestedFor(urlPathMatching(".*/chat/completions")).withRequestBody(containing("faulty task")));
    }

    List<SwarmEvent.RetryScheduled> retries() {
        synchronized (events) {
            return events.stream()
                    .filter(SwarmEvent.RetryScheduled.class::isInstance)
                    .map(SwarmEvent.RetryScheduled.class::cast)
                    .toList();
        }
    }

    @Test
    void rateLimitedWithRetryAfterWaitsAsAskedThenSucceeds() {
        faultyResponses(
                aResponse()
                        .withStatus(429)
                        .withHeader("Retry-After", "1")
                        .withBody("{\"error\":{\"message\":\"Rate limit reached\",\"type\":\"requests\"}}"),
                ProviderFixture.completion("faulty answer"));

        SwarmResult result = run();

        assertThat(task(result, "faulty task").status()).isEqualTo(TaskStatus.COMPLETED);
        assertThat(task(result, "faulty task").finalMessage()).isEqualTo("faulty answer");
        assertThat(retries()).singleElement().satisfies(r -> {
            assertThat(r.delayMillis())
                    .as("Retry-After honoured, not the 50 ms backoff")
                    .isEqualTo(1000);
            assertThat(r.reason()).contains("429");
            assertThat(r.taskId()).isEqualTo(task(result, "faulty task").taskId());
        });
        List<LoggedRequest> requests = faultyRequests();
        assertThat(requests).hasSize(2);
        long gap = requests.get(1).getLoggedDate().getTime()
                - requests.get(0).getLoggedDate().getTime();
        assertThat(gap).as("ms between the 429 and the retry").isGreaterThanOrEqualTo(950);
    }

    @Test
    void serverErrorsAreRetriedWithExponentialBackoff() {
        faultyResponses(
                aResponse().withStatus(500).withBody("{\"error\":{\"message\":\"boom\"}}"),
                aResponse().withStatus(503).withBody("{\"error\":{\"message\":\"overloaded\"}}"),
                ProviderFixture.completion("faulty answer"));

        SwarmResult result = run();

        assertThat(task(result, "faulty task").status()).isEqualTo(TaskStatus.COMPLETED);
        assertThat(faultyRequests()).hasSize(3);
        assertThat(retries()).extracting(SwarmEvent.RetryScheduled::delayMillis).containsExactly(50L, 100L);
    }

    @Test
    void persistentServerErrorFailsOnlyThatTaskAfterMaxAttempts() {
        faultyResponses(aResponse().withStatus(500).withBody("{\"error\":{\"message\":\"boom\"}}"));

        SwarmResult result = run();

        TaskResult faulty = task(result, "faulty task");
        assertThat(faulty.status()).isEqualTo(TaskStatus.FAILED);
        assertThat(faulty.reason()).contains("gave up after 3 attempts").contains("HTTP 500");
        assertThat(faultyRequests()).hasSize(3);
    }

    @Test
    void aCallSlowerThanTheTimeoutIsAbortedAndRetried() {
        faultyResponses(
                ProviderFixture.completion("too late").withFixedDelay(8_000),
                ProviderFixture.completion("faulty answer"));
        policy = WITH_TIMEOUT;

        long start = System.nanoTime();
        SwarmResult result = run();
        long millis = (System.nanoTime() - start) / 1_000_000;

        assertThat(task(result, "faulty task").finalMessage()).isEqualTo("faulty answer");
        assertThat(retries())
                .singleElement()
                .satisfies(r -> assertThat(r.reason()).contains("Timeout"));
        assertThat(faultyRequests()).hasSize(2);
        assertThat(millis).as("the run did not wait for the slow response").isLessThan(7_000);
    }

    @Test
    void aConnectionResetIsRetried() {
        faultyResponses(
                aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER), ProviderFixture.completion("faulty answer"));

        SwarmResult result = run();

        assertThat(task(result, "faulty task").finalMessage()).isEqualTo("faulty answer");
        assertThat(faultyRequests()).hasSize(2);
        assertThat(retries()).hasSize(1);
    }

    @Test
    void aMalformedBodyFailsThatTaskWithoutRetrying() {
        faultyResponses(aResponse()
                .withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"id\": \"chatcmpl-1\", \"choices\": [ {not json"));

        SwarmResult result = run();

        TaskResult faulty = task(result, "faulty task");
        assertThat(faulty.status()).isEqualTo(TaskStatus.FAILED);
        assertThat(faulty.reason()).startsWith("model call failed");
        assertThat(faultyRequests()).as("a malformed body is not retried").hasSize(1);
        assertThat(retries()).isEmpty();
    }

    @Test
    void badRequestAndAuthenticationErrorsAreNotRetried() {
        faultyResponses(aResponse().withStatus(400).withBody("{\"error\":{\"message\":\"invalid request\"}}"));

        SwarmResult result = run();

        assertThat(task(result, "faulty task").status()).isEqualTo(TaskStatus.FAILED);
        assertThat(task(result, "faulty task").reason()).contains("invalid request");
        assertThat(faultyRequests()).hasSize(1);
        assertThat(retries()).isEmpty();
    }

    @Test
    void unauthorizedIsNotRetried() {
        faultyResponses(aResponse().withStatus(401).withBody("{\"error\":{\"message\":\"bad key\"}}"));

        SwarmResult result = run();

        assertThat(task(result, "faulty task").status()).isEqualTo(TaskStatus.FAILED);
        assertThat(faultyRequests())
                .as("%s / %s", task(result, "faulty task").reason(), retries())
                .hasSize(1);
        assertThat(retries()).isEmpty();
    }
}

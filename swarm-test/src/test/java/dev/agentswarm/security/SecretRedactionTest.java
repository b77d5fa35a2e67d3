package dev.agentswarm.security;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.agentswarm.test.Replies.assignTask;
import static dev.agentswarm.test.Replies.calls;
import static dev.agentswarm.test.Replies.createSubagent;
import static dev.agentswarm.test.Replies.text;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import dev.agentswarm.AgentSwarm;
import dev.agentswarm.RunOptions;
import dev.agentswarm.event.SwarmEvent;
import dev.agentswarm.event.SwarmEvents;
import dev.agentswarm.journal.JournalOptions;
import dev.agentswarm.model.SwarmModel;
import dev.agentswarm.policy.context.ContextPolicy;
import dev.agentswarm.report.RunStatus;
import dev.agentswarm.report.SwarmResult;
import dev.agentswarm.report.TaskStatus;
import dev.agentswarm.resilience.ModelPolicy;
import dev.agentswarm.test.ScriptedModel;
import dev.langchain4j.model.openai.OpenAiChatModel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * For every path by which an API key used to leak, no trace of the key (the key, its trimmed form, its JSON-escaped
 * form, or any 12 of its characters in a row) reaches an event, a journal line, the result or a log line.
 */
class SecretRedactionTest {

    static final String MARKER = Redactor.MARKER;
    /** OpenAI's key shape, pasted with a trailing carriage return. */
    static final String SHAPED_KEY = "sk-proj-Q7vR2mK9xW4tY8pL3nB6cD1fG5hJ0sAe\r";
    /** A key of no well-known shape, pasted with a trailing carriage return: only its registration protects it. */
    static final String PLAIN_KEY = "9f2Kq7vRmZ4xW8tYpL3nB6cD1fG5hJ0sUw\r";

    static final ModelPolicy FAST_RETRIES = ModelPolicy.builder()
            .maxAttempts(2)
            .backoff(Duration.ofMillis(1), 1.0, Duration.ofMillis(1))
            .jitter(0)
            .build();

    /** Loggers of the fake provider (WireMock, its Jetty and its templating), not of the client side. */
    static final List<String> FAKE_SERVER_LOGGERS =
            List.of("org.eclipse.jetty", "com.github.tomakehurst", "com.github.jknack", "wiremock", "WireMock");

    @TempDir
    Path dir;

    WireMockServer server;
    ListAppender<ILoggingEvent> logs;
    Level savedLevel;
    final AtomicInteger runs = new AtomicInteger();

    static Stream<String> keys() {
        return Stream.of(SHAPED_KEY, PLAIN_KEY);
    }

    static Stream<Arguments> keysAndStatuses() {
        return keys().flatMap(k -> Stream.of(Arguments.of(k, 401), Arguments.of(k, 500)));
    }

    @BeforeEach
    void start() {
        server = new WireMockServer(WireMockConfiguration.options()
                .bindAddress("127.0.0.1")
                .dynamicPort()
                .templatingEnabled(true)
                .globalTemplating(false));
        server.start();
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        savedLevel = root.getLevel();
        root.setLevel(Level.TRACE);
        logs = new ListAppender<>();
        logs.setContext(context);
        logs.start();
        root.addAppender(logs);
    }

    @AfterEach
    void stop() {
        Logger root = ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.detachAppender(logs);
        root.setLevel(savedLevel);
        server.stop();
    }

    /** Leak path 1: the JDK refuses a header value with a CR and quotes the whole value in its exception. */
    @ParameterizedTest
    @MethodSource("keys")
    void aKeyWithACarriageReturnThroughTheRealOpenAiClient(String key) throws Exception {
        OpenAiChatModel openAi = OpenAiChatModel.builder()
                .baseUrl("http://127.0.0.1:" + server.port() + "/v1")
                .apiKey(key)
                .modelName("gpt-test")
                .maxRetries(0)
                .timeout(Duration.ofSeconds(10))
                .build();

        Evidence ev = run(swarm(key).orchestratorModel(SwarmModel.of("gpt-test", openAi)), "Summarise the report.");

        assertThat(ev.result.status()).isEqualTo(RunStatus.FAILED);
        assertThat(ev.result.reason()).contains("invalid header value").contains(MARKER);
        assertThat(ev.events)
                .filteredOn(e -> e instanceof SwarmEvent.ModelCallFinished m && m.error() != null)
                .singleElement()
                .satisfies(e ->
                        assertThat(((SwarmEvent.ModelCallFinished) e).error()).contains(MARKER));
        ev.assertNoTraceOf(key);
    }

    /** Leak path 2: a provider whose error body echoes the request's Authorization header; 500 is retried first. */
    @ParameterizedTest
    @MethodSource("keysAndStatuses")
    void aProviderErrorBodyThatEchoesTheAuthorizationHeader(String pastedKey, int status) throws Exception {
        String key = pastedKey.strip();
        server.stubFor(post(urlPathEqualTo("/v1/chat/completions"))
                .willReturn(aResponse()
                        .withStatus(status)
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"error\":{\"message\":\"request rejected; it carried Authorization: "
                                + "{{request.headers.Authorization}} and x-api-key {{request.headers.Authorization}}\","
                                + "\"type\":\"invalid_request_error\"}}")
                        .withTransformers("response-template")));
        OpenAiChatModel openAi = OpenAiChatModel.builder()
                .baseUrl("http://127.0.0.1:" + server.port() + "/v1")
                .apiKey(key)
                .modelName("gpt-test")
                .maxRetries(0)
                .timeout(Duration.ofSeconds(10))
                .build();

        Evidence ev = run(swarm(pastedKey).orchestratorModel(SwarmModel.of("gpt-test", openAi)), "Summarise.");

        // The server really echoed the key: the leak source is real.
        List<ServeEvent> served = server.getAllServeEvents();
        assertThat(served)
                .isNotEmpty()
                .allSatisfy(s -> assertThat(s.getResponse().getBodyAsString()).contains(key));
        assertThat(ev.result.status()).isEqualTo(RunStatus.FAILED);
        assertThat(ev.result.reason()).contains("request rejected").contains(MARKER);
        if (status == 500) {
            assertThat(served).hasSize(2);
            assertThat(ev.events)
                    .filteredOn(e -> e instanceof SwarmEvent.RetryScheduled)
                    .singleElement()
                    .satisfies(e ->
                            assertThat(((SwarmEvent.RetryScheduled) e).reason()).contains("request rejected"));
        }
        ev.assertNoTraceOf(key);
    }

    /** Leak path 3: 8 parallel subagent tasks fail with the key in their error (each retried once, then given up). */
    @ParameterizedTest
    @MethodSource("keys")
    void aSubagentTaskFailingWithTheKeyInItsError(String key) throws Exception {
        List<String> seenByOrchestrator = Collections.synchronizedList(new ArrayList<>());
        ScriptedModel model = ScriptedModel.builder()
                .orchestrator(calls(Stream.concat(
                                Stream.of(createSubagent("fetcher", "You fetch.")),
                                IntStream.range(0, 8).mapToObj(i -> assignTask("fetcher", "fetch " + i)))
                        .toList()))
                .orchestrator(r -> {
                    seenByOrchestrator.addAll(r.latestToolResults());
                    return text("Report: " + String.join(" | ", r.latestToolResults()));
                })
                .subagent("fetcher", r -> {
                    throw new UncheckedIOException(
                            "upstream refused the key " + key + " (check it)",
                            new IOException("connection reset\nAuthorization: Bearer " + key));
                })
                .build();

        Evidence ev = run(swarm(key).orchestratorModel(model), "Fetch the data.");

        assertThat(ev.result.status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(ev.result.tasks()).hasSize(8).allSatisfy(t -> {
            assertThat(t.status()).isEqualTo(TaskStatus.FAILED);
            assertThat(t.reason()).contains("upstream refused the key " + MARKER);
        });
        assertThat(ev.result.report().peakConcurrency()).isGreaterThan(1);
        assertThat(ev.events)
                .filteredOn(e -> e instanceof SwarmEvent.RetryScheduled)
                .hasSize(8);
        // What the orchestrator's model was sent holds no key either.
        assertThat(seenByOrchestrator).isNotEmpty();
        assertThat(String.join("\n", seenByOrchestrator)).contains(MARKER);
        for (String needle : needles(key)) {
            assertThat(String.join("\n", seenByOrchestrator)).doesNotContain(needle);
        }
        ev.assertNoTraceOf(key);
    }

    /** Leak path 4: the orchestrator's model call fails with the key in its error, past the 500-character cut. */
    @ParameterizedTest
    @MethodSource("keys")
    void theOrchestratorFailingWithTheKeyInItsError(String key) throws Exception {
        ScriptedModel model = ScriptedModel.builder()
                .orchestrator(r -> {
                    // The key straddles the 500-character cut of the error's description.
                    throw new IllegalStateException("x".repeat(470) + " key=" + key + " was refused");
                })
                .build();

        Evidence ev = run(swarm(key).orchestratorModel(model), "Do it.");

        assertThat(ev.result.status()).isEqualTo(RunStatus.FAILED);
        assertThat(ev.result.reason())
                .startsWith("orchestrator model call failed: IllegalStateException: xxx")
                .contains(MARKER);
        ev.assertNoTraceOf(key);
    }

    /** Log paths: a failing context policy and a failing listener, both with the key in their exception. */
    @ParameterizedTest
    @MethodSource("keys")
    void logLinesOfFailuresCarryNoKey(String key) throws Exception {
        ScriptedModel model = ScriptedModel.builder()
                .orchestrator(calls(createSubagent("w", "You work."), assignTask("w", "go")))
                .orchestrator(text("done"))
                .subagent("w", text("ok"))
                .build();
        ContextPolicy failing = (history, scope) -> Mono.error(new IllegalStateException("summariser refused " + key));
        AgentSwarm.Builder b = swarm(key)
                .orchestratorModel(model)
                .orchestratorContextPolicy(failing)
                .listener(e -> {
                    if (e instanceof SwarmEvent.StageFinished) {
                        throw new IllegalStateException(
                                "listener broke on key " + key, new IllegalArgumentException("Bearer " + key));
                    }
                });

        Evidence ev = run(b, "Work.");

        assertThat(ev.result.status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(ev.logs)
                .contains("context policy")
                .contains("summariser refused")
                .contains("event listener")
                .contains("listener broke on key");
        ev.assertNoTraceOf(key);
    }

    /** A swarm with the key registered, as the CLI registers the keys it reads; fast retries. */
    AgentSwarm.Builder swarm(String key) {
        return AgentSwarm.builder().defaultModelPolicy(FAST_RETRIES).secret(key);
    }

    Evidence run(AgentSwarm.Builder builder, String task) throws IOException {
        List<SwarmEvent> events = Collections.synchronizedList(new ArrayList<>());
        Path journal = dir.resolve("run-" + runs.incrementAndGet() + ".jsonl");
        SwarmResult result =
                builder.listener(events::add).build().run(task, RunOptions.journal(JournalOptions.of(journal)));
        StringBuilder logText = new StringBuilder();
        for (ILoggingEvent e : List.copyOf(logs.list)) {
            if (FAKE_SERVER_LOGGERS.stream().anyMatch(e.getLoggerName()::startsWith)) {
                continue; // the fake provider's own server logs what it received; it is not part of the swarm
            }
            logText.append(e.getLevel())
                    .append(' ')
                    .append(e.getLoggerName())
                    .append(" - ")
                    .append(e.getFormattedMessage())
                    .append('\n');
            if (e.getThrowableProxy() != null) {
                logText.append(ThrowableProxyUtil.asString(e.getThrowableProxy()))
                        .append('\n');
            }
        }
        return new Evidence(List.copyOf(events), Files.readString(journal), result, logText.toString());
    }

    /**
     * What must not appear: the key as pasted, trimmed, JSON-escaped, and every 12 characters of it in a row.
     *
     * @param key the key as pasted
     * @return the needles
     */
    static List<String> needles(String key) {
        List<String> needles = new ArrayList<>();
        needles.add(key);
        needles.add(key.strip());
        needles.add(key.replace("\r", "\\r").replace("\n", "\\n"));
        String k = key.strip();
        for (int i = 0; i + 12 <= k.length(); i++) {
            needles.add(k.substring(i, i + 12));
        }
        return needles;
    }

    record Evidence(List<SwarmEvent> events, String journal, SwarmResult result, String logs) {

        void assertNoTraceOf(String key) throws JsonProcessingException {
            StringBuilder json = new StringBuilder();
            for (SwarmEvent e : events) {
                json.append(SwarmEvents.mapper().writeValueAsString(e)).append('\n');
            }
            String resultJson = SwarmEvents.mapper().writeValueAsString(result);
            assertThat(journal).as("the journal").isNotEmpty();
            for (String needle : needles(key)) {
                assertThat(json.toString()).as("events").doesNotContain(needle);
                assertThat(journal).as("journal").doesNotContain(needle);
                assertThat(result.toString()).as("result").doesNotContain(needle);
                assertThat(resultJson).as("result as JSON").doesNotContain(needle);
                assertThat(logs).as("logs").doesNotContain(needle);
            }
        }
    }
}

package dev.agentswarm.spring.web;

import static dev.agentswarm.test.Replies.assignTask;
import static dev.agentswarm.test.Replies.calls;
import static dev.agentswarm.test.Replies.createSubagent;
import static dev.agentswarm.test.Replies.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.agentswarm.spring.autoconfigure.AgentSwarmAutoConfiguration;
import dev.agentswarm.spring.autoconfigure.AgentSwarmBuilderCustomizer;
import dev.agentswarm.spring.runs.SwarmRuns;
import dev.agentswarm.spring.runs.SwarmRunsAutoConfiguration;
import dev.agentswarm.test.ScriptedModel;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.http.codec.CodecsAutoConfiguration;
import org.springframework.boot.autoconfigure.jackson.JacksonAutoConfiguration;
import org.springframework.boot.autoconfigure.web.reactive.HttpHandlerAutoConfiguration;
import org.springframework.boot.autoconfigure.web.reactive.WebFluxAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.context.ApplicationContext;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;

/** The run endpoints through {@link WebTestClient}: starting, streaming, resuming, reading, cancelling, bad input. */
class SwarmSseTest {

    private static final ParameterizedTypeReference<ServerSentEvent<String>> SSE =
            new ParameterizedTypeReference<>() {};
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SECRET = "sk-test-0123456789abcdef";

    /** Lets model calls through once opened; closed at first. */
    private final CountDownLatch gate = new CountDownLatch(1);

    private final ReactiveWebApplicationContextRunner runner = new ReactiveWebApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(
                    JacksonAutoConfiguration.class,
                    CodecsAutoConfiguration.class,
                    HttpHandlerAutoConfiguration.class,
                    WebFluxAutoConfiguration.class,
                    AgentSwarmAutoConfiguration.class,
                    SwarmRunsAutoConfiguration.class,
                    SwarmWebAutoConfiguration.class))
            .withBean("gpt", ChatModel.class, () -> gated(scripted()))
            .withBean(AgentSwarmBuilderCustomizer.class, () -> builder -> builder.secret(SECRET));

    /** An orchestrator that assigns two tasks in one stage, then answers (with the secret, to be redacted). */
    private static ScriptedModel scripted() {
        return ScriptedModel.builder()
                .orchestrator(
                        calls(
                                createSubagent("worker", "You work."),
                                assignTask("worker", "a"),
                                assignTask("worker", "b")),
                        text("done, key " + SECRET))
                .subagent("worker", text("part"))
                .build();
    }

    private ChatModel gated(ScriptedModel scripted) {
        return new ChatModel() {
            @Override
            public ChatResponse doChat(ChatRequest request) {
                try {
                    if (!gate.await(30, TimeUnit.SECONDS)) {
                        throw new IllegalStateException("the test never opened the gate");
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
                return Objects.requireNonNull(scripted.chat(request).block(), "no response");
            }
        };
    }

    private static WebTestClient client(ApplicationContext context) {
        return WebTestClient.bindToApplicationContext(context)
                .configureClient()
                .responseTimeout(Duration.ofSeconds(30))
                .build();
    }

    private static String start(WebTestClient client, String task) throws Exception {
        byte[] body = client.post()
                .uri("/swarm/runs")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("task", task))
                .exchange()
                .expectStatus()
                .isAccepted()
                .expectHeader()
                .exists("Location")
                .expectBody()
                .returnResult()
                .getResponseBodyContent();
        JsonNode json = JSON.readTree(body);
        String runId = json.path("runId").asText();
        assertThat(runId).isNotBlank();
        assertThat(json.path("events").asText()).isEqualTo("/swarm/runs/" + runId + "/events");
        return runId;
    }

    private static Flux<ServerSentEvent<String>> events(WebTestClient client, String runId, String lastEventId) {
        WebTestClient.RequestHeadersSpec<?> spec =
                client.get().uri("/swarm/runs/{id}/events", runId).accept(MediaType.TEXT_EVENT_STREAM);
        if (!lastEventId.isEmpty()) {
            spec = spec.header("Last-Event-ID", lastEventId);
        }
        return spec.exchange().expectStatus().isOk().returnResult(SSE).getResponseBody();
    }

    private static List<ServerSentEvent<String>> all(WebTestClient client, String runId, String lastEventId) {
        List<ServerSentEvent<String>> list =
                events(client, runId, lastEventId).collectList().block(Duration.ofSeconds(30));
        return Objects.requireNonNull(list);
    }

    private static JsonNode run(WebTestClient client, String runId) throws Exception {
        byte[] body = client.get()
                .uri("/swarm/runs/{id}", runId)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .returnResult()
                .getResponseBodyContent();
        return JSON.readTree(body);
    }

    private static List<String> ids(List<ServerSentEvent<String>> events) {
        return events.stream().map(ServerSentEvent::id).toList();
    }

    @Test
    void aStartedRunStreamsEveryTypedEventWithItsSequenceNumberAsTheId() throws Exception {
        gate.countDown();
        runner.run(context -> {
            WebTestClient client = client(context);
            String runId = start(client, "split the work");
            List<ServerSentEvent<String>> events = all(client, runId, "");

            assertThat(events).hasSizeGreaterThan(6);
            for (int i = 0; i < events.size(); i++) {
                ServerSentEvent<String> e = events.get(i);
                assertThat(e.id()).isEqualTo(Long.toString(i + 1));
                JsonNode data = JSON.readTree(Objects.requireNonNull(e.data()));
                assertThat(e.event()).isEqualTo(data.path("type").asText()).isNotBlank();
                assertThat(data.path("runId").asText()).isEqualTo(runId);
            }
            assertThat(events.get(0).event()).isEqualTo("run_started");
            assertThat(events.get(events.size() - 1).event()).isEqualTo("run_finished");
            assertThat(events.stream().filter(e -> "task_finished".equals(e.event())))
                    .hasSize(2);
            assertThat(events).allSatisfy(e -> assertThat(e.data()).doesNotContain(SECRET));

            JsonNode state = run(client, runId);
            assertThat(state.path("state").asText()).isEqualTo("COMPLETED");
            assertThat(state.path("result").path("answer").asText())
                    .startsWith("done, key ")
                    .doesNotContain(SECRET);
            assertThat(state.path("result").path("tasks").asInt()).isEqualTo(2);
            assertThat(state.path("tokens").asLong()).isPositive();
        });
    }

    @Test
    void lastEventIdResumesAfterThatEventFromMemory() throws Exception {
        gate.countDown();
        runner.run(context -> {
            WebTestClient client = client(context);
            String runId = start(client, "split the work");
            List<ServerSentEvent<String>> whole = all(client, runId, "");
            List<ServerSentEvent<String>> rest = all(client, runId, "3");

            assertThat(ids(rest)).isEqualTo(ids(whole.subList(3, whole.size())));
            assertThat(rest.stream().map(ServerSentEvent::data).toList())
                    .isEqualTo(whole.subList(3, whole.size()).stream()
                            .map(ServerSentEvent::data)
                            .toList());
            assertThat(all(client, runId, Integer.toString(whole.size()))).isEmpty();
        });
    }

    @Test
    void lastEventIdResumesFromTheJournalWhenTheRunHasOne(@TempDir Path folder) throws Exception {
        Path journals = folder.resolve("journals");
        runner.withPropertyValues("agent-swarm.journal.folder=" + journals).run(context -> {
            WebTestClient client = client(context);
            String runId = start(client, "split the work");
            // While the run waits at the gate, a client resumes after the first event: read from the journal, then
            // followed live.
            Flux<ServerSentEvent<String>> resumedLive = events(client, runId, "1");
            List<ServerSentEvent<String>> live = new ArrayList<>();
            CountDownLatch first = new CountDownLatch(1);
            var subscription = resumedLive
                    .subscribeOn(Schedulers.boundedElastic())
                    .subscribe(e -> {
                        live.add(e);
                        first.countDown();
                    });
            assertThat(first.await(10, TimeUnit.SECONDS)).isTrue();
            gate.countDown();
            await().atMost(Duration.ofSeconds(30)).until(subscription::isDisposed);

            List<ServerSentEvent<String>> whole = all(client, runId, "");
            List<ServerSentEvent<String>> fromJournal = all(client, runId, "2");
            try (Stream<Path> files = Files.list(journals)) {
                assertThat(files.filter(p -> p.toString().endsWith(".jsonl"))).hasSize(1);
            }
            assertThat(ids(live)).isEqualTo(ids(whole.subList(1, whole.size())));
            assertThat(ids(fromJournal)).isEqualTo(ids(whole.subList(2, whole.size())));
            assertThat(fromJournal.get(fromJournal.size() - 1).event()).isEqualTo("run_finished");
            assertThat(live.stream().map(ServerSentEvent::event).toList())
                    .isEqualTo(whole.subList(1, whole.size()).stream()
                            .map(ServerSentEvent::event)
                            .toList());
        });
    }

    @Test
    void aClientThatDisconnectsMidStreamLeavesTheRunGoingOn() throws Exception {
        runner.run(context -> {
            WebTestClient client = client(context);
            String runId = start(client, "split the work");
            List<ServerSentEvent<String>> firstOnly =
                    events(client, runId, "").take(1).collectList().block(Duration.ofSeconds(10));
            assertThat(firstOnly).extracting(ServerSentEvent::event).containsExactly("run_started");
            assertThat(run(client, runId).path("state").asText()).isEqualTo("RUNNING");

            gate.countDown();
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> run(client, runId).path("state").asText(), "COMPLETED"::equals);
            assertThat(run(client, runId).path("result").path("tasks").asInt()).isEqualTo(2);
        });
    }

    @Test
    void aHundredConcurrentClientsOnOneRunGetTheSameEvents() throws Exception {
        runner.run(context -> {
            WebTestClient client = client(context);
            String runId = start(client, "split the work");
            int clients = 100;
            CountDownLatch subscribed = new CountDownLatch(clients);
            List<Flux<List<ServerSentEvent<String>>>> streams = new ArrayList<>();
            for (int i = 0; i < clients; i++) {
                streams.add(events(client, runId, "")
                        .doOnNext(e -> {
                            if ("1".equals(e.id())) {
                                subscribed.countDown();
                            }
                        })
                        .collectList()
                        .flux()
                        .subscribeOn(Schedulers.boundedElastic()));
            }
            var collected = Flux.merge(streams).collectList().toFuture();
            // Every client is connected and has the first event while the run is still waiting at the gate.
            assertThat(subscribed.await(30, TimeUnit.SECONDS)).isTrue();
            assertThat(run(client, runId).path("state").asText()).isEqualTo("RUNNING");
            gate.countDown();

            List<List<ServerSentEvent<String>>> received = collected.get(60, TimeUnit.SECONDS);
            assertThat(received).hasSize(clients);
            List<String> reference = received.get(0).stream()
                    .map(e -> e.id() + " " + e.event() + " " + e.data())
                    .toList();
            assertThat(reference).last().asString().contains("run_finished");
            assertThat(received)
                    .allSatisfy(list -> assertThat(list.stream()
                                    .map(e -> e.id() + " " + e.event() + " " + e.data())
                                    .toList())
                            .isEqualTo(reference));
        });
    }

    @Test
    void deleteCancelsARunningRunWhichKeepsWhatItCompleted() throws Exception {
        runner.run(context -> {
            WebTestClient client = client(context);
            String runId = start(client, "split the work");
            client.delete()
                    .uri("/swarm/runs/{id}", runId)
                    .exchange()
                    .expectStatus()
                    .isAccepted()
                    .expectBody()
                    .jsonPath("$.runId")
                    .isEqualTo(runId);
            gate.countDown();
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> run(client, runId).path("state").asText(), "CANCELLED"::equals);
            List<ServerSentEvent<String>> events = all(client, runId, "");
            assertThat(events.get(events.size() - 1).event()).isEqualTo("run_finished");

            client.delete()
                    .uri("/swarm/runs/{id}", runId)
                    .exchange()
                    .expectStatus()
                    .isEqualTo(HttpStatus.CONFLICT)
                    .expectHeader()
                    .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                    .expectBody()
                    .jsonPath("$.detail")
                    .value(d -> assertThat(d.toString()).contains("already ended with status CANCELLED"));
        });
    }

    @Test
    void anEmptyTaskIsA400ProblemAndStartsNothing() {
        gate.countDown();
        runner.run(context -> {
            WebTestClient client = client(context);
            for (String body : List.of("{\"task\":\"   \"}", "{}", "{\"task\":null}")) {
                client.post()
                        .uri("/swarm/runs")
                        .contentType(MediaType.APPLICATION_JSON)
                        .bodyValue(body)
                        .exchange()
                        .expectStatus()
                        .isBadRequest()
                        .expectHeader()
                        .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                        .expectBody()
                        .jsonPath("$.status")
                        .isEqualTo(400)
                        .jsonPath("$.type")
                        .isEqualTo("urn:agent-swarm:problem:empty-task")
                        .jsonPath("$.detail")
                        .value(d -> assertThat(d.toString()).contains("the task is empty"));
            }
            assertThat(context.getBean(SwarmRuns.class).inFlight()).isEmpty();
        });
    }

    @Test
    void aBodyThatIsNotJsonOrNotJsonTypedIsAProblemToo() {
        runner.run(context -> {
            WebTestClient client = client(context);
            client.post()
                    .uri("/swarm/runs")
                    .contentType(MediaType.APPLICATION_JSON)
                    .bodyValue("{\"task\": ")
                    .exchange()
                    .expectStatus()
                    .isBadRequest()
                    .expectHeader()
                    .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                    .expectBody()
                    .jsonPath("$.detail")
                    .value(d -> assertThat(d.toString()).contains("{\"task\": \"...\"}"));
            client.post()
                    .uri("/swarm/runs")
                    .contentType(MediaType.TEXT_PLAIN)
                    .bodyValue("do it")
                    .exchange()
                    .expectStatus()
                    .isEqualTo(HttpStatus.UNSUPPORTED_MEDIA_TYPE)
                    .expectHeader()
                    .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
            assertThat(context.getBean(SwarmRuns.class).inFlight()).isEmpty();
        });
    }

    @Test
    void aTaskLongerThanAllowedIsA400ProblemThatNamesTheProperty() {
        runner.withPropertyValues("agent-swarm.runs.max-task-chars=10")
                .run(context -> client(context)
                        .post()
                        .uri("/swarm/runs")
                        .contentType(MediaType.APPLICATION_JSON)
                        .bodyValue(Map.of("task", "x".repeat(11)))
                        .exchange()
                        .expectStatus()
                        .isBadRequest()
                        .expectBody()
                        .jsonPath("$.detail")
                        .value(d -> assertThat(d.toString()).contains("agent-swarm.runs.max-task-chars")));
    }

    @Test
    void anUnknownRunIdIsA404ProblemOnEveryEndpoint() {
        runner.run(context -> {
            WebTestClient client = client(context);
            List<WebTestClient.RequestHeadersSpec<?>> requests = List.of(
                    client.get().uri("/swarm/runs/nope"),
                    client.get().uri("/swarm/runs/nope/events").accept(MediaType.TEXT_EVENT_STREAM),
                    client.delete().uri("/swarm/runs/nope"));
            for (WebTestClient.RequestHeadersSpec<?> request : requests) {
                request.exchange()
                        .expectStatus()
                        .isNotFound()
                        .expectHeader()
                        .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                        .expectBody()
                        .jsonPath("$.type")
                        .isEqualTo("urn:agent-swarm:problem:unknown-run")
                        .jsonPath("$.detail")
                        .value(d -> assertThat(d.toString()).contains("no run 'nope'"));
            }
        });
    }

    @Test
    void aMalformedLastEventIdIsA400Problem() throws Exception {
        gate.countDown();
        runner.run(context -> {
            WebTestClient client = client(context);
            String runId = start(client, "split the work");
            for (String bad : List.of("abc", "-2")) {
                client.get()
                        .uri("/swarm/runs/{id}/events", runId)
                        .accept(MediaType.TEXT_EVENT_STREAM)
                        .header("Last-Event-ID", bad)
                        .exchange()
                        .expectStatus()
                        .isBadRequest()
                        .expectBody()
                        .jsonPath("$.detail")
                        .value(d -> assertThat(d.toString()).contains("Last-Event-ID"));
            }
        });
    }

    @Test
    void aRunStartedWhenTheTokenBudgetIsExhaustedIsA409ProblemWithTheReason() throws Exception {
        gate.countDown();
        runner.withPropertyValues("agent-swarm.runs.max-total-tokens=1").run(context -> {
            WebTestClient client = client(context);
            String first = start(client, "split the work");
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> run(client, first).path("state").asText(), "COMPLETED"::equals);
            client.post()
                    .uri("/swarm/runs")
                    .contentType(MediaType.APPLICATION_JSON)
                    .bodyValue(Map.of("task", "one more"))
                    .exchange()
                    .expectStatus()
                    .isEqualTo(HttpStatus.CONFLICT)
                    .expectHeader()
                    .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                    .expectBody()
                    .jsonPath("$.type")
                    .isEqualTo("urn:agent-swarm:problem:budget-exhausted")
                    .jsonPath("$.detail")
                    .value(d -> assertThat(d.toString())
                            .contains("token budget of the runs is exhausted")
                            .contains("agent-swarm.runs.max-total-tokens"));
            assertThat(context.getBean(SwarmRuns.class).inFlight()).isEmpty();
        });
    }

    @Test
    void thePropertyTurnsTheEndpointsOff() {
        runner.withPropertyValues("agent-swarm.web.enabled=false").run(context -> {
            assertThat(context)
                    .hasNotFailed()
                    .doesNotHaveBean(SwarmRunsController.class)
                    .hasSingleBean(SwarmRuns.class);
            client(context).get().uri("/swarm/runs/x").exchange().expectStatus().isNotFound();
        });
    }

    @Test
    void aServletOrPlainApplicationGetsTheRegistryButNoEndpoints() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(
                        AgentSwarmAutoConfiguration.class,
                        SwarmRunsAutoConfiguration.class,
                        SwarmWebAutoConfiguration.class))
                .withBean("gpt", ChatModel.class, () -> gated(scripted()))
                .run(context -> assertThat(context)
                        .hasNotFailed()
                        .hasSingleBean(SwarmRuns.class)
                        .doesNotHaveBean(SwarmRunsController.class));
    }

    @Test
    void withoutASwarmThereIsNoRegistryAndNoEndpoint() {
        new ReactiveWebApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(
                        AgentSwarmAutoConfiguration.class,
                        SwarmRunsAutoConfiguration.class,
                        SwarmWebAutoConfiguration.class))
                .run(context -> assertThat(context)
                        .hasNotFailed()
                        .doesNotHaveBean(SwarmRuns.class)
                        .doesNotHaveBean(SwarmRunsController.class));
    }
}

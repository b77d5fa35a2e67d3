package dev.agentswarm.examples.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The application over HTTP, without a browser: the page and its script are served, {@code /example/info} says the
 * model is simulated, and a run started through the starter's endpoint looks the task's cities up with the real atlas
 * tool. Simulated latencies are scaled down here, so the run takes a fraction of a second.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "swarm-example.simulated.latency-scale=0.02")
class ExampleApplicationTest {

    @Autowired
    WebTestClient server;

    WebTestClient client;

    // WebTestClient's default of 5 s per response was once too short on a busy 2-core CI machine for a static file;
    // a response that never comes still fails the test, after 30 s.
    @BeforeEach
    void allowSlowResponses() {
        client = server.mutate().responseTimeout(Duration.ofSeconds(30)).build();
    }

    @Test
    void thePageAndItsScriptAreServedAndTheScriptNeverWritesHtml() {
        String page = body("/", MediaType.TEXT_HTML);
        assertThat(page)
                .contains("<svg id=\"gantt\"")
                .contains("<table id=\"tasks\">")
                .contains("app.js");
        assertThat(page)
                .as("no CDN: every script and style sheet is the application's own")
                .doesNotContainPattern("(src|href)=\"(https?:)?//");
        String script = body("/app.js", MediaType.valueOf("text/javascript"));
        assertThat(script).contains("new EventSource(").contains("textContent").doesNotContain("innerHTML");
        assertThat(script).doesNotContain("insertAdjacentHTML").doesNotContain("document.write");
        assertThat(body("/style.css", MediaType.valueOf("text/css"))).contains("#6e8efb");
    }

    @Test
    void theInfoSaysTheModelIsSimulated() {
        JsonNode info = json("/example/info");
        assertThat(info.path("provider").asText()).isEqualTo("simulated");
        assertThat(info.path("simulated").asBoolean()).isTrue();
        assertThat(info.path("swarm").asBoolean()).isTrue();
        assertThat(info.path("model").asText()).isEqualTo("simulated/city-researcher");
        assertThat(info.path("note").asText()).contains("no real model is called");
        assertThat(info.path("defaultTask").asText()).isEqualTo(CityTasks.DEFAULT_TASK);
    }

    @Test
    void aRunLooksTheTaskCitiesUpWithTheAtlasTool() {
        JsonNode started = client.post()
                .uri("/swarm/runs")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("task", "Find the country and population of: Tartu; Graz; Lille; Atlantis"))
                .exchange()
                .expectStatus()
                .isAccepted()
                .expectBody(JsonNode.class)
                .returnResult()
                .getResponseBody();
        String runId = Objects.requireNonNull(started).path("runId").asText();

        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(20))
                .until(() ->
                        !json("/swarm/runs/" + runId).path("state").asText().equals("RUNNING"));
        JsonNode result = json("/swarm/runs/" + runId).path("result");
        assertThat(result.path("status").asText()).isEqualTo("COMPLETED");
        assertThat(result.path("tasks").asInt()).as("four cities, two per task").isEqualTo(2);
        assertThat(result.path("answer").asText())
                .contains("(simulated provider)")
                .contains("| Tartu | Estonia | 97,000 |")
                .contains("| Graz | Austria | 298,000 |")
                .contains("| Lille | France | 236,000 |")
                .contains("| Atlantis |  |  |");
    }

    @Test
    void anEmptyTaskIsAProblem() {
        JsonNode problem = client.post()
                .uri("/swarm/runs")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("task", " "))
                .exchange()
                .expectStatus()
                .isBadRequest()
                .expectBody(JsonNode.class)
                .returnResult()
                .getResponseBody();
        assertThat(Objects.requireNonNull(problem).path("type").asText())
                .isEqualTo("urn:agent-swarm:problem:empty-task");
    }

    private String body(String path, MediaType type) {
        String body = client.get()
                .uri(path)
                .exchange()
                .expectStatus()
                .isOk()
                .expectHeader()
                .contentTypeCompatibleWith(type)
                .expectBody(String.class)
                .returnResult()
                .getResponseBody();
        return Objects.requireNonNull(body);
    }

    private JsonNode json(String path) {
        JsonNode body = client.get()
                .uri(path)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(JsonNode.class)
                .returnResult()
                .getResponseBody();
        return Objects.requireNonNull(body);
    }
}

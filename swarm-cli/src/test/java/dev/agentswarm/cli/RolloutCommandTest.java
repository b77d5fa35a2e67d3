package dev.agentswarm.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code swarm rollout}: offline on the simulated policy, and against a policy endpoint (the real OpenAI client on
 * WireMock) that answers some tasks, returns 500s for one and garbage for another; each bad episode is named and the
 * others complete.
 */
class RolloutCommandTest {

    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    WireMockServer server;
    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();

    @BeforeEach
    void start() {
        server =
                new WireMockServer(WireMockConfiguration.options().dynamicPort().bindAddress("127.0.0.1"));
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    int swarm(String... args) {
        Map<String, String> env = new HashMap<>();
        return SwarmCli.execute(
                new CliContext(new PrintWriter(out, true), new PrintWriter(err, true), env, false, dir), args);
    }

    Map<String, JsonNode> episodesByTask(Path folder) throws Exception {
        Map<String, JsonNode> byTask = new HashMap<>();
        for (String l : Files.readAllLines(folder.resolve("episodes.jsonl"))) {
            JsonNode n = JSON.readTree(l);
            byTask.put(n.path("task_id").asText("line-" + n.get("line").asInt()), n);
        }
        return byTask;
    }

    @Test
    void offlineOnTheSimulatedPolicyEveryGoodLineCompletesAndABadLineIsNamed() throws Exception {
        Files.write(
                dir.resolve("tasks.jsonl"),
                List.of(
                        "{\"id\":\"a\",\"task\":\"Sum it. answer: 42\",\"answer\":\"42\",\"judge\":\"normalized\"}",
                        "not json at all",
                        "{\"id\":\"b\",\"task\":\"Count it. answer: 7\",\"answer\":\"7\",\"judge\":\"normalized\"}"));

        int code = swarm(
                "rollout", "--dataset", "tasks.jsonl", "--episodes", "6", "--out", "out", "--sim-latency-ms", "1");

        assertThat(code).as(out + "\n" + err).isEqualTo(1);
        assertThat(out.toString()).contains("simulated policy").contains("episodes 6/6");
        assertThat(err.toString()).contains("dataset line 2 is not JSON").contains("episode e1");
        List<String> episodes = Files.readAllLines(dir.resolve("out/episodes.jsonl"));
        assertThat(episodes).hasSize(6);
        int completed = 0;
        for (String l : episodes) {
            JsonNode n = JSON.readTree(l);
            if (n.get("line").asInt() == 2) {
                assertThat(n.get("status").asText()).isEqualTo("INVALID_INPUT");
            } else {
                assertThat(n.get("status").asText()).isEqualTo("COMPLETED");
                assertThat(n.at("/reward/performance").asDouble()).isEqualTo(1.0);
                assertThat(n.at("/reward/parallel").asDouble()).isGreaterThan(0.0);
                completed++;
            }
        }
        assertThat(completed).isEqualTo(4);
        List<String> turns = Files.readAllLines(dir.resolve("out/trajectories.jsonl"));
        assertThat(turns).hasSize(8);
        assertThat(JSON.readTree(turns.get(0)).get("schema_version").asText()).isEqualTo("2");

        // the same output folder again is refused, not overwritten
        assertThat(swarm("rollout", "--dataset", "tasks.jsonl", "--out", "out")).isEqualTo(SwarmCli.USAGE);
        assertThat(err.toString()).contains("already holds a rollout");
    }

    @Test
    void aPolicyEndpointReturning500sOrGarbageFailsOnlyItsEpisodes() throws Exception {
        server.stubFor(post(urlPathMatching(".*/chat/completions"))
                .atPriority(1)
                .withRequestBody(containing("task-500"))
                .willReturn(aResponse().withStatus(500).withBody("{\"error\":{\"message\":\"internal\"}}")));
        server.stubFor(post(urlPathMatching(".*/chat/completions"))
                .atPriority(1)
                .withRequestBody(containing("task-garbage"))
                .willReturn(aResponse()
                        .withStatus(200)
                        .withHeader("Content-Type", "application/json")
                        .withBody("<html>this is not a completion</html>")));
        server.stubFor(post(urlPathMatching(".*/chat/completions"))
                .atPriority(5)
                .willReturn(aResponse()
                        .withStatus(200)
                        .withHeader("Content-Type", "application/json")
                        .withBody("""
                                {"id":"chatcmpl-1","object":"chat.completion","created":1,"model":"policy",
                                 "choices":[{"index":0,"message":{"role":"assistant","content":"42"},
                                 "finish_reason":"stop"}],
                                 "usage":{"prompt_tokens":10,"completion_tokens":5,"total_tokens":15}}""")));
        Files.write(
                dir.resolve("tasks.jsonl"),
                List.of(
                        "{\"id\":\"ok-1\",\"task\":\"task-ok one\",\"answer\":\"42\"}",
                        "{\"id\":\"e500\",\"task\":\"task-500\",\"answer\":\"42\"}",
                        "{\"id\":\"junk\",\"task\":\"task-garbage\",\"answer\":\"42\"}",
                        "{\"id\":\"ok-2\",\"task\":\"task-ok two\",\"answer\":\"42\"}"));

        int code = swarm(
                "rollout",
                "--dataset",
                "tasks.jsonl",
                "--policy-url",
                "http://127.0.0.1:" + server.port() + "/v1",
                "--policy-model",
                "policy",
                "--max-attempts",
                "1",
                "--out",
                "live");

        assertThat(code).as(out + "\n" + err).isEqualTo(1);
        Map<String, JsonNode> byTask = episodesByTask(dir.resolve("live"));
        assertThat(byTask.get("ok-1").get("status").asText()).isEqualTo("COMPLETED");
        assertThat(byTask.get("ok-2").get("status").asText()).isEqualTo("COMPLETED");
        assertThat(byTask.get("ok-2").at("/reward/performance").asDouble()).isEqualTo(1.0);
        assertThat(byTask.get("e500").get("status").asText()).isEqualTo("FAILED");
        assertThat(byTask.get("e500").get("error").asText())
                .contains("episode e1")
                .contains("dataset line 2")
                .contains("500");
        assertThat(byTask.get("junk").get("status").asText()).isEqualTo("FAILED");
        assertThat(byTask.get("junk").get("error").asText())
                .contains("episode e2")
                .contains("dataset line 3");
        assertThat(err.toString()).contains("episode e1").contains("episode e2");
        List<String> turns = Files.readAllLines(dir.resolve("live/trajectories.jsonl"));
        assertThat(turns).hasSize(2);
        JsonNode turn = JSON.readTree(turns.get(0));
        assertThat(turn.at("/request/messages/1/content").asText()).startsWith("task-ok");
        assertThat(turn.at("/response/message/content").asText()).isEqualTo("42");
    }

    @Test
    void badOptionsAreUsageErrors() throws Exception {
        assertThat(swarm("rollout", "--dataset", "missing.jsonl")).isEqualTo(SwarmCli.USAGE);
        assertThat(err.toString()).contains("missing.jsonl").contains("is not a file");
        Files.writeString(dir.resolve("t.jsonl"), "{\"task\":\"x\"}\n");
        assertThat(swarm("rollout", "--dataset", "t.jsonl", "--policy-url", "http://127.0.0.1:1/v1"))
                .isEqualTo(SwarmCli.USAGE);
        assertThat(err.toString()).contains("--policy-model");
        assertThat(swarm("rollout", "--dataset", "t.jsonl", "--judge", "oracle"))
                .isEqualTo(SwarmCli.USAGE);
        assertThat(err.toString()).contains("--judge oracle");
    }
}

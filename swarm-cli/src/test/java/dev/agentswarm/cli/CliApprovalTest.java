package dev.agentswarm.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import dev.agentswarm.test.OpenAiCompletions;
import dev.agentswarm.test.Replies;
import dev.langchain4j.data.message.AiMessage;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code swarm run --approve} driven through a pseudo-terminal (a private tmux server): the CLI asks one line per
 * request, {@code y} approves, {@code e} edits the prompt the subagent gets, {@code n reason} denies with the reason as
 * the call's tool result. Without a terminal {@code --approve} refuses to start (exit 2); {@code --approval-rules}
 * decides by a file. The provider is the real OpenAI client against WireMock on loopback.
 */
class CliApprovalTest {

    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    WireMockServer server;
    final List<JsonNode> bodies = Collections.synchronizedList(new ArrayList<>());
    String tmuxSocket;

    @BeforeEach
    void start() {
        ResponseDefinitionTransformerV2 fake = new ResponseDefinitionTransformerV2() {
            @Override
            public String getName() {
                return "approval-openai";
            }

            @Override
            public ResponseDefinition transform(ServeEvent serveEvent) {
                try {
                    JsonNode body = JSON.readTree(serveEvent.getRequest().getBodyAsString());
                    bodies.add(body);
                    return new ResponseDefinition(200, OpenAiCompletions.body(reply(body), "m", 10, 5));
                } catch (Exception e) {
                    return new ResponseDefinition(500, "fake failed: " + e);
                }
            }
        };
        server = new WireMockServer(
                options().bindAddress("127.0.0.1").dynamicPort().extensions(fake));
        server.start();
        server.stubFor(post(urlPathEqualTo("/v1/chat/completions"))
                .willReturn(aResponse().withStatus(200)));
        tmuxSocket = "swarm-approval-" + UUID.randomUUID();
    }

    @AfterEach
    void stop() throws Exception {
        server.stop();
        if (tmuxAvailable()) {
            new ProcessBuilder("tmux", "-L", tmuxSocket, "kill-server")
                    .redirectErrorStream(true)
                    .start()
                    .waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** Orchestrator: define a worker, give it one task, answer with the tool result; the worker echoes its task. */
    static AiMessage reply(JsonNode body) {
        String messages = body.get("messages").toString();
        if (!orchestrator(body)) {
            return AiMessage.from(
                    "did " + body.get("messages").get(1).get("content").asText());
        }
        int turn = 0;
        String lastTool = "";
        for (JsonNode m : body.get("messages")) {
            if (m.get("role").asText().equals("assistant")) {
                turn++;
            } else if (m.get("role").asText().equals("tool")) {
                lastTool = m.get("content").asText();
            }
        }
        assertThat(messages).isNotEmpty();
        return switch (turn) {
            case 0 -> Replies.calls(Replies.createSubagent("worker", "You work."));
            case 1 -> Replies.calls(Replies.assignTask("worker", "original prompt"));
            default -> AiMessage.from("FINAL: " + lastTool);
        };
    }

    static boolean orchestrator(JsonNode body) {
        return body.has("tools") && body.get("tools").toString().contains("assign_task");
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.port() + "/v1";
    }

    static boolean tmuxAvailable() {
        try {
            return new ProcessBuilder("tmux", "-V").start().waitFor(10, TimeUnit.SECONDS);
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    /** Starts {@code swarm run --approve} in a new tmux session and returns a way to read its screen. */
    Pane launch() throws IOException {
        if (Boolean.getBoolean("swarm.tty.required")) {
            assertThat(tmuxAvailable())
                    .as("tmux is required here (-Dswarm.tty.required=true, as in CI) but is not installed")
                    .isTrue();
        }
        Assumptions.assumeTrue(
                tmuxAvailable(),
                "tmux is not installed: the pseudo-terminal test needs it (CI installs it and requires this test)");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String command = String.join(
                " ",
                quote(java),
                "-cp",
                quote(System.getProperty("java.class.path")),
                SwarmCli.class.getName(),
                "run",
                quote("a task"),
                "--provider",
                "openai-compatible",
                "--base-url",
                baseUrl(),
                "--model",
                "m",
                "--approve",
                "--out",
                quote(dir.resolve("out").toString()),
                "; echo EXIT=$?; sleep 600");
        Process p = new ProcessBuilder(
                        "tmux", "-L", tmuxSocket, "new-session", "-d", "-s", "cli", "-x", "250", "-y", "60", command)
                .redirectErrorStream(true)
                .start();
        try {
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        assertThat(p.exitValue()).as("tmux new-session").isZero();
        return new Pane();
    }

    private static String quote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }

    /** The tmux pane the CLI runs in. */
    final class Pane {
        String screen() throws IOException, InterruptedException {
            Process p = new ProcessBuilder(
                            "tmux", "-L", tmuxSocket, "capture-pane", "-p", "-J", "-S", "-200", "-t", "cli")
                    .redirectErrorStream(true)
                    .start();
            String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            p.waitFor(10, TimeUnit.SECONDS);
            return out;
        }

        void waitFor(String text) {
            await().atMost(90, TimeUnit.SECONDS)
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> screen().contains(text));
        }

        void type(String line) throws IOException, InterruptedException {
            Process p = new ProcessBuilder("tmux", "-L", tmuxSocket, "send-keys", "-t", "cli", "-l", line).start();
            assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
            Process enter = new ProcessBuilder("tmux", "-L", tmuxSocket, "send-keys", "-t", "cli", "Enter").start();
            assertThat(enter.waitFor(10, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void yApprovesAndEEditsThePromptTheSubagentGets() throws Exception {
        Pane pane = launch();
        pane.waitFor("approve [s0/c0] create_subagent worker: You work.? [y/n/e]");
        pane.type("y");
        pane.waitFor("approve [s1/c0] assign_task worker: original prompt? [y/n/e]");
        pane.type("e");
        pane.waitFor("new prompt:");
        pane.type("edited by a person");
        pane.waitFor("EXIT=");

        String screen = pane.screen();
        assertThat(screen).contains("EXIT=0").contains("FINAL: did edited by a person");
        List<String> subagentTasks = bodies.stream()
                .filter(b -> !orchestrator(b))
                .map(b -> b.get("messages").get(1).get("content").asText())
                .toList();
        assertThat(subagentTasks).containsExactly("edited by a person");
    }

    @Test
    void nWithAReasonDeniesAndTheReasonIsTheToolResult() throws Exception {
        Pane pane = launch();
        pane.waitFor("create_subagent worker");
        pane.type("y");
        pane.waitFor("assign_task worker: original prompt");
        pane.type("n too risky");
        pane.waitFor("EXIT=");

        assertThat(pane.screen())
                .contains("EXIT=0")
                .contains("FINAL: Denied by the approval policy: denied by the operator: too risky. The call did not"
                        + " run.");
        assertThat(bodies).as("the denied task never reached the provider").allMatch(CliApprovalTest::orchestrator);
    }

    private int runInProcess(StringWriter out, StringWriter err, String... extra) {
        List<String> args = new ArrayList<>(List.of(
                "run",
                "a task",
                "--provider",
                "openai-compatible",
                "--base-url",
                baseUrl(),
                "--model",
                "m",
                "--out",
                dir.resolve("out-" + UUID.randomUUID()).toString()));
        args.addAll(List.of(extra));
        return SwarmCli.execute(
                new CliContext(new PrintWriter(out), new PrintWriter(err), Map.of(), false, dir),
                args.toArray(String[]::new));
    }

    @Test
    void approveWithoutATerminalRefusesToStart() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = runInProcess(out, err, "--approve");
        assertThat(code).isEqualTo(SwarmCli.USAGE);
        assertThat(err.toString())
                .contains("--approve asks in the terminal, but standard input or output is not a terminal");
        assertThat(bodies).as("nothing ran").isEmpty();
    }

    @Test
    void approvalRulesDecideFromAFile() throws Exception {
        Path rules = Files.writeString(
                dir.resolve("rules.txt"),
                "# the team's rules\nallow kind create_subagent\ndeny agent work* no workers today\n");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = runInProcess(out, err, "--approval-rules", rules.toString());
        assertThat(code).as(err.toString()).isZero();
        assertThat(out.toString())
                .contains("FINAL: Denied by the approval policy: no workers today. The call did not run.");
    }

    @Test
    void aMalformedRulesFileIsBadInputNamingItsLine() throws Exception {
        Path rules = Files.writeString(dir.resolve("rules.txt"), "allow kind create_subagent\nmaybe agent x\n");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = runInProcess(out, err, "--approval-rules", rules.toString());
        assertThat(code).isEqualTo(SwarmCli.USAGE);
        assertThat(err.toString()).contains("approval rule on line 2 must start with 'allow' or 'deny', got 'maybe'");
        assertThat(bodies).as("nothing ran").isEmpty();
    }
}

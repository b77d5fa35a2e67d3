package dev.agentswarm.mcp;

import static dev.agentswarm.test.Replies.assignTask;
import static dev.agentswarm.test.Replies.call;
import static dev.agentswarm.test.Replies.calls;
import static dev.agentswarm.test.Replies.createSubagent;
import static dev.agentswarm.test.Replies.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentswarm.AgentSwarm;
import dev.agentswarm.report.RunStatus;
import dev.agentswarm.report.SwarmResult;
import dev.agentswarm.test.RecordedRequest;
import dev.agentswarm.test.ScriptedModel;
import dev.agentswarm.tool.AgentTool;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

/**
 * Every kind of bad MCP server gives a clear error (a problem of the toolset, or an error result of the call) and the
 * rest goes on: the other servers, the other calls, the run.
 */
class McpBadServerTest {

    static McpServerConfig bad(String name, String mode) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return McpServerConfig.stdio(
                name, List.of(java, "-cp", System.getProperty("java.class.path"), BadServer.class.getName(), mode));
    }

    static final McpOptions FAST = McpOptions.DEFAULTS
            .withInitTimeout(Duration.ofSeconds(20))
            .withCallTimeout(Duration.ofSeconds(5))
            .withRestarts(2, Duration.ofMillis(100), Duration.ofMillis(400));

    static AgentTool tool(McpToolset set, String name) {
        return set.tools().stream()
                .filter(t -> t.name().equals(name))
                .findFirst()
                .orElseThrow();
    }

    static void expectError(AgentTool tool, String... fragments) {
        StepVerifier.create(tool.execute(McpToolsetTest.request(tool.name(), "{}")))
                .expectErrorSatisfies(e -> {
                    assertThat(e).isInstanceOf(McpException.class);
                    for (String f : fragments) {
                        assertThat(e.getMessage()).contains(f);
                    }
                })
                .verify(Duration.ofSeconds(60));
    }

    @Test
    void serversThatCannotStartAreLeftOutWithTheReasonAndTheOthersWork() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        try (McpToolset set = McpToolset.start(
                List.of(
                        bad("exits", "exit-at-start"),
                        bad("silent", "never-init"),
                        bad("garbage", "garbage"),
                        McpServerConfig.http("gone", URI.create("http://127.0.0.1:" + closedPort + "/mcp")),
                        McpServerConfig.stdio("missing", List.of("/no/such/mcp-server-binary")),
                        bad("good", "normal")),
                FAST.withInitTimeout(Duration.ofSeconds(20)))) {
            List<String> problems = set.problems();
            assertThat(problems).hasSize(5);
            assertThat(problems)
                    .anySatisfy(p -> assertThat(p)
                            .contains("MCP server 'exits'", "exited with code 1", "missing configuration file"));
            assertThat(problems)
                    .anySatisfy(p -> assertThat(p)
                            .contains("MCP server 'silent'", "did not answer initialize and tools/list within 20 s"));
            assertThat(problems)
                    .anySatisfy(
                            p -> assertThat(p).contains("MCP server 'garbage'", "not JSON-RPC", "Server starting..."));
            assertThat(problems)
                    .anySatisfy(p -> assertThat(p).contains("MCP server 'gone'", "127.0.0.1:" + closedPort));
            assertThat(problems)
                    .anySatisfy(p -> assertThat(p)
                            .contains("MCP server 'missing'", "could not be started", "/no/such/mcp-server-binary"));
            assertThat(set.toolNamesByServer()).containsOnlyKeys("good");
            assertThat(McpToolsetTest.invoke(tool(set, "good__work"), "{}")).isEqualTo("worked: work");
        }
    }

    @Test
    void aServerThatPrintsNonJsonBetweenItsMessagesStillWorks() {
        try (McpToolset set = McpToolset.start(List.of(bad("noisy", "noisy")), FAST)) {
            assertThat(set.problems()).isEmpty();
            assertThat(McpToolsetTest.invoke(tool(set, "noisy__work"), "{}")).isEqualTo("worked: work");
        }
    }

    @Test
    void invalidToolSchemasLeaveOutThoseToolsWithTheReason() {
        try (McpToolset set = McpToolset.start(List.of(bad("schemas", "invalid-schema")), FAST)) {
            assertThat(set.problems())
                    .anySatisfy(p -> assertThat(p).contains("'stringly'", "type string", "must be an object"))
                    .anySatisfy(p -> assertThat(p).contains("'lying'", "names 'b'", "not one of its properties"))
                    .anySatisfy(p -> assertThat(p).contains("'weird-type'", "'strnig'"));
            List<String> names = set.toolNamesByServer().get("schemas");
            // read.file and read_file would share schemas__read_file: both get a hashed suffix, deterministically.
            assertThat(names).hasSize(3).contains("schemas__ok");
            assertThat(names)
                    .filteredOn(n -> n.startsWith("schemas__read_file_"))
                    .hasSize(2)
                    .allMatch(n -> n.matches("schemas__read_file_[0-9a-f]{8}"));
            assertThat(McpToolsetTest.invoke(tool(set, "schemas__ok"), "{}")).isEqualTo("worked: ok");
        }
    }

    @Test
    void aServerThatExitsMidCallFailsTheCallAndIsRestarted() {
        try (McpToolset set = McpToolset.start(List.of(bad("crash", "exit-mid-call")), FAST)) {
            expectError(
                    tool(set, "crash__work"),
                    "MCP server 'crash' ended during the call of crash__work",
                    "exited with code 7",
                    "segfault in worker",
                    "being restarted");
            org.awaitility.Awaitility.await()
                    .atMost(Duration.ofSeconds(30))
                    .until(() -> set.connections().get(0).running());
        }
    }

    @Test
    void aHundredMegabyteOutputIsRefusedWithoutBeingRead() {
        Runtime rt = Runtime.getRuntime();
        try (McpToolset set =
                McpToolset.start(List.of(bad("huge", "huge")), FAST.withCallTimeout(Duration.ofSeconds(60)))) {
            expectError(
                    tool(set, "huge__work"), "sent a message of more than 16777216 bytes", "without reading the rest");
        }
        assertThat(rt.totalMemory()).as("the heap did not grow to hold 100 MB").isLessThan(rt.maxMemory());
    }

    @Test
    void aLargeOutputIsCappedByTheClient() {
        try (McpToolset set = McpToolset.start(List.of(bad("large", "large")), FAST)) {
            String out = McpToolsetTest.invoke(tool(set, "large__work"), "{}");
            assertThat(out)
                    .hasSizeLessThan(McpOptions.DEFAULTS.maxOutputChars() + 200)
                    .endsWith("[truncated by the MCP client: the result was longer than 100000 characters]");
        }
    }

    @Test
    void aToolThatHangsPastItsTimeoutFails() {
        try (McpToolset set =
                McpToolset.start(List.of(bad("hang", "hang")), FAST.withCallTimeout(Duration.ofMillis(500)))) {
            expectError(tool(set, "hang__work"), "MCP tool hang__work did not answer within 500 ms");
            assertThat(set.connections().get(0).openCalls()).isZero();
        }
    }

    @Test
    void aServerNameThatCollidesIsRefused() {
        assertThatThrownBy(() -> McpToolset.start(List.of(bad("dup", "normal"), bad("dup", "normal")), FAST))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("MCP server name 'dup' is used twice");
        assertThatThrownBy(() -> McpServerConfig.stdio("a__b", List.of("x")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no '__'");
    }

    @Test
    void aRunWhoseSubagentCallsBadServersGoesOnWithErrorResults() {
        try (McpToolset set = McpToolset.start(
                List.of(bad("crash", "exit-mid-call"), bad("hang", "hang"), bad("huge", "huge"), bad("good", "normal")),
                FAST.withCallTimeout(Duration.ofSeconds(20)).withInitTimeout(Duration.ofSeconds(30)))) {
            ScriptedModel model = ScriptedModel.builder()
                    .orchestrator(
                            calls(
                                    createSubagent("w", "You work.", "crash", "hang__*", "huge", "good"),
                                    assignTask("w", "go")),
                            text("Finished despite bad servers."))
                    .subagent(
                            "w",
                            (RecordedRequest r) -> r.turn() == 0
                                    ? calls(
                                            call("crash__work", Map.of()),
                                            call("hang__work", Map.of()),
                                            call("huge__work", Map.of()),
                                            call("good__work", Map.of()))
                                    : text("partly done"))
                    .build();
            AgentSwarm swarm =
                    set.addTo(AgentSwarm.builder().orchestratorModel(model)).build();

            SwarmResult result = swarm.run("Use all servers.");

            assertThat(result.status()).isEqualTo(RunStatus.COMPLETED);
            assertThat(result.answer()).isEqualTo("Finished despite bad servers.");
            List<String> results = model.requests("w").get(1).toolResults();
            assertThat(results.get(0)).startsWith("Error").contains("exited with code 7");
            assertThat(results.get(1)).startsWith("Error").contains("did not answer within 20 s");
            assertThat(results.get(2)).startsWith("Error").contains("more than 16777216 bytes");
            assertThat(results.get(3)).contains("worked: work");
        }
    }
}

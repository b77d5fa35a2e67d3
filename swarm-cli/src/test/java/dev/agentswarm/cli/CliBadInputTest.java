package dev.agentswarm.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.matching.RequestPattern;
import dev.agentswarm.event.SwarmEvent;
import dev.agentswarm.event.SwarmEvents;
import dev.agentswarm.report.RunStatus;
import dev.agentswarm.report.TaskResult;
import dev.agentswarm.report.TaskStatus;
import dev.agentswarm.report.TokenUsage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every bad input the CLI refuses: exit code 2, one line on stderr that says what to fix, no stack trace, and no byte
 * of a secret. Nothing reaches the internet: the real providers point at a WireMock server on loopback that answers
 * 401 to everything.
 */
class CliBadInputTest {

    /** Bad input must be refused long before anything runs; before the fix some of these hung forever. */
    private static final Duration FAST = Duration.ofSeconds(60);

    static WireMockServer server;

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeAll
    static void startServer() {
        server =
                new WireMockServer(WireMockConfiguration.options().dynamicPort().bindAddress("127.0.0.1"));
        server.start();
        server.stubFor(any(anyUrl())
                .willReturn(aResponse().withStatus(401).withBody("{\"error\":{\"message\":\"bad key\"}}")));
    }

    @AfterAll
    static void stopServer() {
        server.stop();
    }

    private static String loopback() {
        return "http://127.0.0.1:" + server.port() + "/v1";
    }

    private int swarm(Map<String, String> env, String... args) {
        return assertTimeoutPreemptively(
                FAST,
                () -> SwarmCli.execute(
                        new CliContext(new PrintWriter(out, true), new PrintWriter(err, true), env, false), args));
    }

    private int swarm(String... args) {
        return swarm(Map.of(), args);
    }

    /** Exit 2, one line on stderr that starts as every CLI error does and contains each fragment; no trace. */
    private void assertRefused(int code, String... fragments) {
        String e = err.toString();
        assertThat(code).as("exit code; stderr: %s; stdout: %s", e, out).isEqualTo(2);
        assertThat(e.strip())
                .as("one line")
                .doesNotContain("\n")
                .doesNotContain("\r")
                .startsWith("swarm: error: ");
        assertThat(e).doesNotContain("Exception").doesNotContain("\tat ");
        for (String f : fragments) {
            assertThat(e).contains(f);
        }
        assertThat(out.toString()).doesNotContain("Exception").doesNotContain("\tat ");
    }

    // ---- numeric options -------------------------------------------------------------------------------------

    static Stream<Arguments> badNumbers() {
        return Stream.of(
                Arguments.of(List.of("run", "--latency-scale", "Infinity", "task"), "--latency-scale"),
                Arguments.of(List.of("run", "--latency-scale", "1e308", "task"), "--latency-scale"),
                Arguments.of(List.of("run", "--latency-scale", "NaN", "task"), "--latency-scale"),
                Arguments.of(List.of("run", "--latency-scale", "-1", "task"), "--latency-scale"),
                Arguments.of(List.of("run", "--latency-scale", "0", "task"), "--latency-scale"),
                Arguments.of(List.of("run", "--speedup", "1e-300", "task"), "--speedup"),
                Arguments.of(List.of("run", "--speedup", "Infinity", "task"), "--speedup"),
                Arguments.of(List.of("run", "--speedup", "NaN", "task"), "--speedup"),
                Arguments.of(List.of("run", "--speedup", "-20", "task"), "--speedup"),
                Arguments.of(List.of("run", "--latency-scale", "1000", "--speedup", "0.01", "task"), "--speedup"),
                Arguments.of(List.of("run", "--concurrency", "0", "task"), "--concurrency"),
                Arguments.of(List.of("run", "--concurrency", "2000000000", "task"), "--concurrency"),
                Arguments.of(List.of("run", "--rpm", "-1", "task"), "--rpm"),
                Arguments.of(List.of("run", "--rpm", "2000000000", "task"), "--rpm"),
                Arguments.of(List.of("demo", "--speedup", "1e-300"), "--speedup"),
                Arguments.of(List.of("demo", "--latency-scale", "Infinity"), "--latency-scale"),
                Arguments.of(List.of("plan", "wide-search", "--latency-scale", "Infinity"), "--latency-scale"),
                Arguments.of(List.of("plan", "wide-search", "--latency-scale", "1,1e308"), "--latency-scale"),
                Arguments.of(List.of("plan", "wide-search", "--latency-scale", "NaN"), "--latency-scale"),
                Arguments.of(List.of("plan", "wide-search", "--concurrency", "8,-3"), "--concurrency"),
                Arguments.of(List.of("plan", "wide-search", "--rpm", "-1"), "--rpm"),
                Arguments.of(
                        List.of(
                                "plan",
                                "wide-search",
                                "--concurrency",
                                "1,2,3,4,5,6,7,8,9,10,11",
                                "--rpm",
                                "1,2,3,4,5,6,7,8,9,10"),
                        "combinations"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badNumbers")
    void everyNumericOptionRefusesNaNInfinityNegativeAndAbsurdValues(List<String> args, String option) {
        List<String> all = new ArrayList<>(args);
        if (!"plan".equals(all.get(0))) {
            all.addAll(1, List.of("--out", dir.toString()));
        }
        assertRefused(swarm(all.toArray(String[]::new)), option);
        assertThat(dir.resolve("run.jsonl")).doesNotExist();
    }

    // ---- prices ----------------------------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"m=NaN:1", "m=-1:2", "m=1:-0.5", "m=1:Infinity", "m=1e400:1", "m=1:2:3", "=1:2"})
    void runRefusesAPriceThatIsNotAFiniteNonNegativeNumber(String price) {
        assertRefused(swarm("run", "--out", dir.toString(), "--price", price, "task"), "--price");
        assertThat(dir.resolve("run.jsonl")).doesNotExist();
    }

    @ParameterizedTest
    @ValueSource(strings = {"m=NaN:1", "m=-1:2", "m=1:Infinity"})
    void reportRefusesAPriceThatIsNotAFiniteNonNegativeNumber(String price) throws Exception {
        Path journal = writeJournal(UnaryOperator.identity());
        assertRefused(swarm("report", journal.toString(), "--price", price), "--price");
        assertThat(dir.resolve("run.html")).doesNotExist();
    }

    // ---- --base-url ------------------------------------------------------------------------------------------

    static Stream<Arguments> badBaseUrls() {
        return Stream.of(
                Arguments.of("openai-compatible", "localhost:8000"),
                Arguments.of("openai-compatible", "ht tp://x/v1"),
                Arguments.of("openai-compatible", "ftp://127.0.0.1/v1"),
                Arguments.of("openai-compatible", "http://"),
                Arguments.of("openai-compatible", "/v1"),
                Arguments.of("openai", "localhost:8000"),
                Arguments.of("ollama", "127.0.0.1:11434/v1"),
                Arguments.of("anthropic", "not a url"),
                Arguments.of("gemini", "file:///etc/passwd"));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("badBaseUrls")
    void invalidBaseUrlIsRefusedWithOneLine(String provider, String url) {
        server.resetRequests();
        Map<String, String> env = Map.of(
                "OPENAI_API_KEY",
                "sk-test-Kq8ZpW3v",
                "ANTHROPIC_API_KEY",
                "sk-ant-Kq8ZpW3v",
                "GEMINI_API_KEY",
                "AIza-Kq8ZpW3v");
        int code = swarm(
                env, "run", "--out", dir.toString(), "--provider", provider, "--model", "m", "--base-url", url, "task");
        assertRefused(code, "--base-url");
        assertThat(err.toString() + out).doesNotContain("Kq8ZpW3v");
        assertThat(server.countRequestsMatching(RequestPattern.everything()).getCount())
                .isZero();
    }

    @Test
    void baseUrlWithUserInfoIsRefusedWithoutPrintingIt() {
        int code = swarm(
                Map.of("OPENAI_API_KEY", "sk-test-Kq8ZpW3v"),
                "run",
                "--out",
                dir.toString(),
                "--provider",
                "openai-compatible",
                "--model",
                "m",
                "--base-url",
                "http://user:Hunter2Secret@127.0.0.1:1/v1",
                "task");
        assertRefused(code, "--base-url");
        assertThat(err.toString() + out).doesNotContain("Hunter2Secret");
    }

    // ---- output paths ----------------------------------------------------------------------------------------

    @Test
    void outThatIsAFileIsRefused() throws Exception {
        Path file = Files.writeString(dir.resolve("a-file"), "keep me");
        assertRefused(swarm("run", "--out", file.toString(), "--speedup", "500", "task"), "--out", "a-file");
        assertThat(file).hasContent("keep me");
    }

    @Test
    void journalPathThatIsANonEmptyFolderIsRefused() throws Exception {
        Files.createDirectories(dir.resolve("run.jsonl").resolve("inside"));
        assertRefused(swarm("run", "--out", dir.toString(), "--speedup", "500", "task"), "run.jsonl", "folder");
        assertThat(dir.resolve("run.jsonl").resolve("inside")).isDirectory();
    }

    @Test
    void reportPathThatIsAFolderIsRefusedBeforeTheRun() throws Exception {
        Files.createDirectories(dir.resolve("run.html").resolve("inside"));
        assertRefused(swarm("run", "--out", dir.toString(), "--speedup", "500", "task"), "run.html", "folder");
        assertThat(dir.resolve("run.jsonl")).as("refused before the run").doesNotExist();
    }

    @Test
    void reportOutputThatIsAFolderIsRefused() throws Exception {
        Path journal = writeJournal(UnaryOperator.identity());
        Files.createDirectories(dir.resolve("page.html"));
        assertRefused(
                swarm(
                        "report",
                        journal.toString(),
                        "-o",
                        dir.resolve("page.html").toString()),
                "page.html");
    }

    @Test
    void replayOutThatIsAFileIsRefused() throws Exception {
        Path file = Files.writeString(dir.resolve("a-file"), "keep me");
        Path cassette = Files.writeString(dir.resolve("c.jsonl"), "");
        assertRefused(swarm("replay", cassette.toString(), "--out", file.toString()), "--out");
        assertThat(file).hasContent("keep me");
    }

    @Test
    void anExistingJournalIsNotOverwrittenWithoutOverwrite() throws Exception {
        Path journal = Files.writeString(dir.resolve("run.jsonl"), "precious\n");
        assertRefused(swarm("run", "--out", dir.toString(), "--speedup", "500", "task"), "run.jsonl", "--overwrite");
        assertThat(journal).hasContent("precious");
    }

    @Test
    void demoDoesNotOverwriteAnExistingJournalEither() throws Exception {
        Path journal = Files.writeString(dir.resolve("parallel-read.jsonl"), "precious\n");
        assertRefused(
                swarm("demo", "parallel-read", "--out", dir.toString(), "--speedup", "500"),
                "parallel-read.jsonl",
                "--overwrite");
        assertThat(journal).hasContent("precious");
    }

    @Test
    void overwriteReplacesAnExistingJournal() throws Exception {
        Path journal = Files.writeString(dir.resolve("run.jsonl"), "precious\n");
        int code = swarm(
                "run",
                "--out",
                dir.toString(),
                "--scenario",
                "parallel-read",
                "--speedup",
                "500",
                "--overwrite",
                "read the logs");
        assertThat(code).as(err.toString()).isZero();
        assertThat(Files.readString(journal)).doesNotContain("precious").startsWith("{\"type\":\"run_started\"");
    }

    // ---- journals given to report ----------------------------------------------------------------------------

    @Test
    void reportOnATaskFinishedWithoutResultNamesTheLine() throws Exception {
        Path journal = writeJournal(e -> {
            if ("task_finished".equals(e.get("type").asText())) {
                e.remove("result");
            }
            return e;
        });
        assertRefused(swarm("report", journal.toString()), "line 4", "result");
        assertThat(dir.resolve("run.html")).doesNotExist();
    }

    @Test
    void reportOnAnEmptyOrchestratorTurnNamesTheLine() throws Exception {
        Path journal = writeJournal(e -> {
            if ("orchestrator_turn".equals(e.get("type").asText())) {
                ObjectNode bare = JSON.createObjectNode();
                bare.set("type", e.get("type"));
                bare.set("runId", e.get("runId"));
                return bare;
            }
            return e;
        });
        assertRefused(swarm("report", journal.toString()), "line 3");
    }

    @Test
    void reportOnARunStartedWithoutTaskNamesTheLine() throws Exception {
        Path journal = writeJournal(e -> {
            if ("run_started".equals(e.get("type").asText())) {
                e.remove("task");
            }
            return e;
        });
        assertRefused(swarm("report", journal.toString()), "line 1", "task");
    }

    @Test
    void reportOnAToolCallWithoutNameNamesTheLine() throws Exception {
        Path journal = writeJournal(e -> {
            if ("orchestrator_turn".equals(e.get("type").asText())
                    && !e.get("toolCalls").isEmpty()) {
                ((ObjectNode) e.get("toolCalls").get(0)).remove("name");
            }
            return e;
        });
        assertRefused(swarm("report", journal.toString()), "line 3", "name");
    }

    @Test
    void aCompleteHandWrittenJournalRenders() throws Exception {
        Path journal = writeJournal(UnaryOperator.identity());
        assertThat(swarm("report", journal.toString())).as(err.toString()).isZero();
        assertThat(dir.resolve("run.html")).exists();
    }

    @ParameterizedTest
    @ValueSource(strings = {"run_finished", "stage_finished", "task_finished", "orchestrator_turn"})
    void oddButCompleteJournalsStillRender(String left) throws Exception {
        Path journal = writeJournal(e -> e.get("type").asText().equals(left)
                        || left.equals("stage_finished")
                                && e.get("type").asText().equals("run_finished")
                ? null
                : e);
        assertThat(swarm("report", journal.toString())).as(err.toString()).isZero();
        assertThat(dir.resolve("run.html")).exists();
    }

    @Test
    void reportOnAFolderIsRefused() {
        assertRefused(swarm("report", dir.toString()), "folder");
    }

    @Test
    void aNameThatIsAPathIsRefused() {
        assertRefused(swarm("run", "--out", dir.toString(), "--name", "../escape", "task"), "--name");
        assertThat(dir.resolveSibling("escape.jsonl")).doesNotExist();
    }

    @Test
    void anErrorLineIsCutWhateverTheValueEchoed() {
        assertRefused(
                swarm("run", "--out", dir.toString(), "--price", "m=" + "9".repeat(100_000) + ":1", "task"), "--price");
        assertThat(err.toString().strip().length()).isLessThan(1_100);
    }

    // ---- API keys --------------------------------------------------------------------------------------------

    static final String KEY = "sk-Qz7Wv2Xk9Jp4Lm8N";

    static Stream<Arguments> badKeys() {
        List<Arguments> a = new ArrayList<>();
        Map<String, String> vars = Map.of(
                "openai",
                "OPENAI_API_KEY",
                "anthropic",
                "ANTHROPIC_API_KEY",
                "gemini",
                "GEMINI_API_KEY",
                "openai-compatible",
                "OPENAI_API_KEY");
        for (String bad : List.of(
                KEY + "\r",
                KEY + "\n",
                KEY + "\r\n",
                "\n" + KEY,
                KEY.substring(0, 6) + "\r\n" + KEY.substring(6),
                KEY + "\t",
                KEY + "\u007f",
                KEY + "\u0000",
                " " + KEY,
                KEY + " ",
                KEY + "\u00a0",
                KEY + "\u200b",
                KEY.substring(0, 6) + " " + KEY.substring(6))) {
            for (var v : vars.entrySet()) {
                a.add(Arguments.of(v.getKey(), v.getValue(), bad));
            }
        }
        a.add(Arguments.of("gemini", "GOOGLE_API_KEY", KEY + "\r"));
        return a.stream();
    }

    @ParameterizedTest(name = "{0} {1} #{index}")
    @MethodSource("badKeys")
    void aKeyWithControlCharactersOrWhitespaceIsRefusedWithoutPrintingIt(String provider, String variable, String key) {
        int code = swarm(
                Map.of(variable, key),
                "run",
                "--out",
                dir.toString(),
                "--provider",
                provider,
                "--model",
                "m",
                "--base-url",
                loopback(),
                "task");
        assertRefused(code, variable);
        String all = out.toString() + err;
        for (int i = 0; i + 4 <= KEY.length(); i++) {
            assertThat(all).as("no fragment of the key").doesNotContain(KEY.substring(i, i + 4));
        }
        assertThat(dir.resolve("run.jsonl")).as("nothing ran").doesNotExist();
    }

    // ---- model and agent text on the terminal ----------------------------------------------------------------

    /** ESC, BEL, CR, backspace, C1 CSI, a bidi override: none may reach the terminal raw. */
    static final String EVIL_NAME = "\u001b[2J\u001b[31mevil\rX\b\u009b1m\u202ename";

    static final String EVIL_ANSWER = "final \u001b[31mRED\u001b[0m \u001b]0;pwned\u0007 done\u009b2J \u202eEOF";

    /** Every character a terminal may act on, except the line feed and tab of plain text. */
    static void assertNoTerminalControls(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean control = (c < 0x20 && c != '\n' && c != '\t')
                    || (c >= 0x7f && c <= 0x9f)
                    || (c >= 0x202a && c <= 0x202e)
                    || (c >= 0x2066 && c <= 0x2069)
                    || c == 0x200e
                    || c == 0x200f;
            assertThat(control).as("raw U+%04X at %d in: %s", (int) c, i, text).isFalse();
        }
    }

    @Test
    void subagentNamesAndModelTextAreEscapedInLiveOutput() throws Exception {
        WireMockServer fake =
                new WireMockServer(WireMockConfiguration.options().dynamicPort().bindAddress("127.0.0.1"));
        fake.start();
        try {
            String create = JSON.writeValueAsString(Map.of("name", EVIL_NAME, "system_prompt", "You work."));
            String assign = JSON.writeValueAsString(Map.of("agent", EVIL_NAME, "prompt", "do it"));
            fake.stubFor(post(urlPathMatching(".*/chat/completions"))
                    .atPriority(1)
                    .withRequestBody(containing("create_subagent"))
                    .withRequestBody(containing("tool_call_id"))
                    .willReturn(completion(Map.of("role", "assistant", "content", EVIL_ANSWER), "stop")));
            fake.stubFor(post(urlPathMatching(".*/chat/completions"))
                    .atPriority(2)
                    .withRequestBody(containing("create_subagent"))
                    .willReturn(completion(
                            Map.of(
                                    "role",
                                    "assistant",
                                    "tool_calls",
                                    List.of(
                                            Map.of(
                                                    "id",
                                                    "call_1",
                                                    "type",
                                                    "function",
                                                    "function",
                                                    Map.of("name", "create_subagent", "arguments", create)),
                                            Map.of(
                                                    "id",
                                                    "call_2",
                                                    "type",
                                                    "function",
                                                    "function",
                                                    Map.of("name", "assign_task", "arguments", assign)))),
                            "tool_calls")));
            fake.stubFor(post(urlPathMatching(".*/chat/completions"))
                    .atPriority(3)
                    .willReturn(completion(Map.of("role", "assistant", "content", "sub \u001b[5mblink"), "stop")));

            int code = swarm(
                    Map.of(),
                    "run",
                    "--out",
                    dir.toString(),
                    "--provider",
                    "openai-compatible",
                    "--model",
                    "m",
                    "--base-url",
                    "http://127.0.0.1:" + fake.port() + "/v1",
                    "task");

            assertThat(code).as(err.toString()).isZero();
            String o = out.toString();
            assertThat(o).contains("evil").contains("RED").contains("started");
            assertNoTerminalControls(o);
            assertNoTerminalControls(err.toString());
        } finally {
            fake.stop();
        }
    }

    private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder completion(
            Map<String, Object> message, String finish) throws Exception {
        Map<String, Object> body = Map.of(
                "id",
                "chatcmpl-1",
                "object",
                "chat.completion",
                "created",
                1,
                "model",
                "m",
                "choices",
                List.of(Map.of("index", 0, "message", message, "finish_reason", finish)),
                "usage",
                Map.of("prompt_tokens", 10, "completion_tokens", 5, "total_tokens", 15));
        return aResponse()
                .withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withBody(JSON.writeValueAsString(body));
    }

    @Test
    void progressEscapesAgentNamesInPlainLines() {
        StringWriter sw = new StringWriter();
        Instant t = Instant.parse("2025-01-01T00:00:00Z");
        try (Progress p =
                new Progress(new PrintWriter(sw), false, java.time.Clock.fixed(t, java.time.ZoneOffset.UTC))) {
            p.onEvent(new SwarmEvent.TaskAssigned("r", 0, "s0-t0", "s0", t, EVIL_NAME, "x"));
            p.onEvent(new SwarmEvent.TaskStarted("r", 0, "s0-t0", "s0", t, EVIL_NAME));
            p.onEvent(new SwarmEvent.TaskFinished(
                    "r",
                    0,
                    "s0-t0",
                    "s0",
                    t,
                    new TaskResult(
                            "s0-t0",
                            EVIL_NAME,
                            "x",
                            TaskStatus.COMPLETED,
                            EVIL_ANSWER,
                            null,
                            1,
                            Map.of(),
                            t,
                            Duration.ofSeconds(1))));
        }
        assertThat(sw.toString()).contains("evil").contains("started").contains("completed");
        assertNoTerminalControls(sw.toString());
    }

    @Test
    void progressEscapesAgentNamesInTheRedrawnTable() {
        StringWriter sw = new StringWriter();
        Instant t = Instant.parse("2025-01-01T00:00:00Z");
        Progress p = new Progress(new PrintWriter(sw), true, java.time.Clock.fixed(t, java.time.ZoneOffset.UTC));
        p.onEvent(new SwarmEvent.TaskAssigned("r", 0, "s0-t0", "s0", t, EVIL_NAME, "x"));
        p.onEvent(new SwarmEvent.TaskStarted("r", 0, "s0-t0", "s0", t, "\u001b]0;title\u0007"));
        p.close();
        // Progress's own cursor movements are the only escape sequences allowed.
        String drawn = sw.toString().replaceAll("\u001b\\[\\d*[FK]", "");
        assertThat(drawn).contains("s0-t0");
        assertNoTerminalControls(drawn);
    }

    // ---- fixtures --------------------------------------------------------------------------------------------

    private static final ObjectMapper JSON = SwarmEvents.mapper();

    /**
     * Writes a complete journal of one stage with one task (lines: run_started, stage_started, orchestrator_turn,
     * task_finished, stage_finished, orchestrator_turn, run_finished), each event passed through {@code edit}; an
     * event it maps to null is left out.
     */
    private Path writeJournal(UnaryOperator<ObjectNode> edit) throws Exception {
        Instant t = Instant.parse("2025-01-01T00:00:00Z");
        String run = "r1";
        TaskResult result = new TaskResult(
                "s0-t0",
                "worker",
                "do it",
                TaskStatus.COMPLETED,
                "done",
                null,
                2,
                Map.of("m", new TokenUsage(10, 5)),
                t.plusSeconds(1),
                Duration.ofSeconds(2));
        List<SwarmEvent> events = List.of(
                new SwarmEvent.RunStarted(run, -1, null, run, t, "the task", "m"),
                new SwarmEvent.StageStarted(run, 0, null, run, t),
                new SwarmEvent.OrchestratorTurn(
                        run,
                        0,
                        null,
                        "s0",
                        t,
                        "",
                        List.of(new SwarmEvent.ToolCall(
                                "c1", "assign_task", "{\"agent\":\"worker\",\"prompt\":\"do it\"}")),
                        "m",
                        10,
                        5),
                new SwarmEvent.TaskFinished(run, 0, "s0-t0", "s0", t.plusSeconds(3), result),
                new SwarmEvent.StageFinished(run, 0, null, run, t.plusSeconds(3), 1, 2, 1, 3000),
                new SwarmEvent.OrchestratorTurn(
                        run, 1, null, "s1", t.plusSeconds(4), "the answer", List.of(), "m", 20, 5),
                new SwarmEvent.RunFinished(
                        run, 1, null, run, t.plusSeconds(4), RunStatus.COMPLETED, null, "the answer", 4, 4));
        StringBuilder sb = new StringBuilder();
        for (SwarmEvent e : events) {
            ObjectNode edited = edit.apply((ObjectNode) JSON.valueToTree(e));
            if (edited != null) {
                sb.append(JSON.writeValueAsString(edited)).append('\n');
            }
        }
        Path file = dir.resolve("run.jsonl");
        Files.writeString(file, sb);
        return file;
    }
}

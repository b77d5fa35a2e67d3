package dev.agentswarm.cli;

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
import com.sun.net.httpserver.HttpServer;
import dev.agentswarm.AgentSwarm;
import dev.agentswarm.RunOptions;
import dev.agentswarm.event.SwarmEvent;
import dev.agentswarm.journal.JournalOptions;
import dev.agentswarm.journal.JournalReader;
import dev.agentswarm.report.SwarmResult;
import dev.agentswarm.report.html.HtmlReport;
import dev.agentswarm.security.Redactor;
import dev.agentswarm.test.ScriptedModel;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.LoggerFactory;

/**
 * The CLI, in-process against a fake OpenAI server on loopback, never prints or writes a key: not on standard
 * output, standard error, in the journal, the HTML report or a log line. Also the HTML report of runs whose subagent
 * or orchestrator failed with the key in the error.
 */
class SecretRedactionCliTest {

    static final String SHAPED_KEY = "sk-proj-Q7vR2mK9xW4tY8pL3nB6cD1fG5hJ0sAe\r";
    static final String PLAIN_KEY = "9f2Kq7vRmZ4xW8tYpL3nB6cD1fG5hJ0sUw\r";

    @TempDir
    Path dir;

    HttpServer server;
    final AtomicInteger hits = new AtomicInteger();
    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();
    ListAppender<ILoggingEvent> logs;
    Level savedLevel;
    /** What the CLI's real log configuration prints to standard error, every level on. */
    final ByteArrayOutputStream console = new ByteArrayOutputStream();

    PrintStream savedErr;

    static Stream<String> keys() {
        return Stream.of(SHAPED_KEY, PLAIN_KEY);
    }

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/v1/chat/completions", exchange -> {
            hits.incrementAndGet();
            exchange.getRequestBody().readAllBytes();
            // A provider that echoes the request's headers in its error body.
            byte[] body = ("{\"error\":{\"message\":\"Incorrect API key. Request headers: Authorization: "
                            + exchange.getRequestHeaders().getFirst("Authorization")
                            + "\",\"type\":\"invalid_request_error\"}}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(401, body.length);
            try (OutputStream o = exchange.getResponseBody()) {
                o.write(body);
            }
        });
        server.start();
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        savedLevel = root.getLevel();
        root.setLevel(Level.TRACE);
        logs = new ListAppender<>();
        logs.setContext(context);
        logs.start();
        root.addAppender(logs);
        savedErr = System.err;
        System.setErr(new PrintStream(console, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void stop() {
        System.setErr(savedErr);
        Logger root = ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.detachAppender(logs);
        root.setLevel(savedLevel);
        server.stop(0);
    }

    private int swarm(String key, String... args) {
        return swarm(Map.of("OPENAI_API_KEY", key), args);
    }

    private int swarm(Map<String, String> env, String... args) {
        return SwarmCli.execute(
                new CliContext(new PrintWriter(out, true), new PrintWriter(err, true), env, false), args);
    }

    static Stream<Arguments> providersAndKeys() {
        return Stream.of("OPENAI_API_KEY=openai", "ANTHROPIC_API_KEY=anthropic", "GEMINI_API_KEY=gemini")
                .flatMap(p -> keys().map(k -> Arguments.of(p.split("=")[1], p.split("=")[0], k)));
    }

    private String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
    }

    /**
     * A key pasted with a trailing CR, for each provider's header (Bearer, x-api-key, x-goog-api-key): refused by the
     * CLI, or refused by the JDK and redacted; never printed.
     */
    @ParameterizedTest
    @MethodSource("providersAndKeys")
    void aKeyWithACarriageReturn(String provider, String variable, String key) throws Exception {
        int code = swarm(
                Map.of(variable, key),
                "run",
                "--provider",
                provider,
                "--base-url",
                baseUrl(),
                "--out",
                dir.toString(),
                "--name",
                "r",
                "Summarise the report.");

        assertThat(code).as(err.toString()).isIn(1, 2);
        assertThat(hits.get()).as("the request is never sent").isZero();
        if (code == 1) {
            assertThat(out.toString()).contains("invalid header value").contains(Redactor.MARKER);
            assertThat(Files.readString(dir.resolve("r.jsonl"))).contains("invalid header value");
        }
        assertNoTraceOf(key);
    }

    /** A valid key, echoed by the provider's error body: redacted in every output. */
    @ParameterizedTest
    @MethodSource("keys")
    void aProviderErrorBodyThatEchoesTheKey(String pasted) throws Exception {
        String key = pasted.strip();

        int code = swarm(
                key,
                "run",
                "--provider",
                "openai",
                "--base-url",
                baseUrl(),
                "--out",
                dir.toString(),
                "--name",
                "r",
                "Summarise the report.");

        assertThat(code).as(err.toString()).isEqualTo(1);
        assertThat(hits.get()).isPositive();
        assertThat(out.toString()).contains("Incorrect API key").contains(Redactor.MARKER);
        String html = Files.readString(dir.resolve("r.html"));
        assertThat(html).contains("Incorrect API key").contains(Redactor.MARKER);
        assertNoTraceOf(key);
    }

    /** A malformed endpoint that carries the key: the error line never shows it. */
    @ParameterizedTest
    @MethodSource("keys")
    void anErrorLineThatQuotesTheKey(String pasted) throws Exception {
        String key = pasted.strip();

        int code = swarm(
                key,
                "run",
                "--provider",
                "openai",
                "--base-url",
                "ht tp://bad host/v1?key=" + key,
                "--out",
                dir.toString(),
                "--name",
                "r",
                "Summarise the report.");

        // The CLI never echoes a --base-url (it may carry credentials): the line names the option, not the value.
        assertThat(code).as(out.toString()).isEqualTo(2);
        assertThat(err.toString()).contains("--base-url");
        assertNoTraceOf(key);
    }

    /** A key pasted into the wrong option: picocli quotes the value, the CLI prints the line redacted. */
    @ParameterizedTest
    @MethodSource("keys")
    void aKeyPastedIntoTheWrongOption(String pasted) throws Exception {
        String key = pasted.strip();

        int code = swarm(key, "run", "--concurrency", key, "x");

        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("--concurrency").contains(Redactor.MARKER);
        assertNoTraceOf(key);
    }

    /** The HTML report of runs where a subagent, or the orchestrator, failed with the key in its error. */
    @ParameterizedTest
    @MethodSource("keys")
    void theHtmlReportOfFailuresWithTheKey(String key) throws Exception {
        ScriptedModel subagentFails = ScriptedModel.builder()
                .orchestrator(calls(createSubagent("fetcher", "You fetch."), assignTask("fetcher", "fetch")))
                .orchestrator(r -> text("Report: " + String.join(" | ", r.latestToolResults())))
                .subagent("fetcher", r -> {
                    throw new UncheckedIOException("refused key " + key, new IOException("Bearer " + key));
                })
                .build();
        ScriptedModel orchestratorFails = ScriptedModel.builder()
                .orchestrator(r -> {
                    throw new IllegalStateException("refused key " + key);
                })
                .build();
        List<String> pages = new ArrayList<>();
        for (ScriptedModel model : List.of(subagentFails, orchestratorFails)) {
            Path journal = dir.resolve("j" + pages.size() + ".jsonl");
            SwarmResult result = AgentSwarm.builder()
                    .orchestratorModel(model)
                    .secret(key)
                    .defaultModelPolicy(dev.agentswarm.resilience.ModelPolicy.NONE)
                    .build()
                    .run("Fetch.", RunOptions.journal(JournalOptions.of(journal)));
            List<SwarmEvent> events = JournalReader.read(journal).events();
            String html = HtmlReport.render(events, Map.of(), "note");
            assertThat(html).contains("refused key " + Redactor.MARKER);
            pages.add(html + Files.readString(journal) + result);
        }
        for (String needle : needles(key)) {
            assertThat(pages).allSatisfy(p -> assertThat(p).doesNotContain(needle));
        }
    }

    private void assertNoTraceOf(String key) throws IOException {
        // A library logging the key, as LangChain4j does when it logs a retry: the console shows it redacted.
        LoggerFactory.getLogger("some.library").warn("probe: request with key {} failed", key);
        assertThat(console.toString(StandardCharsets.UTF_8)).contains("probe: request with key " + Redactor.MARKER);
        List<String> outputs = new ArrayList<>();
        outputs.add(out.toString());
        outputs.add(err.toString());
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                outputs.add(Files.readString(f));
            }
        }
        // The runtime's own log statements carry no key even before the layout redacts them.
        StringBuilder logText = new StringBuilder();
        for (ILoggingEvent e : List.copyOf(logs.list)) {
            if (!e.getLoggerName().startsWith("dev.agentswarm")) {
                continue;
            }
            logText.append(e.getFormattedMessage()).append('\n');
            if (e.getThrowableProxy() != null) {
                logText.append(ThrowableProxyUtil.asString(e.getThrowableProxy()))
                        .append('\n');
            }
        }
        outputs.add(logText.toString());
        // Every log line the CLI prints, other libraries' included (LangChain4j logs its retries with the exception).
        outputs.add(console.toString(StandardCharsets.UTF_8));
        for (String needle : needles(key)) {
            for (String output : outputs) {
                assertThat(output).doesNotContain(needle);
            }
        }
    }

    /** The key as pasted, trimmed, JSON-escaped, and every 12 characters of it in a row. */
    static List<String> needles(String key) {
        List<String> needles = new ArrayList<>(List.of(key, key.strip(), key.replace("\r", "\\r")));
        String k = key.strip();
        for (int i = 0; i + 12 <= k.length(); i++) {
            needles.add(k.substring(i, i + 12));
        }
        return needles;
    }
}

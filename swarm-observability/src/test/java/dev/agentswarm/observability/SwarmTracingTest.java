package dev.agentswarm.observability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentswarm.RunOptions;
import dev.agentswarm.journal.JournalOptions;
import dev.agentswarm.journal.JournalReader;
import dev.agentswarm.report.RunReport;
import dev.agentswarm.report.RunStatus;
import dev.agentswarm.report.StageReport;
import dev.agentswarm.report.SwarmResult;
import dev.agentswarm.report.TaskResult;
import dev.agentswarm.report.TaskStatus;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A 2-stage run with 4 overlapping tasks (one calls a tool, one fails, one is retried after an HTTP 429) through the
 * real LangChain4j OpenAI client against WireMock on loopback, traced into an {@link InMemorySpanExporter}.
 */
class SwarmTracingTest {

    static final String CHAT = "chat " + FakeOpenAiSwarm.MODEL;

    FakeOpenAiSwarm fake;
    InMemorySpanExporter exporter;
    SdkTracerProvider tracerProvider;
    SwarmTelemetry telemetry;

    @TempDir
    Path dir;

    @BeforeEach
    void start() {
        fake = new FakeOpenAiSwarm();
        exporter = InMemorySpanExporter.create();
        tracerProvider = SdkTracerProvider.builder()
                .addSpanProcessor(SimpleSpanProcessor.create(exporter))
                .build();
        telemetry = SwarmTelemetry.builder()
                .openTelemetry(OpenTelemetrySdk.builder()
                        .setTracerProvider(tracerProvider)
                        .build())
                .providerName("openai")
                .build();
    }

    @AfterEach
    void stop() {
        telemetry.close();
        tracerProvider.close();
        fake.close();
    }

    SwarmResult run(RunOptions options) throws InterruptedException {
        SwarmResult result = fake.swarm().maxConcurrency(4).build().run("Review the revenue.", options);
        assertThat(telemetry.flush(Duration.ofSeconds(10))).isTrue();
        return result;
    }

    @Test
    void theSpanTreeMirrorsTheSwarmWithItsNumbersAndNoContent() throws Exception {
        SwarmResult result = run(RunOptions.defaults().withListener(telemetry.listener()));
        assertThat(result.status()).isEqualTo(RunStatus.COMPLETED);
        RunReport report = result.report();
        List<SpanData> spans = exporter.getFinishedSpanItems();

        // The exact tree and names.
        assertThat(tree(spans, false)).isEqualTo("""
                        invoke_agent orchestrator
                          stage 0
                            chat gpt-4o-mini
                            invoke_agent analyst [s0-t0]
                              chat gpt-4o-mini
                              chat gpt-4o-mini
                              execute_tool lookup
                            invoke_agent analyst [s0-t1]
                              chat gpt-4o-mini
                            invoke_agent analyst [s0-t2]
                              chat gpt-4o-mini
                            invoke_agent analyst [s0-t3]
                              chat gpt-4o-mini
                          stage 1
                            chat gpt-4o-mini
                        """);
        assertThat(spans)
                .extracting(s -> s.getTraceId())
                .containsOnly(spans.get(0).getTraceId());

        // The run: the report's numbers.
        SpanData run = only(spans, "invoke_agent orchestrator");
        assertThat(run.getParentSpanContext().isValid()).isFalse();
        assertThat(attr(run, "gen_ai.operation.name")).isEqualTo("invoke_agent");
        assertThat(attr(run, "gen_ai.agent.name")).isEqualTo("orchestrator");
        assertThat(attr(run, "gen_ai.agent.id")).isEqualTo(result.runId());
        assertThat(attr(run, "gen_ai.provider.name")).isEqualTo("openai");
        assertThat(attr(run, "gen_ai.request.model")).isEqualTo(FakeOpenAiSwarm.MODEL);
        assertThat(attr(run, "swarm.status")).isEqualTo("COMPLETED");
        assertThat(longAttr(run, "swarm.critical_steps")).isEqualTo(report.criticalSteps());
        assertThat(longAttr(run, "swarm.steps")).isEqualTo(report.totalSteps());
        assertThat(longAttr(run, "swarm.step_makespan")).isEqualTo(report.stepMakespan());
        assertThat(longAttr(run, "gen_ai.usage.input_tokens"))
                .isEqualTo(report.tokens().input());
        assertThat(longAttr(run, "gen_ai.usage.output_tokens"))
                .isEqualTo(report.tokens().output());
        assertThat(longAttr(run, "swarm.retries")).isEqualTo(1);
        // Hand-computed: 2 orchestrator calls of 100/20; 4 subagent calls answered with 30/10 (task 0 twice, tasks 2
        // and 3 once; task 2's 429 and task 1's 400 carry no usage).
        assertThat(report.tokens().input()).isEqualTo(2 * 100 + 4 * 30);
        assertThat(run.getStartEpochNanos()).isEqualTo(nanos(report.startedAt()));

        // The stages: their critical steps and step-makespans.
        for (StageReport stage : report.stages()) {
            SpanData span = only(spans, "stage " + stage.index());
            assertThat(span.getParentSpanId()).isEqualTo(run.getSpanId());
            assertThat(longAttr(span, "swarm.critical_steps")).isEqualTo(stage.criticalSteps());
            assertThat(longAttr(span, "swarm.step_makespan")).isEqualTo(stage.stepMakespan());
            assertThat(longAttr(span, "swarm.tasks")).isEqualTo(stage.tasks().size());
            assertThat(longAttr(span, "swarm.stage.index")).isEqualTo(stage.index());
        }

        // The tasks: each under stage 0, with its result's status, steps and tokens.
        SpanData stage0 = only(spans, "stage 0");
        Map<String, SpanData> tasks = spans.stream()
                .filter(s -> s.getName().equals("invoke_agent analyst"))
                .collect(Collectors.toMap(s -> attr(s, "swarm.task.id"), Function.identity()));
        assertThat(tasks).hasSize(4);
        for (TaskResult t : report.tasks()) {
            SpanData span = tasks.get(t.taskId());
            assertThat(span.getParentSpanId()).isEqualTo(stage0.getSpanId());
            assertThat(attr(span, "gen_ai.agent.name")).isEqualTo("analyst");
            assertThat(attr(span, "gen_ai.agent.id")).isEqualTo(t.taskId());
            assertThat(attr(span, "swarm.status")).isEqualTo(t.status().name());
            assertThat(longAttr(span, "swarm.steps")).isEqualTo(t.steps());
            assertThat(longAttr(span, "gen_ai.usage.input_tokens"))
                    .isEqualTo(t.tokens().input());
            assertThat(longAttr(span, "gen_ai.usage.output_tokens"))
                    .isEqualTo(t.tokens().output());
            assertThat(span.getStartEpochNanos()).isEqualTo(nanos(t.startedAt()));
        }
        assertThat(report.tasks())
                .extracting(TaskResult::status)
                .containsExactly(TaskStatus.COMPLETED, TaskStatus.FAILED, TaskStatus.COMPLETED, TaskStatus.COMPLETED);

        // The failing task: error status, its failure class, the provider's message without the key.
        SpanData failed = tasks.get("s0-t1");
        assertThat(failed.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
        SpanData failedCall = children(spans, failed).get(0);
        assertThat(failedCall.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
        assertThat(attr(failedCall, "error.type")).isEqualTo("InvalidRequestException");
        assertThat(attr(failed, "error.type")).isNotBlank();
        assertThat(tasks.get("s0-t0").getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);

        // The retried task: one retry after the 429, on its chat span as an event with its cause.
        SpanData retried = tasks.get("s0-t2");
        assertThat(longAttr(retried, "swarm.retries")).isEqualTo(1);
        SpanData retriedCall = children(spans, retried).get(0);
        assertThat(longAttr(retriedCall, "swarm.retries")).isEqualTo(1);
        assertThat(retriedCall.getEvents()).extracting(EventData::getName).containsExactly("retry");
        assertThat(retriedCall.getEvents().get(0).getAttributes().get(AttributeKey.stringKey("swarm.retry.cause")))
                .isEqualTo("HTTP 429");
        assertThat(retriedCall.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);

        // The model calls: GenAI attributes, tokens adding up to the report's.
        List<SpanData> chats =
                spans.stream().filter(s -> s.getName().equals(CHAT)).toList();
        assertThat(chats).hasSize(7).allSatisfy(c -> {
            assertThat(c.getKind()).isEqualTo(SpanKind.CLIENT);
            assertThat(attr(c, "gen_ai.operation.name")).isEqualTo("chat");
            assertThat(attr(c, "gen_ai.request.model")).isEqualTo(FakeOpenAiSwarm.MODEL);
            assertThat(attr(c, "gen_ai.provider.name")).isEqualTo("openai");
        });
        assertThat(chats.stream()
                        .mapToLong(c -> longAttr(c, "gen_ai.usage.input_tokens"))
                        .sum())
                .isEqualTo(report.tokens().input());
        assertThat(chats.stream()
                        .mapToLong(c -> longAttr(c, "gen_ai.usage.output_tokens"))
                        .sum())
                .isEqualTo(report.tokens().output());
        List<SpanData> answered = chats.stream()
                .filter(c -> c.getStatus().getStatusCode() != StatusCode.ERROR)
                .toList();
        assertThat(answered)
                .hasSize(6)
                .allSatisfy(
                        c -> assertThat(attr(c, "gen_ai.response.model")).isEqualTo(FakeOpenAiSwarm.RESPONSE_MODEL));
        assertThat(answered.stream()
                        .map(c -> c.getAttributes()
                                .get(AttributeKey.stringArrayKey("gen_ai.response.finish_reasons"))
                                .get(0))
                        .sorted()
                        .toList())
                .containsExactly("stop", "stop", "stop", "stop", "tool_calls", "tool_calls");

        // The tool call, under its task.
        SpanData tool = only(spans, "execute_tool lookup");
        assertThat(tool.getParentSpanId()).isEqualTo(tasks.get("s0-t0").getSpanId());
        assertThat(attr(tool, "gen_ai.tool.name")).isEqualTo("lookup");
        assertThat(attr(tool, "gen_ai.tool.call.id")).isEqualTo("call_lookup");
        assertThat(attr(tool, "gen_ai.operation.name")).isEqualTo("execute_tool");

        // The 4 tasks overlapped in time: the last start is before the first end.
        long lastStart = tasks.values().stream()
                .mapToLong(SpanData::getStartEpochNanos)
                .max()
                .orElseThrow();
        long firstEnd = tasks.values().stream()
                .mapToLong(SpanData::getEndEpochNanos)
                .min()
                .orElseThrow();
        assertThat(lastStart).isLessThan(firstEnd);
        // Each child lies within its parent.
        Map<String, SpanData> byId = spans.stream().collect(Collectors.toMap(SpanData::getSpanId, s -> s));
        for (SpanData s : spans) {
            SpanData parent = byId.get(s.getParentSpanId());
            if (parent != null) {
                assertThat(s.getStartEpochNanos()).as(s.getName()).isGreaterThanOrEqualTo(parent.getStartEpochNanos());
                assertThat(s.getEndEpochNanos()).as(s.getName()).isLessThanOrEqualTo(parent.getEndEpochNanos());
            }
        }

        // A text rendering of this trace, for docs/observability.md.
        java.nio.file.Files.createDirectories(Path.of("target"));
        java.nio.file.Files.writeString(Path.of("target", "trace-rendering.txt"), rendering(spans, run));

        // No content by default, and no secret anywhere.
        for (SpanData s : spans) {
            assertThat(s.getAttributes().asMap().keySet())
                    .extracting(AttributeKey::getKey)
                    .noneMatch(k -> k.startsWith("gen_ai.input")
                            || k.startsWith("gen_ai.output")
                            || k.equals("gen_ai.system_instructions")
                            || k.startsWith("gen_ai.tool.call.arguments")
                            || k.startsWith("gen_ai.tool.call.result"));
            String all = s.getAttributes().toString() + s.getEvents() + s.getStatus();
            for (String prompt : FakeOpenAiSwarm.PROMPTS) {
                assertThat(all).doesNotContain(prompt);
            }
            assertThat(all)
                    .doesNotContain(FakeOpenAiSwarm.SYSTEM_PROMPT)
                    .doesNotContain(FakeOpenAiSwarm.ANSWER)
                    .doesNotContain("12.5M")
                    .doesNotContain(FakeOpenAiSwarm.API_KEY.substring(8));
        }
    }

    @Test
    void contentIsRecordedOnlyWhenARunOptsInCappedAndRedacted() throws Exception {
        SwarmResult result = run(RunOptions.defaults()
                .withListener(telemetry.listener(ContentCapture.upTo(200)
                        .withRedactor(dev.agentswarm.security.Redactor.of(List.of("12.5M (Q1)"))))));
        assertThat(result.status()).isEqualTo(RunStatus.COMPLETED);
        List<SpanData> spans = exporter.getFinishedSpanItems();

        SpanData run = only(spans, "invoke_agent orchestrator");
        assertThat(attr(run, "gen_ai.input.messages"))
                .contains("Review the revenue.")
                .contains("\"role\":\"user\"");
        assertThat(attr(run, "gen_ai.output.messages")).contains(FakeOpenAiSwarm.ANSWER);
        SpanData first = spans.stream()
                .filter(s ->
                        "s0-t0".equals(attr(s, "swarm.task.id")) && s.getName().startsWith("invoke_agent"))
                .findFirst()
                .orElseThrow();
        assertThat(attr(first, "gen_ai.input.messages")).contains(FakeOpenAiSwarm.PROMPTS.get(0));
        assertThat(attr(first, "gen_ai.system_instructions")).isEqualTo(FakeOpenAiSwarm.SYSTEM_PROMPT);
        SpanData tool = only(spans, "execute_tool lookup");
        assertThat(attr(tool, "gen_ai.tool.call.arguments")).isEqualTo("{\"query\":\"Q1\"}");
        // The tool's result is redacted by the capture's redactor (ContentCaptureTest checks the cut).
        String toolResult = attr(tool, "gen_ai.tool.call.result");
        assertThat(toolResult).doesNotContain("12.5M (Q1)").contains("[REDACTED]");
        assertThat(attr(only(spans, "stage 0"), "gen_ai.output.messages"))
                .contains("assign_task")
                .contains(FakeOpenAiSwarm.PROMPTS.get(3));
    }

    @Test
    void aJournalExportsAsTheSameSpansWithTheirRecordedTimestamps() throws Exception {
        Path journal = dir.resolve("run.jsonl");
        SwarmResult result = run(RunOptions.journal(JournalOptions.of(journal)).withListener(telemetry.listener()));
        assertThat(result.status()).isEqualTo(RunStatus.COMPLETED);
        String live = tree(exporter.getFinishedSpanItems(), true);
        exporter.reset();

        telemetry.exportTrace(JournalReader.read(journal));

        List<SpanData> exported = exporter.getFinishedSpanItems();
        assertThat(exported).hasSize(15);
        assertThat(tree(exported, true)).isEqualTo(live);
    }

    @Test
    void anInterruptedJournalExportsItsOpenSpansAsIncomplete() throws Exception {
        Path journal = dir.resolve("run.jsonl");
        run(RunOptions.journal(JournalOptions.of(journal)));
        List<String> lines = java.nio.file.Files.readAllLines(journal);
        // Keep the events up to the second task's start: the run, stage 0 and two tasks are open.
        int cut = 0;
        int started = 0;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains("\"type\":\"task_started\"") && ++started == 2) {
                cut = i + 1;
                break;
            }
        }
        Path partial = dir.resolve("partial.jsonl");
        java.nio.file.Files.write(partial, lines.subList(0, cut));

        telemetry.exportTrace(JournalReader.read(partial));

        List<SpanData> spans = exporter.getFinishedSpanItems();
        assertThat(spans).extracting(SpanData::getName).contains("invoke_agent orchestrator", "stage 0");
        assertThat(spans.stream().filter(s -> s.getName().equals("invoke_agent analyst")))
                .hasSize(2);
        SpanData run = only(spans, "invoke_agent orchestrator");
        assertThat(run.getAttributes().get(AttributeKey.booleanKey("swarm.incomplete")))
                .isTrue();
    }

    // --- helpers ---

    static final List<String> SHOWN = List.of(
            "gen_ai.request.model",
            "gen_ai.response.model",
            "gen_ai.usage.input_tokens",
            "gen_ai.usage.output_tokens",
            "gen_ai.response.finish_reasons",
            "gen_ai.tool.call.id",
            "swarm.status",
            "swarm.steps",
            "swarm.critical_steps",
            "swarm.step_makespan",
            "swarm.retries",
            "error.type");

    /** Each span with its start and duration in ms from the run's start, its status and its main attributes. */
    static String rendering(List<SpanData> spans, SpanData run) {
        StringBuilder out = new StringBuilder();
        renderTimed(spans, run, run.getStartEpochNanos(), 0, out);
        return out.toString();
    }

    private static void renderTimed(List<SpanData> spans, SpanData span, long t0, int depth, StringBuilder out) {
        String name = "  ".repeat(depth) + span.getName();
        String task = attr(span, "swarm.task.id");
        if (task != null && span.getName().startsWith("invoke_agent")) {
            name += " [" + task + "]";
        }
        StringBuilder attrs = new StringBuilder();
        for (String key : SHOWN) {
            span.getAttributes().forEach((k, v) -> {
                if (k.getKey().equals(key)) {
                    attrs.append(' ').append(key).append('=').append(v);
                }
            });
        }
        for (EventData e : span.getEvents()) {
            attrs.append(" event:")
                    .append(e.getName())
                    .append(new ArrayList<>(e.getAttributes().asMap().values()));
        }
        out.append(String.format(
                java.util.Locale.ROOT,
                "%-34s %6.0f ms %6.0f ms  %-5s%s%n",
                name,
                (span.getStartEpochNanos() - t0) / 1e6,
                (span.getEndEpochNanos() - span.getStartEpochNanos()) / 1e6,
                span.getStatus().getStatusCode(),
                attrs));
        for (SpanData child : children(spans, span)) {
            renderTimed(spans, child, t0, depth + 1, out);
        }
    }

    static long nanos(java.time.Instant at) {
        return at.getEpochSecond() * 1_000_000_000L + at.getNano();
    }

    static SpanData only(List<SpanData> spans, String name) {
        List<SpanData> found =
                spans.stream().filter(s -> s.getName().equals(name)).toList();
        assertThat(found).as(name).hasSize(1);
        return found.get(0);
    }

    static String attr(SpanData span, String key) {
        return span.getAttributes().get(AttributeKey.stringKey(key));
    }

    static long longAttr(SpanData span, String key) {
        Long v = span.getAttributes().get(AttributeKey.longKey(key));
        assertThat(v).as(span.getName() + " " + key).isNotNull();
        return Objects.requireNonNull(v);
    }

    static List<SpanData> children(List<SpanData> spans, SpanData parent) {
        return spans.stream()
                .filter(s -> s.getParentSpanId().equals(parent.getSpanId()))
                .sorted(ORDER)
                .toList();
    }

    static final Comparator<SpanData> ORDER = Comparator.comparing(SpanData::getName)
            .thenComparing(s -> String.valueOf(attr(s, "swarm.task.id")))
            .thenComparingLong(SpanData::getStartEpochNanos);

    /** The spans as an indented tree of names (with task ids), children sorted; with times and attributes if asked. */
    static String tree(List<SpanData> spans, boolean details) {
        StringBuilder out = new StringBuilder();
        List<SpanData> roots = new ArrayList<>(spans.stream()
                .filter(s -> !s.getParentSpanContext().isValid())
                .sorted(ORDER)
                .toList());
        for (SpanData root : roots) {
            render(spans, root, 0, details, out);
        }
        return out.toString();
    }

    private static void render(List<SpanData> spans, SpanData span, int depth, boolean details, StringBuilder out) {
        out.append("  ".repeat(depth)).append(span.getName());
        String task = attr(span, "swarm.task.id");
        if (task != null && span.getName().startsWith("invoke_agent")) {
            out.append(" [").append(task).append(']');
        }
        if (details) {
            out.append(' ')
                    .append(span.getStartEpochNanos())
                    .append('-')
                    .append(span.getEndEpochNanos())
                    .append(' ')
                    .append(span.getStatus().getStatusCode())
                    .append(' ')
                    .append(new java.util.TreeMap<>(span.getAttributes().asMap().entrySet().stream()
                            .filter(e -> !e.getKey().getKey().equals("swarm.run.id")
                                    && !e.getKey().getKey().equals("gen_ai.agent.id"))
                            .collect(Collectors.toMap(e -> e.getKey().getKey(), e -> String.valueOf(e.getValue())))))
                    .append(' ')
                    .append(span.getEvents().stream()
                            .map(e -> e.getName() + "@" + e.getEpochNanos() + e.getAttributes())
                            .toList());
        }
        out.append('\n');
        for (SpanData child : children(spans, span)) {
            render(spans, child, depth + 1, details, out);
        }
    }
}

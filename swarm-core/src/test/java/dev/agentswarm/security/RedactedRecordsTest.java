package dev.agentswarm.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentswarm.event.SwarmEvent;
import dev.agentswarm.event.SwarmEvents;
import dev.agentswarm.journal.FsyncPolicy;
import dev.agentswarm.journal.JournalOptions;
import dev.agentswarm.journal.JournalReader;
import dev.agentswarm.journal.JournalWriter;
import dev.agentswarm.report.RunReport;
import dev.agentswarm.report.RunStatus;
import dev.agentswarm.report.StageReport;
import dev.agentswarm.report.SwarmResult;
import dev.agentswarm.report.TaskResult;
import dev.agentswarm.report.TaskStatus;
import dev.agentswarm.report.TokenUsage;
import dev.agentswarm.subagent.SubagentDefinition;
import java.lang.reflect.Constructor;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every text of every event type, of a result and of a journal line is redacted; ids and names are kept. */
class RedactedRecordsTest {

    static final String KEY = "9f2Kq7vRmZ4xW8tYpL3nB6cD1fG5hJ0sUw\r";
    static final Redactor R = Redactor.of(List.of(KEY));
    static final Instant AT = Instant.parse("2025-03-01T10:15:30Z");
    /** Components that come from the configuration or the runtime, not from models, tools or providers. */
    static final Set<String> KEPT = Set.of(
            "runId",
            "taskId",
            "parentId",
            "model",
            "orchestratorModel",
            "tool",
            "callId",
            "limit",
            "tools",
            // Approval keys and guardrail outcomes are made by the runtime; guardrail names come from the
            // configuration.
            "key",
            "target",
            "guardrail",
            "outcome");

    @TempDir
    Path dir;

    static TaskResult task(String text) {
        return new TaskResult(
                "s0-t0",
                "agent " + text,
                "prompt " + text,
                TaskStatus.FAILED,
                "final " + text,
                "reason " + text,
                1,
                Map.of("m", new TokenUsage(1, 1)),
                AT,
                Duration.ofMillis(5));
    }

    /** One instance of every event type, every component filled, every text (not the ids) carrying the key. */
    static Stream<SwarmEvent> everyEventWithTheKeyEverywhere() throws Exception {
        List<SwarmEvent> events = new ArrayList<>();
        for (Class<?> type : SwarmEvent.class.getPermittedSubclasses()) {
            RecordComponent[] components = type.getRecordComponents();
            Class<?>[] types = new Class<?>[components.length];
            Object[] values = new Object[components.length];
            for (int i = 0; i < components.length; i++) {
                RecordComponent c = components[i];
                types[i] = c.getType();
                values[i] = valueFor(c);
            }
            Constructor<?> ctor = type.getDeclaredConstructor(types);
            events.add((SwarmEvent) ctor.newInstance(values));
        }
        return events.stream();
    }

    private static Object valueFor(RecordComponent c) {
        Class<?> t = c.getType();
        if (t == String.class) {
            // Ids and configured names are kept as they are, so they carry no key here.
            if (c.getName().equals("taskId")) {
                return "s0-t0"; // the id of task(KEY), which a task_finished event must match
            }
            return KEPT.contains(c.getName()) ? c.getName() + "-1" : c.getName() + " " + KEY + " end";
        }
        if (t == int.class || t == Integer.class) {
            return 1;
        }
        if (t == long.class || t == Long.class) {
            return 2L;
        }
        if (t == boolean.class) {
            return true;
        }
        if (t == Instant.class) {
            return AT;
        }
        if (t == RunStatus.class) {
            return RunStatus.FAILED;
        }
        if (t == TaskResult.class) {
            return task(KEY);
        }
        if (t == dev.agentswarm.control.Decision.Verdict.class) {
            return dev.agentswarm.control.Decision.Verdict.EDIT;
        }
        if (t == dev.agentswarm.control.ApprovalRequest.Kind.class) {
            return dev.agentswarm.control.ApprovalRequest.Kind.ASSIGN_TASK;
        }
        if (t == List.class) {
            Class<?> element = (Class<?>) ((ParameterizedType) c.getGenericType()).getActualTypeArguments()[0];
            if (element == SwarmEvent.ToolCall.class) {
                return List.of(new SwarmEvent.ToolCall("c1", "assign_task", "{\"prompt\":\"use " + KEY + "\"}"));
            }
            return List.of("lookup");
        }
        throw new AssertionError("no test value for " + c + "; extend this test for the new component");
    }

    @ParameterizedTest
    @MethodSource("everyEventWithTheKeyEverywhere")
    void everyTextOfEveryEventIsRedacted(SwarmEvent event) throws Exception {
        SwarmEvent redacted = R.redact(event);

        String json = SwarmEvents.mapper().writeValueAsString(redacted);
        assertThat(json)
                .doesNotContain(KEY.strip().substring(0, 12))
                .doesNotContain(KEY.strip().substring(20));
        for (RecordComponent c : event.getClass().getRecordComponents()) {
            Object before = c.getAccessor().invoke(event);
            Object after = c.getAccessor().invoke(redacted);
            if (c.getType() == String.class && KEPT.contains(c.getName())) {
                assertThat(after).as(c.getName()).isEqualTo(before);
            } else if (c.getType() == String.class) {
                assertThat(after).as(c.getName()).isEqualTo(c.getName() + " " + Redactor.MARKER + " end");
            } else if (c.getType() != TaskResult.class && c.getType() != List.class) {
                assertThat(after).as(c.getName()).isEqualTo(before);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("everyEventWithTheKeyEverywhere")
    void aCleanEventIsNotCopied(SwarmEvent withKey) {
        SwarmEvent clean = R.redact(withKey);
        assertThat(R.redact(clean)).isSameAs(clean);
    }

    @Test
    void everyTextOfAResultIsRedacted() throws Exception {
        TaskResult t = task(KEY);
        StageReport stage = new StageReport(0, 1, List.of(t), List.of("assign_task"), AT, Duration.ofSeconds(1));
        RunReport report = new RunReport(
                List.of(stage),
                Map.of("m", new TokenUsage(1, 1)),
                AT,
                Duration.ofSeconds(2),
                1,
                List.of("failFast: " + KEY));
        SwarmResult result = new SwarmResult(
                "run",
                RunStatus.FAILED,
                "answer " + KEY,
                "reason " + KEY,
                List.of(new SubagentDefinition("w " + KEY, "prompt " + KEY, List.of("lookup"), "m")),
                report);

        SwarmResult redacted = R.redact(result);

        String text = redacted.toString() + SwarmEvents.mapper().writeValueAsString(redacted);
        assertThat(text).doesNotContain(KEY.strip().substring(0, 12)).contains(Redactor.MARKER);
        assertThat(redacted.reason()).isEqualTo("reason " + Redactor.MARKER);
        assertThat(redacted.tasks()).singleElement().satisfies(r -> {
            assertThat(r.reason()).isEqualTo("reason " + Redactor.MARKER);
            assertThat(r.finalMessage()).isEqualTo("final " + Redactor.MARKER);
            assertThat(r.taskId()).isEqualTo("s0-t0");
        });
        assertThat(redacted.criticalSteps()).isEqualTo(result.criticalSteps());
        assertThat(R.redact(redacted)).isSameAs(redacted);
    }

    @Test
    void aRedactedStageKeepsItsStepMakespanUnderTheCap() {
        // Three tasks of one step on two slots: the third starts when a slot frees, so the stage takes two steps.
        StageReport stage = new StageReport(
                0, 1, List.of(task(KEY), task("b"), task("c")), List.of("assign_task"), AT, Duration.ofSeconds(1), 2);
        RunReport report = new RunReport(List.of(stage), Map.of(), AT, Duration.ofSeconds(2), 2, List.of());
        SwarmResult result = new SwarmResult("run", RunStatus.COMPLETED, "answer", null, List.of(), report);

        SwarmResult redacted = R.redact(result);

        assertThat(redacted.tasks().get(0).finalMessage()).isEqualTo("final " + Redactor.MARKER);
        assertThat(redacted.report().stages()).singleElement().satisfies(s -> {
            assertThat(s.subStepMakespan()).isEqualTo(2);
            assertThat(s.stepMakespan()).isEqualTo(3);
        });
        assertThat(redacted.report().stepMakespan()).isEqualTo(result.report().stepMakespan());
    }

    @Test
    void theTasksOfAReportAreRedactedEachWhetherTheyShareTheirAgentsNameOrNot() {
        String shared = "agent " + KEY;
        List<TaskResult> tasks = new ArrayList<>();
        for (String agent : List.of(shared, shared, "clean agent name", shared, new String(shared), "other")) {
            TaskResult t = task("x");
            tasks.add(new TaskResult(
                    t.taskId(),
                    agent,
                    t.prompt(),
                    t.status(),
                    t.finalMessage(),
                    t.reason(),
                    t.steps(),
                    t.tokensByModel(),
                    t.startedAt(),
                    t.duration()));
        }
        StageReport stage = new StageReport(0, 1, tasks, List.of(), AT, Duration.ofSeconds(1));
        RunReport report = new RunReport(List.of(stage), Map.of(), AT, Duration.ofSeconds(2), 6, List.of());
        SwarmResult result = new SwarmResult("run", RunStatus.COMPLETED, "answer", null, List.of(), report);

        SwarmResult redacted = R.redact(result);

        String marked = "agent " + Redactor.MARKER;
        assertThat(redacted.tasks())
                .extracting(TaskResult::agent)
                .containsExactly(marked, marked, "clean agent name", marked, marked, "other");
    }

    @Test
    void theJournalWriterRedactsEveryLineItWritesEvenOfAnEventNobodyRedacted() throws Exception {
        Path file = dir.resolve("j.jsonl");
        // RunFinished closes a journal, so it comes last, as in a run.
        List<SwarmEvent> events = everyEventWithTheKeyEverywhere()
                .sorted(java.util.Comparator.comparing(e -> e instanceof SwarmEvent.RunFinished))
                .toList();
        try (JournalWriter writer = JournalWriter.create(new JournalOptions(file, FsyncPolicy.NEVER))
                .redactingWith(R)) {
            events.forEach(writer::onEvent);
        }

        String content = Files.readString(file);
        assertThat(content).doesNotContain(KEY.strip().substring(0, 12)).contains(Redactor.MARKER);
        assertThat(JournalReader.read(file).events()).hasSize(events.size());
    }

    @Test
    void aSecretThatSpansAJsonFieldBoundaryNeverBreaksAJournalLine() throws Exception {
        // A contrived secret whose raw form, in the serialised line, runs from one field's value into the next one.
        String secret = "abc\",\"prompt\":\"efghijk";
        Redactor r = Redactor.of(List.of(secret));
        SwarmEvent event = new SwarmEvent.TaskAssigned("r", 0, "s0-t0", "s0", AT, "xabc", "efghijk-lmnop");
        assertThat(SwarmEvents.mapper().writeValueAsString(event)).contains(secret);
        Path file = dir.resolve("b.jsonl");
        try (JournalWriter writer = JournalWriter.create(new JournalOptions(file, FsyncPolicy.NEVER))
                .redactingWith(r)) {
            writer.onEvent(event);
        }

        assertThat(JournalReader.read(file).events()).containsExactly(r.redact(event));
    }

    @Test
    void aJournalWriterRedactsCredentialHeadersAndKeyShapesByDefault() throws Exception {
        Path file = dir.resolve("d.jsonl");
        String body =
                "{\"error\":\"bad key sk-proj-Q7vR2mK9xW4tY8pL3nB6cD1fG5hJ0sAe\",\"h\":\"Authorization: Bearer zz9\"}";
        try (JournalWriter writer = JournalWriter.create(new JournalOptions(file, FsyncPolicy.NEVER))) {
            writer.onEvent(new SwarmEvent.ModelCallFinished(
                    "r", 0, null, "s0", AT, "orchestrator", "m", 1, 0, 0, 5, "HttpException: " + body));
        }

        String content = Files.readString(file);
        assertThat(content).doesNotContain("Q7vR2mK9xW4t").doesNotContain("zz9");
        assertThat(JournalReader.read(file).events())
                .singleElement()
                .satisfies(e ->
                        assertThat(((SwarmEvent.ModelCallFinished) e).error()).contains("bad key " + Redactor.MARKER));
    }
}

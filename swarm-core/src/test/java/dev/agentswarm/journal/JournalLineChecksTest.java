package dev.agentswarm.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentswarm.event.SwarmEvent;
import dev.agentswarm.event.SwarmEvents;
import dev.agentswarm.report.TaskResult;
import dev.agentswarm.report.TaskStatus;
import dev.agentswarm.report.TokenUsage;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every rule of {@link JournalReader} and {@link EventCheck}, one line at a time: what is accepted, and for each way a
 * line can be wrong, the exact words, line number, byte offset and intact-lines count of the message.
 */
class JournalLineChecksTest {

    static final Path FILE = Path.of("run.jsonl");
    static final Instant AT = Instant.parse("2025-03-01T10:00:00Z");
    static final ObjectMapper MAPPER = SwarmEvents.mapper();

    static final SwarmEvent STARTED = new SwarmEvent.RunStarted("r", -1, null, "r", AT, "task", "m");
    static final SwarmEvent STAGE = new SwarmEvent.StageStarted("r", 0, null, "r", AT);

    static TaskResult result(String taskId) {
        return new TaskResult(
                taskId,
                "a",
                "p",
                TaskStatus.COMPLETED,
                "done",
                null,
                1,
                Map.of("m1", new TokenUsage(3, 4)),
                AT,
                Duration.ofMillis(5));
    }

    static final SwarmEvent FINISHED = new SwarmEvent.TaskFinished("r", 1, "s1-t0", "s1", AT, result("s1-t0"));
    static final SwarmEvent TURN = new SwarmEvent.OrchestratorTurn(
            "r", 0, null, "r", AT, "text", List.of(new SwarmEvent.ToolCall("c1", "assign_task", "{}")), "m", 10, 20);

    static String line(SwarmEvent e) {
        try {
            return MAPPER.writeValueAsString(e);
        } catch (Exception ex) {
            throw new IllegalStateException(ex);
        }
    }

    /** The event's JSON, changed by {@code edit}. */
    static String edited(SwarmEvent e, Consumer<ObjectNode> edit) {
        try {
            ObjectNode tree = (ObjectNode) MAPPER.readTree(line(e));
            edit.accept(tree);
            return MAPPER.writeValueAsString(tree);
        } catch (Exception ex) {
            throw new IllegalStateException(ex);
        }
    }

    static Journal parse(String content) {
        return JournalReader.parse(FILE, content.getBytes(StandardCharsets.UTF_8));
    }

    /** Asserts that the second line, after an intact first, is rejected with the given reason. */
    static AbstractThrowableAssert<?, ? extends Throwable> secondLineRejected(String second, String what) {
        String first = line(STARTED) + "\n";
        return assertThatThrownBy(() -> parse(first + second + "\n" + line(STAGE) + "\n"))
                .isInstanceOf(JournalException.class)
                .hasMessageStartingWith("journal run.jsonl is corrupted at line 2 (byte offset "
                        + first.getBytes(StandardCharsets.UTF_8).length + "): " + what)
                .hasMessageEndingWith(". Only the last line of a journal may be incomplete; lines 1-1 are intact. "
                        + "Nothing was changed on disk.");
    }

    @Test
    void intactLinesAreReadAndATornTailIsCounted() {
        String a = line(STARTED) + "\n";
        String b = line(STAGE) + "\n";
        Journal j = parse(a + b + line(FINISHED));
        assertThat(j.events()).containsExactly(STARTED, STAGE);
        int valid = (a + b).getBytes(StandardCharsets.UTF_8).length;
        assertThat(j.validLength()).isEqualTo(valid);
        assertThat(j.tornBytes())
                .isEqualTo(line(FINISHED).getBytes(StandardCharsets.UTF_8).length)
                .isPositive();
        Journal whole = parse(a + b + line(FINISHED) + "\n" + line(TURN) + "\n");
        assertThat(whole.events()).containsExactly(STARTED, STAGE, FINISHED, TURN);
        assertThat(whole.tornBytes()).isZero();
        Journal empty = parse("");
        assertThat(empty.events()).isEmpty();
        assertThat(empty.validLength()).isZero();
        assertThat(empty.tornBytes()).isZero();
    }

    @Test
    void aBadFirstLineSaysNoLineIsIntact() {
        assertThatThrownBy(() -> parse("\n" + line(STARTED) + "\n"))
                .isInstanceOf(JournalException.class)
                .hasMessage(
                        "journal run.jsonl is corrupted at line 1 (byte offset 0): the line is empty. Only the last "
                                + "line of a journal may be incomplete; no line before it is intact. Nothing was changed on "
                                + "disk.");
        String two = line(STARTED) + "\n" + line(STAGE) + "\n";
        assertThatThrownBy(() -> parse(two + "\n" + line(STAGE) + "\n"))
                .hasMessageContaining("at line 3 (byte offset " + two.length() + "): the line is empty")
                .hasMessageContaining("lines 1-2 are intact");
    }

    @Test
    void malformedJsonIsNamed() {
        secondLineRejected("   ", "it holds no event");
        secondLineRejected("{\"type\":", "it is not valid JSON (").hasCauseInstanceOf(Exception.class);
        secondLineRejected(line(STAGE) + " }", "it holds unexpected content after the event (")
                .hasCauseInstanceOf(Exception.class);
        secondLineRejected(
                line(STAGE) + " " + line(STAGE),
                "it holds more than one JSON value: another one begins at " + "column "
                        + (line(STAGE).length() + 2) + " after the event");
        secondLineRejected("[1]", "it is not a complete event: it is a JSON array, not an event object");
        secondLineRejected("7", "it is not a complete event: it is a JSON number, not an event object");
    }

    @Test
    void theTypeMustBeAKnownName() {
        secondLineRejected("{}", "it is not a complete event: it names no event type (its 'type' is missing)");
        secondLineRejected("{\"type\":1}", "it is not a complete event: it names no event type (its 'type' is 1)");
        secondLineRejected(
                        "{\"type\":\"bogus\"}",
                        "it is not a complete event: 'bogus' is not an event type; " + "the types are [")
                .hasMessageContaining("run_started, ")
                .hasMessageContaining("task_finished");
        secondLineRejected(
                "{\"type\":\"" + "y".repeat(80) + "\"}",
                "it is not a complete event: '" + "y".repeat(80) + "' is not an event type");
        secondLineRejected(
                "{\"type\":\"" + "x".repeat(100) + "\"}",
                "it is not a complete event: '" + "x".repeat(80) + "…' is not an event type");
    }

    @Test
    void everyRequiredFieldDownThroughNestedValuesMustBePresent() {
        secondLineRejected(
                edited(STAGE, n -> n.remove("runId")),
                "it is not a complete event: stage_started lacks its required field 'runId'");
        secondLineRejected(
                edited(STAGE, n -> n.remove("stage")),
                "it is not a complete event: stage_started lacks its required field 'stage'");
        secondLineRejected(
                edited(STAGE, n -> n.putNull("parentId")),
                "it is not a complete event: stage_started has null for its required field 'parentId'");
        secondLineRejected(
                edited(FINISHED, n -> ((ObjectNode) n.get("result")).remove("status")),
                "it is not a complete event: task_finished lacks its required field 'result.status'");
        secondLineRejected(
                edited(FINISHED, n -> ((ObjectNode) n.get("result")).putNull("steps")),
                "it is not a complete event: task_finished has null for its required field 'result.steps'");
        secondLineRejected(
                edited(FINISHED, n -> n.remove("taskId")),
                "it is not a complete event: task_finished lacks its required field 'taskId'");
        secondLineRejected(
                edited(FINISHED, n -> ((ObjectNode) n.get("result").get("tokensByModel")).putNull("m1")),
                "it is not a complete event: task_finished has null at 'result.tokensByModel.m1'");
        secondLineRejected(
                edited(
                        FINISHED,
                        n -> ((ObjectNode) n.get("result").get("tokensByModel").get("m1")).remove("output")),
                "it is not a complete event: task_finished lacks its required field 'result.tokensByModel.m1.output'");
        secondLineRejected(
                edited(TURN, n -> n.withArray("toolCalls").addNull()),
                "it is not a complete event: orchestrator_turn has null at 'toolCalls[1]'");
        secondLineRejected(
                edited(TURN, n -> ((ObjectNode) n.withArray("toolCalls").get(0)).remove("name")),
                "it is not a complete event: orchestrator_turn lacks its required field 'toolCalls[0].name'");
    }

    @Test
    void nullableFieldsMayBeMissingOrNull() {
        SwarmEvent fromMissing = parse(line(STARTED) + "\n" + edited(STAGE, n -> n.remove("taskId")) + "\n")
                .events()
                .get(1);
        assertThat(fromMissing).isEqualTo(STAGE);
        SwarmEvent fromNull = parse(line(STARTED) + "\n"
                        + edited(FINISHED, n -> ((ObjectNode) n.get("result")).putNull("reason")) + "\n")
                .events()
                .get(1);
        assertThat(fromNull).isEqualTo(FINISHED);
    }

    @Test
    void valuesThatDoNotBindAreNamedWithTheirType() {
        secondLineRejected(edited(STAGE, n -> n.put("stage", "first")), "it is not a valid stage_started event (")
                .hasCauseInstanceOf(Exception.class);
    }

    @Test
    void valuesMustAgreeWithEachOther() {
        secondLineRejected(
                edited(STARTED, n -> n.put("stage", -2)),
                "it is not a consistent event: run_started has stage -2; a stage is -1 (outside a stage) or more");
        assertThat(parse(line(STARTED) + "\n").events()).containsExactly(STARTED);
        secondLineRejected(
                edited(STAGE, n -> n.put("stage", -1)),
                "it is not a consistent event: stage_started happens in a stage, but its stage is -1");
        secondLineRejected(
                edited(FINISHED, n -> n.put("taskId", "s1-t9")),
                "it is not a consistent event: task_finished of task 's1-t9' holds the result of task 's1-t0'");
        secondLineRejected(
                edited(TURN, n -> n.put("inputTokens", -1)),
                "it is not a consistent event: orchestrator_turn has token counts out of range (input -1, output 20)");
        secondLineRejected(
                edited(TURN, n -> n.put("outputTokens", Integer.MAX_VALUE + 1L)),
                "it is not a consistent event: orchestrator_turn has token counts out of range (input 10, output "
                        + "2147483648)");
        SwarmEvent extreme = parse(line(STARTED) + "\n"
                        + edited(TURN, n -> n.put("inputTokens", 0).put("outputTokens", Integer.MAX_VALUE))
                        + "\n")
                .events()
                .get(1);
        assertThat(((SwarmEvent.OrchestratorTurn) extreme).outputTokens()).isEqualTo(Integer.MAX_VALUE);
    }

    @Test
    void inStageEventsNeedAStageFromZero() {
        for (SwarmEvent e : List.of(STAGE, FINISHED, TURN)) {
            String type = edited(e, n -> {}).replaceAll("^.*\"type\":\"([a-z_]+)\".*$", "$1");
            secondLineRejected(
                    edited(e, n -> n.put("stage", -1)),
                    "it is not a consistent event: " + type + " happens in a stage, but its stage is -1");
            assertThat(parse(line(STARTED) + "\n" + edited(e, n -> n.put("stage", 0)) + "\n")
                            .events())
                    .hasSize(2);
        }
    }

    @Test
    void aJournalHoldsOneRun() {
        secondLineRejected(
                edited(STAGE, n -> n.put("runId", "other")),
                "it belongs to run 'other' while the journal began with run 'r'; a journal holds one run");
    }

    @Test
    void longDetailsAreCutToTheirFirstLine() {
        // Jackson quotes the unrecognized token in its message: the detail is that message's first 200 characters.
        String longToken = "{\"type\":" + "k".repeat(300) + "}";
        secondLineRejected(longToken, "it is not valid JSON (Unrecognized token 'kkk")
                .satisfies(e -> {
                    String m = e.getMessage();
                    String detail = m.substring(m.indexOf("valid JSON (") + 12, m.indexOf("). Only the last"));
                    assertThat(detail).hasSize(201).endsWith("…").doesNotContain("\n");
                });
    }

    @Test
    void aFileIsReadWhole(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("run.jsonl");
        Files.writeString(file, line(STARTED) + "\n" + line(STAGE) + "\n");
        Journal j = JournalReader.read(file);
        assertThat(j.path()).isEqualTo(file);
        assertThat(j.events()).containsExactly(STARTED, STAGE);
        Path absent = dir.resolve("absent.jsonl");
        assertThatThrownBy(() -> JournalReader.read(absent))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageStartingWith("cannot read journal " + absent + ": ")
                .hasCauseInstanceOf(java.io.IOException.class);
    }
}

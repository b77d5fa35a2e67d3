package dev.agentswarm.event;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.databind.JsonNode;
import dev.agentswarm.report.RunStatus;
import dev.agentswarm.report.TaskResult;
import dev.agentswarm.report.TaskStatus;
import dev.agentswarm.report.TokenUsage;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class SwarmEventsTest {

    static final Instant AT = Instant.parse("2025-03-01T10:15:30.123456789Z");
    static final TaskResult RESULT = new TaskResult(
            "s1-t0",
            "researcher",
            "find x",
            TaskStatus.STEP_LIMIT,
            "partial",
            "reached its step limit of 2",
            2,
            Map.of("m", new TokenUsage(10, 3)),
            AT,
            Duration.ofMillis(1500));

    static Stream<SwarmEvent> everyEventType() {
        return Stream.of(
                new SwarmEvent.RunStarted("r", -1, null, "r", AT, "the task", "orch"),
                new SwarmEvent.RunFinished("r", 3, null, "r", AT, RunStatus.BUDGET_EXHAUSTED, "budget", "answer", 7, 9),
                new SwarmEvent.StageStarted("r", 0, null, "r", AT),
                new SwarmEvent.StageFinished("r", 0, null, "r", AT, 1, 3, 2, 42),
                new SwarmEvent.OrchestratorTurn(
                        "r",
                        1,
                        null,
                        "s1",
                        AT,
                        "thinking",
                        List.of(new SwarmEvent.ToolCall("c1", "assign_task", "{\"agent\":\"a\",\"prompt\":\"p\"}")),
                        "orch",
                        100,
                        20),
                new SwarmEvent.SubagentCreated("r", 0, null, "s0", AT, "a", "You are a.", List.of("lookup"), "small"),
                new SwarmEvent.TaskAssigned("r", 1, "s1-t0", "s1", AT, "a", "p"),
                new SwarmEvent.TaskStarted("r", 1, "s1-t0", "s1", AT, "a"),
                new SwarmEvent.TaskFinished("r", 1, "s1-t0", "s1", AT, RESULT),
                new SwarmEvent.ModelCallStarted("r", 1, "s1-t0", "s1-t0", AT, "a", "small", 1),
                new SwarmEvent.ModelCallFinished("r", 1, "s1-t0", "s1-t0", AT, "a", "small", 1, 10, 3, 250, "boom"),
                new SwarmEvent.ToolCallStarted("r", 1, "s1-t0", "s1-t0", AT, "lookup", "c9", "{}"),
                new SwarmEvent.ToolCallFinished("r", 1, null, "s1", AT, "lookup", "c9", true, "Error: x"),
                new SwarmEvent.LimitHit("r", 1, null, "r", AT, "maxTasks", "refused"),
                new SwarmEvent.RetryScheduled("r", 1, "s1-t0", "s1-t0", AT, "small", 2, 800, "429"),
                new SwarmEvent.BulkheadWait("r", 1, "s1-t0", "s1", AT, "tasks", 256, 256, 3),
                new SwarmEvent.ApprovalRequested(
                        "r",
                        1,
                        null,
                        "s1",
                        AT,
                        "s1/c0",
                        dev.agentswarm.control.ApprovalRequest.Kind.ASSIGN_TASK,
                        "assign_task",
                        "a",
                        "{\"agent\":\"a\"}"),
                new SwarmEvent.ApprovalDecided(
                        "r",
                        1,
                        null,
                        "s1",
                        AT,
                        "s1/c0",
                        dev.agentswarm.control.Decision.Verdict.EDIT,
                        null,
                        "{}",
                        true),
                new SwarmEvent.GuardrailChecked("r", 1, "s1-t0", "s1-t0", AT, "task_result", "G", "failed", "leak"));
    }

    @ParameterizedTest
    @MethodSource("everyEventType")
    void everyEventRoundTripsUnderItsStableTypeName(SwarmEvent event) throws Exception {
        String json = SwarmEvents.mapper().writeValueAsString(event);
        SwarmEvent back = SwarmEvents.mapper().readValue(json, SwarmEvent.class);
        assertThat(back).isEqualTo(event);
        JsonNode tree = SwarmEvents.mapper().readTree(json);
        assertThat(tree.get("type").asText()).isEqualTo(typeName(event.getClass()));
        assertThat(tree.get("at").asText()).isEqualTo("2025-03-01T10:15:30.123456789Z");
        assertThat(json).doesNotContain("\n");
    }

    @Test
    void theTestCoversEveryEventType() {
        Set<Class<?>> covered = everyEventType().map(Object::getClass).collect(Collectors.toSet());
        assertThat(covered).containsExactlyInAnyOrder(SwarmEvent.class.getPermittedSubclasses());
    }

    @ParameterizedTest
    @MethodSource("everyEventType")
    void theOriginHeaderIsTheEventsIdsAndTimeAndStaysOutOfItsJson(SwarmEvent event) throws Exception {
        SwarmEvent.Origin origin = event.origin();
        assertThat(origin)
                .isEqualTo(new SwarmEvent.Origin(
                        event.runId(), event.stage(), event.taskId(), event.parentId(), event.at()));
        JsonNode json = SwarmEvents.mapper().readTree(SwarmEvents.mapper().writeValueAsString(event));
        assertThat(json.has("origin"))
                .as("the header's fields stay at the top level")
                .isFalse();
        assertThat(json.get("runId").asText()).isEqualTo(event.runId());
        assertThat(json.get("stage").asInt()).isEqualTo(event.stage());
        assertThat(json.get("parentId").asText()).isEqualTo(event.parentId());
    }

    @Test
    void anEventMadeUnderAnOriginEqualsThePositionalOne() throws Exception {
        SwarmEvent.Origin origin = new SwarmEvent.Origin("r", 1, "s1-t0", "s1", AT);
        SwarmEvent made = new SwarmEvent.TaskFinished(origin, RESULT);
        assertThat(made).isEqualTo(new SwarmEvent.TaskFinished("r", 1, "s1-t0", "s1", AT, RESULT));
        assertThat(made.origin()).isEqualTo(origin);
        String json = SwarmEvents.mapper().writeValueAsString(made);
        assertThat(SwarmEvents.mapper().readValue(json, SwarmEvent.class)).isEqualTo(made);
        assertThat(new SwarmEvent.StageFinished(new SwarmEvent.Origin("r", 0, null, "r", AT), 1, 3, 2, 42L, 2))
                .isEqualTo(new SwarmEvent.StageFinished("r", 0, null, "r", AT, 1, 3, 2, 42L, 2));
    }

    @Test
    void aModelCallEndAndARetryFromAnOlderJournalReadWithoutTheFieldsAddedLater() throws Exception {
        String call = "{\"type\":\"model_call_finished\",\"runId\":\"r\",\"stage\":1,\"taskId\":\"s1-t0\","
                + "\"parentId\":\"s1-t0\",\"at\":\"2026-01-01T00:00:00Z\",\"role\":\"a\",\"model\":\"small\","
                + "\"step\":1,\"inputTokens\":10,\"outputTokens\":3,\"latencyMillis\":250,\"error\":null}";
        SwarmEvent.ModelCallFinished read =
                (SwarmEvent.ModelCallFinished) SwarmEvents.mapper().readValue(call, SwarmEvent.class);
        assertThat(read.responseModel()).isNull();
        assertThat(read.finishReason()).isNull();
        assertThat(read.rateLimitWaitMillis()).isNull();
        assertThat(read.inputTokens()).isEqualTo(10);

        String retry = "{\"type\":\"retry\",\"runId\":\"r\",\"stage\":1,\"taskId\":null,\"parentId\":\"s1\","
                + "\"at\":\"2026-01-01T00:00:00Z\",\"model\":\"small\",\"attempt\":1,\"delayMillis\":800,"
                + "\"reason\":\"429\"}";
        SwarmEvent.RetryScheduled r =
                (SwarmEvent.RetryScheduled) SwarmEvents.mapper().readValue(retry, SwarmEvent.class);
        assertThat(r.cause()).isNull();
        assertThat(r.delayMillis()).isEqualTo(800);
    }

    @Test
    void theFieldsAddedForObservabilityRoundTrip() throws Exception {
        SwarmEvent call = new SwarmEvent.ModelCallFinished(
                new SwarmEvent.Origin("r", 1, "s1-t0", "s1-t0", AT),
                "a",
                "small",
                1,
                10,
                3,
                250,
                null,
                "small-2026-01-01",
                "STOP",
                1_500L);
        SwarmEvent retry = new SwarmEvent.RetryScheduled(
                new SwarmEvent.Origin("r", 1, "s1-t0", "s1-t0", AT),
                "small",
                1,
                800,
                "HTTP 429: slow down",
                "HTTP 429");
        for (SwarmEvent e : List.of(call, retry)) {
            assertThat(SwarmEvents.mapper().readValue(SwarmEvents.mapper().writeValueAsString(e), SwarmEvent.class))
                    .isEqualTo(e);
        }
    }

    @Test
    void durationsAreIsoStringsAndUnknownPropertiesAreIgnored() throws Exception {
        String json =
                SwarmEvents.mapper().writeValueAsString(new SwarmEvent.TaskFinished("r", 1, "s1-t0", "s1", AT, RESULT));
        assertThat(json).contains("\"duration\":\"PT1.5S\"");
        String newer = json.replaceFirst("\\{", "{\"addedLater\":1,");
        assertThat(SwarmEvents.mapper().readValue(newer, SwarmEvent.class))
                .isEqualTo(new SwarmEvent.TaskFinished("r", 1, "s1-t0", "s1", AT, RESULT));
    }

    @Test
    void aTextOverTheReadLimitIsWrittenCutWithAMarkerAndReadsBackWithoutSplittingACharacter() throws Exception {
        String smiley = "\uD83D\uDE00";
        for (String prefix : List.of("", "x")) {
            String text = prefix + smiley.repeat(SwarmEvents.MAX_STRING_LENGTH / 2 + 50);
            String json = SwarmEvents.mapper()
                    .writeValueAsString(new SwarmEvent.LimitHit("r", 0, null, "r", AT, "maxTasks", text));
            String back = ((SwarmEvent.LimitHit) SwarmEvents.mapper().readValue(json, SwarmEvent.class)).detail();
            assertThat(back.length()).isLessThanOrEqualTo(SwarmEvents.MAX_STRING_LENGTH);
            assertThat(back)
                    .startsWith(prefix + smiley)
                    .endsWith("[cut: this text was " + text.length() + " characters; the journal keeps at most "
                            + SwarmEvents.MAX_STRING_LENGTH + "]");
            int cut = back.indexOf("\n[cut:");
            assertThat(back.codePoints().limit(cut).noneMatch(c -> c >= 0xD800 && c <= 0xDFFF))
                    .as("no lone surrogate")
                    .isTrue();
        }
    }

    @Test
    void aMapKeyOverTheNameLimitIsWrittenCutAndReadsBack() throws Exception {
        String model = "m".repeat(SwarmEvents.MAX_NAME_LENGTH + 10);
        TaskResult r = new TaskResult(
                "s1-t0",
                "a",
                "p",
                TaskStatus.COMPLETED,
                "ok",
                null,
                1,
                Map.of(model, new TokenUsage(1, 2)),
                AT,
                Duration.ZERO);
        String json =
                SwarmEvents.mapper().writeValueAsString(new SwarmEvent.TaskFinished("r", 1, "s1-t0", "s1", AT, r));
        SwarmEvent.TaskFinished back =
                (SwarmEvent.TaskFinished) SwarmEvents.mapper().readValue(json, SwarmEvent.class);
        assertThat(back.result().tokensByModel().entrySet()).singleElement().satisfies(e -> {
            assertThat(e.getKey())
                    .hasSizeLessThanOrEqualTo(SwarmEvents.MAX_NAME_LENGTH)
                    .contains("[cut:");
            assertThat(e.getValue()).isEqualTo(new TokenUsage(1, 2));
        });
    }

    @Test
    void contentAfterTheFirstValueIsAnError() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> SwarmEvents.mapper()
                        .readValue(
                                "{\"type\":\"stage_started\",\"runId\":\"r\",\"stage\":0,\"parentId\":\"r\","
                                        + "\"at\":\"2025-03-01T10:00:00Z\"} {}",
                                SwarmEvent.class))
                .hasMessageContaining("Trailing token");
    }

    private static String typeName(Class<?> type) {
        return Arrays.stream(SwarmEvent.class.getAnnotation(JsonSubTypes.class).value())
                .filter(t -> t.value().equals(type))
                .map(JsonSubTypes.Type::name)
                .findFirst()
                .orElseThrow();
    }
}

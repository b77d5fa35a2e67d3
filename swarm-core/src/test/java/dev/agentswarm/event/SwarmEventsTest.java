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
    static final TaskResult RESULT = new TaskResult("s1-t0", "researcher", "find x", TaskStatus.STEP_LIMIT, "partial",
            "reached its step limit of 2", 2, Map.of("m", new TokenUsage(10, 3)), AT, Duration.ofMillis(1500));

    static Stream<SwarmEvent> everyEventType() {
        return Stream.of(
                new SwarmEvent.RunStarted("r", -1, null, "r", AT, "the task", "orch"),
                new SwarmEvent.RunFinished("r", 3, null, "r", AT, RunStatus.BUDGET_EXHAUSTED, "budget", "answer", 7, 9),
                new SwarmEvent.StageStarted("r", 0, null, "r", AT),
                new SwarmEvent.StageFinished("r", 0, null, "r", AT, 1, 3, 2, 42),
                new SwarmEvent.OrchestratorTurn("r", 1, null, "s1", AT, "thinking",
                        List.of(new SwarmEvent.ToolCall("c1", "assign_task", "{\"agent\":\"a\",\"prompt\":\"p\"}")),
                        "orch", 100, 20),
                new SwarmEvent.SubagentCreated("r", 0, null, "s0", AT, "a", "You are a.", List.of("lookup"), "small"),
                new SwarmEvent.TaskAssigned("r", 1, "s1-t0", "s1", AT, "a", "p"),
                new SwarmEvent.TaskStarted("r", 1, "s1-t0", "s1", AT, "a"),
                new SwarmEvent.TaskFinished("r", 1, "s1-t0", "s1", AT, RESULT),
                new SwarmEvent.ModelCallStarted("r", 1, "s1-t0", "s1-t0", AT, "a", "small", 1),
                new SwarmEvent.ModelCallFinished("r", 1, "s1-t0", "s1-t0", AT, "a", "small", 1, 10, 3, 250, "boom"),
                new SwarmEvent.ToolCallStarted("r", 1, "s1-t0", "s1-t0", AT, "lookup", "c9", "{}"),
                new SwarmEvent.ToolCallFinished("r", 1, null, "s1", AT, "lookup", "c9", true, "Error: x"),
                new SwarmEvent.LimitHit("r", 1, null, "r", AT, "maxTasks", "refused"),
                new SwarmEvent.RetryScheduled("r", 1, "s1-t0", "s1-t0", AT, "small", 2, 800, "429"));
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

    @Test
    void durationsAreIsoStringsAndUnknownPropertiesAreIgnored() throws Exception {
        String json = SwarmEvents.mapper().writeValueAsString(new SwarmEvent.TaskFinished("r", 1, "s1-t0", "s1", AT,
                RESULT));
        assertThat(json).contains("\"duration\":\"PT1.5S\"");
        String newer = json.replaceFirst("\\{", "{\"addedLater\":1,");
        assertThat(SwarmEvents.mapper().readValue(newer, SwarmEvent.class))
                .isEqualTo(new SwarmEvent.TaskFinished("r", 1, "s1-t0", "s1", AT, RESULT));
    }

    private static String typeName(Class<?> type) {
        return Arrays.stream(SwarmEvent.class.getAnnotation(JsonSubTypes.class).value())
                .filter(t -> t.value().equals(type))
                .map(JsonSubTypes.Type::name)
                .findFirst()
                .orElseThrow();
    }
}

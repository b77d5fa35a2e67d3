package dev.agentswarm.test.journal;

import static dev.agentswarm.test.Replies.assignTask;
import static dev.agentswarm.test.Replies.calls;
import static dev.agentswarm.test.Replies.createSubagent;
import static dev.agentswarm.test.Replies.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentswarm.AgentSwarm;
import dev.agentswarm.RunOptions;
import dev.agentswarm.SwarmRun;
import dev.agentswarm.event.SwarmEvent;
import dev.agentswarm.event.SwarmEvents;
import dev.agentswarm.journal.FsyncPolicy;
import dev.agentswarm.journal.Journal;
import dev.agentswarm.journal.JournalException;
import dev.agentswarm.journal.JournalOptions;
import dev.agentswarm.journal.JournalReader;
import dev.agentswarm.journal.JournalWriter;
import dev.agentswarm.model.SwarmModel;
import dev.agentswarm.report.RunStatus;
import dev.agentswarm.report.SwarmResult;
import dev.agentswarm.report.TaskResult;
import dev.agentswarm.report.TaskStatus;
import dev.agentswarm.report.TokenUsage;
import dev.agentswarm.test.ScriptedModel;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * A journal is only resumed when it can be trusted, and only one run or resume uses it at a time:
 * <ul>
 *   <li>a line holding two JSON values, or a value followed by garbage, is rejected with its line: an event glued to
 *       its predecessor is never silently dropped, so resume never runs a finished task again;</li>
 *   <li>every event is validated on read: a line lacking a field its type requires is rejected with its line and the
 *       field, never an NPE later, and a journal that cannot be resumed is never written to;</li>
 *   <li>the writer and the reader share one set of stream limits: a 21 M character answer is cut with a visible
 *       marker, and the journal stays readable and resumable;</li>
 *   <li>a new journal is created exclusively, and a file lock held for the life of a run or a resume makes a second
 *       user, in this JVM or another process, fail with a clear error that writes nothing; the lock is released
 *       however the run ends.</li>
 * </ul>
 */
class JournalIntegrityTest {

    static final Instant AT = Instant.parse("2025-03-01T10:00:00Z");

    @TempDir
    static Path shared;

    @TempDir
    Path dir;

    /** The journal of an uninterrupted {@link ResumeScenario} run, and its result. */
    static byte[] full;

    static List<String> lines;
    static SwarmResult baseline;

    @BeforeAll
    static void recordAnUninterruptedJournaledRun() throws Exception {
        Path journal = shared.resolve("full.jsonl");
        baseline = ResumeScenario.swarm(ResumeScenario.model(Duration.ZERO, c -> {}))
                .execute(ResumeScenario.TASK, RunOptions.journal(new JournalOptions(journal, FsyncPolicy.NEVER)))
                .block();
        full = Files.readAllBytes(journal);
        lines = Files.readAllLines(journal);
    }

    // ----------------------------------------------------------------------------------------- trailing content

    @Test
    void aTaskFinishedGluedToThePreviousLineIsRejectedWithItsLineAndNoTaskRunsAgain() throws Exception {
        int finished = indexOf("\"type\":\"task_finished\"");
        List<String> glued = new ArrayList<>(lines);
        glued.set(finished - 1, glued.get(finished - 1) + glued.remove(finished));
        Path journal = write(glued);
        byte[] before = Files.readAllBytes(journal);

        assertThatThrownBy(() -> JournalReader.read(journal))
                .isInstanceOf(JournalException.class)
                .hasMessageContaining("at line " + finished + " ")
                .hasMessageContaining("more than one JSON value");
        List<String> calls = Collections.synchronizedList(new ArrayList<>());
        assertThatThrownBy(() -> ResumeScenario.swarm(ResumeScenario.model(Duration.ZERO, calls::add))
                        .execute(ResumeScenario.TASK, RunOptions.resume(JournalOptions.of(journal)))
                        .block())
                .isInstanceOf(JournalException.class)
                .hasMessageContaining("at line " + finished + " ");
        assertThat(calls).as("no task runs again").isEmpty();
        assertThat(Files.readAllBytes(journal)).as("nothing is written").isEqualTo(before);
    }

    @Test
    void anEventFollowedByGarbageIsRejectedWithItsLine() throws Exception {
        List<String> garbled = new ArrayList<>(lines);
        garbled.set(2, garbled.get(2) + " garbage");
        Path journal = write(garbled);
        assertThatThrownBy(() -> JournalReader.read(journal))
                .isInstanceOf(JournalException.class)
                .hasMessageContaining("at line 3 ")
                .hasMessageContaining("after the event");
        garbled.set(2, lines.get(2) + "}");
        Path braced = write(garbled);
        assertThatThrownBy(() -> JournalReader.read(braced))
                .isInstanceOf(JournalException.class)
                .hasMessageContaining("at line 3 ");
    }

    @Test
    void whitespaceAfterAnEventIsNotTrailingContent() throws Exception {
        List<String> padded = new ArrayList<>(lines);
        padded.set(1, padded.get(1) + "  \t\r");
        assertThat(JournalReader.read(write(padded)).events()).hasSize(lines.size());
    }

    // -------------------------------------------------------------------------------------- incomplete events

    static final TaskResult RESULT = new TaskResult(
            "s1-t0",
            "a",
            "p",
            TaskStatus.STEP_LIMIT,
            "partial",
            "reached its step limit of 2",
            2,
            Map.of("m", new TokenUsage(10, 3)),
            AT,
            Duration.ofMillis(1500));

    /** One event of every type, each with the fields its type requires, as JSON paths. */
    static final Map<SwarmEvent, List<String>> REQUIRED = required();

    private static Map<SwarmEvent, List<String>> required() {
        Map<SwarmEvent, List<String>> m = new LinkedHashMap<>();
        m.put(
                new SwarmEvent.RunStarted("r", -1, null, "r", AT, "the task", "orch"),
                List.of("task", "orchestratorModel"));
        m.put(
                new SwarmEvent.RunFinished("r", 3, null, "r", AT, RunStatus.BUDGET_EXHAUSTED, "budget", "answer", 7, 9),
                List.of("status", "answer", "criticalSteps", "totalSteps"));
        m.put(new SwarmEvent.StageStarted("r", 0, null, "r", AT), List.of());
        m.put(
                new SwarmEvent.StageFinished("r", 0, null, "r", AT, 1, 3, 2, 42),
                List.of("mainSteps", "maxSubSteps", "tasks", "durationMillis"));
        m.put(
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
                List.of(
                        "text",
                        "toolCalls",
                        "toolCalls[0].id",
                        "toolCalls[0].name",
                        "toolCalls[0].arguments",
                        "model",
                        "inputTokens",
                        "outputTokens"));
        m.put(
                new SwarmEvent.SubagentCreated("r", 0, null, "s0", AT, "a", "You are a.", List.of("lookup"), "small"),
                List.of("name", "systemPrompt", "tools", "model"));
        m.put(new SwarmEvent.TaskAssigned("r", 1, "s1-t0", "s1", AT, "a", "p"), List.of("taskId", "agent", "prompt"));
        m.put(new SwarmEvent.TaskStarted("r", 1, "s1-t0", "s1", AT, "a"), List.of("taskId", "agent"));
        m.put(
                new SwarmEvent.TaskFinished("r", 1, "s1-t0", "s1", AT, RESULT),
                List.of(
                        "taskId",
                        "result",
                        "result.taskId",
                        "result.agent",
                        "result.prompt",
                        "result.status",
                        "result.finalMessage",
                        "result.steps",
                        "result.tokensByModel",
                        "result.tokensByModel.m.input",
                        "result.tokensByModel.m.output",
                        "result.startedAt",
                        "result.duration"));
        m.put(
                new SwarmEvent.ModelCallStarted("r", 1, "s1-t0", "s1-t0", AT, "a", "small", 1),
                List.of("role", "model", "step"));
        m.put(
                new SwarmEvent.ModelCallFinished("r", 1, "s1-t0", "s1-t0", AT, "a", "small", 1, 10, 3, 250, "boom"),
                List.of("role", "model", "step", "inputTokens", "outputTokens", "latencyMillis"));
        m.put(
                new SwarmEvent.ToolCallStarted("r", 1, "s1-t0", "s1-t0", AT, "lookup", "c9", "{}"),
                List.of("tool", "callId", "arguments"));
        m.put(
                new SwarmEvent.ToolCallFinished("r", 1, null, "s1", AT, "lookup", "c9", true, "Error: x"),
                List.of("tool", "callId", "error", "result"));
        m.put(new SwarmEvent.LimitHit("r", 1, null, "r", AT, "maxTasks", "refused"), List.of("limit", "detail"));
        m.put(
                new SwarmEvent.RetryScheduled("r", 1, "s1-t0", "s1-t0", AT, "small", 2, 800, "429"),
                List.of("model", "attempt", "delayMillis", "reason"));
        m.put(
                new SwarmEvent.BulkheadWait("r", 1, "s1-t0", "s1", AT, "tasks", 256, 256, 3),
                List.of("scope", "inFlight", "capacity", "waiting"));
        m.put(
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
                        "{}"),
                List.of("key", "kind", "tool", "arguments"));
        m.put(
                new SwarmEvent.ApprovalDecided(
                        "r",
                        1,
                        null,
                        "s1",
                        AT,
                        "s1/c0",
                        dev.agentswarm.control.Decision.Verdict.DENY,
                        "no",
                        null,
                        false),
                List.of("key", "verdict", "replayed"));
        m.put(
                new SwarmEvent.GuardrailChecked("r", 1, "s1-t0", "s1-t0", AT, "task_result", "G", "failed", "leak"),
                List.of("target", "guardrail", "outcome"));
        return m;
    }

    static Stream<Arguments> requiredFields() {
        List<Arguments> out = new ArrayList<>();
        REQUIRED.forEach((event, fields) -> {
            for (String field : Stream.concat(Stream.of("runId", "stage", "parentId", "at"), fields.stream())
                    .toList()) {
                out.add(Arguments.of(typeName(event), field));
            }
        });
        return out.stream();
    }

    @Test
    void theTableCoversEveryEventType() {
        assertThat(REQUIRED.keySet().stream().map(Object::getClass).toList())
                .containsExactlyInAnyOrder(SwarmEvent.class.getPermittedSubclasses());
    }

    @Test
    void everyEventOfTheTableReadsWhenWhole() throws Exception {
        List<String> all = new ArrayList<>();
        for (SwarmEvent e : REQUIRED.keySet()) {
            all.add(SwarmEvents.mapper().writeValueAsString(e));
        }
        assertThat(JournalReader.read(write(all)).events()).containsExactlyElementsOf(REQUIRED.keySet());
    }

    @ParameterizedTest(name = "{0} without {1}")
    @MethodSource("requiredFields")
    void anEventLackingARequiredFieldIsRejectedWithItsLineAndTheField(String type, String field) throws Exception {
        ObjectNode event = sample(type);
        remove(event, field);
        assertRejectedAtLine2(event, field);
    }

    @ParameterizedTest(name = "{0} with null {1}")
    @MethodSource("requiredFields")
    void anEventWithANullRequiredFieldIsRejectedWithItsLineAndTheField(String type, String field) throws Exception {
        ObjectNode event = sample(type);
        setNull(event, field);
        assertRejectedAtLine2(event, field);
    }

    @Test
    void theOptionalFieldsMayBeMissingOrNull() throws Exception {
        ObjectNode finished = sample("run_finished");
        finished.remove("reason");
        finished.remove("taskId");
        ObjectNode call = sample("model_call_finished");
        call.putNull("error");
        call.putNull("taskId");
        ObjectNode task = sample("task_finished");
        ((ObjectNode) task.get("result")).put("status", "COMPLETED").remove("reason");
        Journal read =
                JournalReader.read(write(List.of(json(sample("run_started")), json(finished), json(call), json(task))));
        assertThat(read.events()).hasSize(4);
        assertThat(((SwarmEvent.RunFinished) read.events().get(1)).reason()).isNull();
    }

    @Test
    void linesThatAreNotEventsAreRejectedWithTheirLine() throws Exception {
        String start = json(sample("run_started"));
        for (String bad : List.of(
                "null",
                "[]",
                "42",
                "\"text\"",
                "{}",
                "{\"type\":\"nope\",\"runId\":\"r\"}",
                "{\"runId\":\"r\",\"stage\":0,\"parentId\":\"r\",\"at\":\"2025-03-01T10:00:00Z\"}",
                json(sample("stage_started").put("stage", "zero")),
                json(sample("task_finished").put("result", "done")),
                json(sample("run_finished").put("status", "WON")))) {
            Path journal = write(List.of(start, bad, start));
            assertThatThrownBy(() -> JournalReader.read(journal))
                    .as(bad)
                    .isInstanceOf(JournalException.class)
                    .hasMessageContaining("at line 2 ");
        }
    }

    @Test
    void inconsistentEventsAreRejectedWithTheirLine() throws Exception {
        ObjectNode otherTask = sample("task_finished");
        otherTask.put("taskId", "s1-t7");
        ObjectNode noStage = sample("orchestrator_turn");
        noStage.put("stage", -1);
        ObjectNode negativeTokens = sample("orchestrator_turn");
        negativeTokens.put("inputTokens", -5);
        ObjectNode nullCall = sample("orchestrator_turn");
        ((ArrayNode) nullCall.get("toolCalls")).addNull();
        ObjectNode nullTool = sample("subagent_created");
        ((ArrayNode) nullTool.get("tools")).addNull();
        ObjectNode reasonless = sample("task_finished");
        ((ObjectNode) reasonless.get("result")).remove("reason");
        for (ObjectNode bad : List.of(otherTask, noStage, negativeTokens, nullCall, nullTool, reasonless)) {
            Path journal = write(List.of(json(sample("run_started")), json(bad), json(sample("stage_started"))));
            assertThatThrownBy(() -> JournalReader.read(journal))
                    .as(bad.toString())
                    .isInstanceOf(JournalException.class)
                    .hasMessageContaining("at line 2 ");
        }
    }

    @Test
    void aTurnWithoutToolCallsIsRejectedAtOnceAndTheFailedResumeAppendsNothing() throws Exception {
        int turn = indexOf("\"type\":\"orchestrator_turn\"");
        List<String> broken = new ArrayList<>(lines.subList(0, turn + 1));
        ObjectNode event = (ObjectNode) SwarmEvents.mapper().readTree(broken.get(turn - 1));
        event.remove("toolCalls");
        broken.set(turn - 1, json(event));
        Path journal = write(broken);
        byte[] before = Files.readAllBytes(journal);
        List<String> calls = Collections.synchronizedList(new ArrayList<>());
        assertThatThrownBy(() -> ResumeScenario.swarm(ResumeScenario.model(Duration.ZERO, calls::add))
                        .execute(ResumeScenario.TASK, RunOptions.resume(JournalOptions.of(journal)))
                        .block())
                .isInstanceOf(JournalException.class)
                .hasMessageContaining("at line " + turn + " ")
                .hasMessageContaining("'toolCalls'");
        assertThat(calls).isEmpty();
        assertThat(Files.readAllBytes(journal)).isEqualTo(before);
    }

    @Test
    void aTaskFinishedWithoutItsResultIsRejectedWithItsLineNotAnNpe() throws Exception {
        int finished = indexOf("\"type\":\"task_finished\"");
        List<String> broken = new ArrayList<>(lines.subList(0, finished));
        ObjectNode event = (ObjectNode) SwarmEvents.mapper().readTree(broken.get(finished - 1));
        event.remove("result");
        broken.set(finished - 1, json(event));
        Path journal = write(broken);
        byte[] before = Files.readAllBytes(journal);
        assertThatThrownBy(() -> ResumeScenario.swarm(ResumeScenario.model(Duration.ZERO, c -> {}))
                        .execute(ResumeScenario.TASK, RunOptions.resume(JournalOptions.of(journal))))
                .isInstanceOf(JournalException.class)
                .hasMessageContaining("at line " + finished + " ")
                .hasMessageContaining("'result'");
        assertThatThrownBy(() -> ResumeScenario.swarm(ResumeScenario.model(Duration.ZERO, c -> {}))
                        .start(ResumeScenario.TASK, RunOptions.resume(JournalOptions.of(journal))))
                .isInstanceOf(JournalException.class);
        assertThat(Files.readAllBytes(journal)).isEqualTo(before);
    }

    @Test
    void randomDamageIsEitherReadOrRejectedWithItsLineAndNeverFailsOtherwise() throws Exception {
        Random random = new Random(20251212L);
        AgentSwarm swarm = ResumeScenario.swarm(ResumeScenario.model(Duration.ZERO, c -> {}));
        byte[] tokens = "{}[]\":,\n 0-9.enultrsfa\\x".getBytes(StandardCharsets.UTF_8);
        int read = 0;
        int rejected = 0;
        for (int i = 0; i < 1000; i++) {
            byte[] damaged = full.clone();
            for (int d = 1 + random.nextInt(3); d > 0; d--) {
                damaged = damage(damaged, random, tokens);
            }
            Path journal = dir.resolve("fuzz-" + i + ".jsonl");
            Files.write(journal, damaged);
            try {
                JournalReader.read(journal);
                read++;
                try {
                    swarm.execute(ResumeScenario.TASK, RunOptions.resume(JournalOptions.of(journal)));
                } catch (JournalException e) {
                    assertThat(e.getMessage()).contains(journal.toString());
                }
            } catch (JournalException e) {
                assertThat(e.getMessage()).as("damage #%d", i).containsPattern("is corrupted at line \\d+ ");
                rejected++;
            }
            Files.delete(journal);
        }
        assertThat(read)
                .as("damage that leaves whole events (a torn tail, a changed letter)")
                .isGreaterThan(25);
        assertThat(rejected).isGreaterThan(500);
    }

    /** Flips, deletes, duplicates or drops a field from a random place of the journal. */
    private static byte[] damage(byte[] bytes, Random random, byte[] tokens) throws IOException {
        if (bytes.length == 0) {
            return bytes;
        }
        int at = random.nextInt(bytes.length);
        switch (random.nextInt(5)) {
            case 0 -> {
                byte[] out = bytes.clone();
                out[at] = tokens[random.nextInt(tokens.length)];
                return out;
            }
            case 1 -> {
                int len = Math.min(bytes.length - at, 1 + random.nextInt(40));
                byte[] out = new byte[bytes.length - len];
                System.arraycopy(bytes, 0, out, 0, at);
                System.arraycopy(bytes, at + len, out, at, bytes.length - at - len);
                return out;
            }
            case 2 -> {
                int len = Math.min(bytes.length - at, 1 + random.nextInt(200));
                byte[] out = new byte[bytes.length + len];
                System.arraycopy(bytes, 0, out, 0, at + len);
                System.arraycopy(bytes, at, out, at + len, bytes.length - at);
                return out;
            }
            case 3 -> {
                List<String> ls = new ArrayList<>(List.of(new String(bytes, StandardCharsets.UTF_8).split("\n", -1)));
                int line = random.nextInt(Math.max(1, ls.size() - 1));
                try {
                    JsonNode node = SwarmEvents.mapper().readTree(ls.get(line));
                    if (node instanceof ObjectNode o && o.size() > 0) {
                        List<String> names = new ArrayList<>();
                        o.fieldNames().forEachRemaining(names::add);
                        o.remove(names.get(random.nextInt(names.size())));
                        ls.set(line, o.toString());
                    }
                } catch (IOException e) {
                    // already damaged: leave it
                }
                return String.join("\n", ls).getBytes(StandardCharsets.UTF_8);
            }
            default -> {
                return Arrays.copyOf(bytes, at);
            }
        }
    }

    // ------------------------------------------------------------------------------------ stream constraints

    @Test
    void aTwentyOneMillionCharacterAnswerIsJournaledReadableAndResumable() throws Exception {
        String answer = "A" + "x".repeat(20_999_998) + "Z";
        String message = "M" + "y".repeat(20_999_998) + "N";
        ScriptedModel model = ScriptedModel.builder()
                .orchestrator(calls(createSubagent("writer", "You write.")))
                .orchestrator(calls(assignTask("writer", "write a lot")))
                .orchestrator(text(answer))
                .subagent("writer", text(message))
                .build();
        Path journal = dir.resolve("big.jsonl");
        SwarmResult result = AgentSwarm.builder()
                .orchestratorModel(model)
                .build()
                .run("task", RunOptions.journal(JournalOptions.of(journal)));
        assertThat(result.status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(result.answer()).as("the run's own result is not cut").isEqualTo(answer);

        Journal read = JournalReader.read(journal);
        String journaled = read.eventsOf(SwarmEvent.RunFinished.class).get(0).answer();
        assertThat(journaled.length()).isLessThanOrEqualTo(SwarmEvents.MAX_STRING_LENGTH);
        assertThat(journaled)
                .startsWith("Axxxx")
                .doesNotContain("Z")
                .contains("cut")
                .contains("21000000");
        TaskResult task = read.eventsOf(SwarmEvent.TaskFinished.class).get(0).result();
        assertThat(task.finalMessage()).startsWith("Myyyy").doesNotContain("N").contains("cut");

        ScriptedModel none = ScriptedModel.builder().build();
        SwarmResult resumed = AgentSwarm.builder()
                .orchestratorModel(none)
                .build()
                .execute("task", RunOptions.resume(JournalOptions.of(journal)))
                .block();
        assertThat(resumed.status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(resumed.answer()).isEqualTo(journaled);
        assertThat(none.requests()).isEmpty();
        assertThat(JournalReader.read(journal).eventsOf(SwarmEvent.RunFinished.class))
                .hasSize(2);
    }

    // ---------------------------------------------------------------------------------------- concurrent use

    @Test
    void aNewJournalIsCreatedExclusively() throws Exception {
        Path journal = dir.resolve("new.jsonl");
        try (JournalWriter first = JournalWriter.create(JournalOptions.of(journal))) {
            assertThatThrownBy(() -> JournalWriter.create(JournalOptions.of(journal)))
                    .isInstanceOf(JournalException.class)
                    .hasMessageContaining(journal.toString());
            assertThat(first.failure()).isNull();
        }
        Path empty = Files.createFile(dir.resolve("empty.jsonl"));
        assertThatThrownBy(() -> ResumeScenario.swarm(ResumeScenario.model(Duration.ZERO, c -> {}))
                        .run(ResumeScenario.TASK, RunOptions.journal(JournalOptions.of(empty))))
                .isInstanceOf(JournalException.class)
                .hasMessageContaining("already exists");
        assertThat(Files.size(empty)).isZero();
    }

    @Test
    void twoRunsStartedTogetherOnOnePathYieldOneRunAndOneClearError() throws Exception {
        Path journal = dir.resolve("race.jsonl");
        CyclicBarrier barrier = new CyclicBarrier(2);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<SwarmResult>> runs = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                runs.add(pool.submit(() -> {
                    barrier.await(10, TimeUnit.SECONDS);
                    return ResumeScenario.swarm(ResumeScenario.model(Duration.ZERO, c -> {}))
                            .run(ResumeScenario.TASK, RunOptions.journal(JournalOptions.of(journal)));
                }));
            }
            List<Object> outcomes = new ArrayList<>();
            for (Future<SwarmResult> run : runs) {
                try {
                    outcomes.add(run.get(60, TimeUnit.SECONDS).status());
                } catch (java.util.concurrent.ExecutionException e) {
                    outcomes.add(e.getCause());
                }
            }
            assertThat(outcomes).filteredOn(o -> o == RunStatus.COMPLETED).hasSize(1);
            assertThat(outcomes).filteredOn(o -> o instanceof JournalException).hasSize(1);
        } finally {
            pool.shutdownNow();
        }
        Journal read = JournalReader.read(journal);
        assertThat(read.eventsOf(SwarmEvent.RunStarted.class)).hasSize(1);
        assertThat(read.events().get(read.events().size() - 1)).isInstanceOf(SwarmEvent.RunFinished.class);
    }

    @Test
    void aRunOrAResumeOnTheJournalOfARunningRunIsRefusedAndWritesNothing() throws Exception {
        Path journal = dir.resolve("running.jsonl");
        Gate gate = new Gate();
        SwarmRun running = ResumeScenario.swarm(gate.around(ResumeScenario.model(Duration.ZERO, c -> {})))
                .start(ResumeScenario.TASK, RunOptions.journal(JournalOptions.of(journal)));
        await().atMost(Duration.ofSeconds(10)).until(() -> gate.entered.get() >= 1);
        byte[] before = Files.readAllBytes(journal);

        List<String> calls = Collections.synchronizedList(new ArrayList<>());
        AgentSwarm other = ResumeScenario.swarm(ResumeScenario.model(Duration.ZERO, calls::add));
        assertThatThrownBy(() -> other.execute(ResumeScenario.TASK, RunOptions.resume(JournalOptions.of(journal)))
                        .block())
                .isInstanceOf(JournalException.class)
                .hasMessageContaining("in use by another run or resume (in this process");
        assertThatThrownBy(() -> other.start(ResumeScenario.TASK, RunOptions.resume(JournalOptions.of(journal))))
                .isInstanceOf(JournalException.class)
                .hasMessageContaining("in use by another run or resume (in this process");
        assertThatThrownBy(() -> other.run(ResumeScenario.TASK, RunOptions.journal(JournalOptions.of(journal))))
                .isInstanceOf(JournalException.class);
        assertThat(calls).isEmpty();
        assertThat(Files.readAllBytes(journal)).isEqualTo(before);

        gate.open();
        CrashResumeTest.assertSameOutcome(running.result().block(), baseline);
        Journal read = JournalReader.read(journal);
        assertThat(read.eventsOf(SwarmEvent.RunStarted.class)).hasSize(1);
    }

    @Test
    void twoConcurrentResumesOfOneJournal_theSecondIsRefusedAndWritesNothing() throws Exception {
        // Interrupted after turn 0 and two finished tasks.
        int secondFinished = indexOf("\"type\":\"task_finished\"", 2);
        Path journal = write(lines.subList(0, secondFinished));
        Gate gate = new Gate();
        SwarmRun first = ResumeScenario.swarm(gate.around(ResumeScenario.model(Duration.ZERO, c -> {})))
                .start(ResumeScenario.TASK, RunOptions.resume(JournalOptions.of(journal)));
        await().atMost(Duration.ofSeconds(10)).until(() -> gate.entered.get() >= 1);
        byte[] before = Files.readAllBytes(journal);

        List<String> calls = Collections.synchronizedList(new ArrayList<>());
        assertThatThrownBy(() -> ResumeScenario.swarm(ResumeScenario.model(Duration.ZERO, calls::add))
                        .execute(ResumeScenario.TASK, RunOptions.resume(JournalOptions.of(journal)))
                        .block())
                .isInstanceOf(JournalException.class)
                .hasMessageContaining("in use by another run or resume (in this process");
        assertThat(calls).isEmpty();
        assertThat(Files.readAllBytes(journal)).isEqualTo(before);

        gate.open();
        CrashResumeTest.assertSameOutcome(first.result().block(), baseline);
        assertThat(JournalReader.read(journal).eventsOf(SwarmEvent.RunStarted.class))
                .hasSize(2);
    }

    @Test
    void aJournalInUseByAnotherProcessIsRefusedUntilThatProcessEnds() throws Exception {
        Path journal = dir.resolve("child.jsonl");
        AgentSwarm here = ResumeScenario.swarm(ResumeScenario.model(Duration.ZERO, c -> {}));

        // 1. A run in another JVM, its slow tasks waiting ten minutes on their model.
        Process run = launch("run", journal, dir.resolve("calls-1.txt"), "run");
        try {
            awaitSlowCalls(run, dir.resolve("calls-1.txt"));
            byte[] before = Files.readAllBytes(journal);
            assertThatThrownBy(() -> here.execute(ResumeScenario.TASK, RunOptions.resume(JournalOptions.of(journal)))
                            .block())
                    .isInstanceOf(JournalException.class)
                    .hasMessageContaining("in use by another run or resume (in another process");
            assertThatThrownBy(() -> here.run(ResumeScenario.TASK, RunOptions.journal(JournalOptions.of(journal))))
                    .isInstanceOf(JournalException.class)
                    .hasMessageContaining("already exists");
            assertThat(Files.readAllBytes(journal)).isEqualTo(before);
        } finally {
            kill(run);
        }

        // 2. A resume in another JVM of the killed run's journal.
        Process resume = launch("resume", journal, dir.resolve("calls-2.txt"), "resume");
        try {
            awaitSlowCalls(resume, dir.resolve("calls-2.txt"));
            byte[] before = Files.readAllBytes(journal);
            assertThatThrownBy(() -> here.execute(ResumeScenario.TASK, RunOptions.resume(JournalOptions.of(journal)))
                            .block())
                    .isInstanceOf(JournalException.class)
                    .hasMessageContaining("in use by another run or resume (in another process");
            assertThat(Files.readAllBytes(journal)).isEqualTo(before);
        } finally {
            kill(resume);
        }

        // 3. The process is gone, and so is its lock.
        CrashResumeTest.assertSameOutcome(
                here.execute(ResumeScenario.TASK, RunOptions.resume(JournalOptions.of(journal)))
                        .block(),
                baseline);
    }

    /** How a run ends. */
    enum Ending {
        COMPLETED,
        FAILED,
        CANCELLED,
        TIMED_OUT,
        DISPOSED
    }

    @ParameterizedTest
    @EnumSource(Ending.class)
    void theLockIsReleasedHoweverTheRunEnds(Ending ending) throws Exception {
        Path journal = dir.resolve("ending-" + ending + ".jsonl");
        JournalOptions options = JournalOptions.of(journal);
        Gate gate = new Gate();
        SwarmModel model = ResumeScenario.model(Duration.ZERO, c -> {});
        AgentSwarm.Builder builder =
                AgentSwarm.builder().tools(new ResumeScenario.Lookup()).runIds(() -> "run-under-test");
        switch (ending) {
            case COMPLETED ->
                assertThat(builder.orchestratorModel(model)
                                .build()
                                .run(ResumeScenario.TASK, RunOptions.journal(options))
                                .status())
                        .isEqualTo(RunStatus.COMPLETED);
            case FAILED ->
                assertThat(builder.orchestratorModel(
                                        SwarmModel.of("det", r -> Mono.error(new IllegalStateException("model down"))))
                                .build()
                                .run(ResumeScenario.TASK, RunOptions.journal(options))
                                .status())
                        .isEqualTo(RunStatus.FAILED);
            case CANCELLED -> {
                SwarmRun run = builder.orchestratorModel(gate.around(model))
                        .build()
                        .start(ResumeScenario.TASK, RunOptions.journal(options));
                await().atMost(Duration.ofSeconds(10)).until(() -> gate.entered.get() >= 1);
                run.cancel();
                assertThat(run.result().block().status()).isEqualTo(RunStatus.CANCELLED);
            }
            case TIMED_OUT ->
                assertThat(builder.orchestratorModel(gate.around(model))
                                .runTimeout(Duration.ofMillis(200))
                                .build()
                                .run(ResumeScenario.TASK, RunOptions.journal(options))
                                .status())
                        .isEqualTo(RunStatus.TIMED_OUT);
            case DISPOSED -> {
                Disposable d = builder.orchestratorModel(gate.around(model))
                        .build()
                        .execute(ResumeScenario.TASK, RunOptions.journal(options))
                        .subscribe();
                await().atMost(Duration.ofSeconds(10)).until(() -> gate.entered.get() >= 1);
                d.dispose();
            }
        }
        // At once, without waiting: the lock is released before the result is handed out.
        SwarmResult resumed = ResumeScenario.swarm(ResumeScenario.model(Duration.ZERO, c -> {}))
                .start(ResumeScenario.TASK, RunOptions.resume(options))
                .result()
                .block();
        CrashResumeTest.assertSameOutcome(resumed, baseline);
    }

    // ------------------------------------------------------------------------------------------------ helpers

    /** Holds every model call until opened, and counts the calls that arrived. */
    static final class Gate {
        final Sinks.Empty<Void> sink = Sinks.empty();
        final AtomicInteger entered = new AtomicInteger();

        SwarmModel around(SwarmModel inner) {
            return SwarmModel.of(
                    inner.name(),
                    request -> Mono.defer(() -> {
                        entered.incrementAndGet();
                        return sink.asMono().then(inner.chat(request));
                    }));
        }

        void open() {
            sink.tryEmitEmpty();
        }
    }

    private Path write(List<String> content) throws IOException {
        Path journal = Files.createTempFile(dir, "journal", ".jsonl");
        Files.writeString(journal, String.join("\n", content) + "\n", StandardCharsets.UTF_8);
        return journal;
    }

    /** @return the 1-based number of the n-th line holding the text */
    private static int indexOf(String text, int n) {
        int seen = 0;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(text) && ++seen == n) {
                return i + 1;
            }
        }
        throw new AssertionError("no line " + n + " with " + text);
    }

    private static int indexOf(String text) {
        return indexOf(text, 1);
    }

    private static String typeName(SwarmEvent event) {
        try {
            return SwarmEvents.mapper()
                    .readTree(SwarmEvents.mapper().writeValueAsString(event))
                    .get("type")
                    .asText();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static ObjectNode sample(String type) {
        for (SwarmEvent e : REQUIRED.keySet()) {
            if (typeName(e).equals(type)) {
                return SwarmEvents.mapper().valueToTree(e);
            }
        }
        throw new AssertionError(type);
    }

    private static String json(JsonNode node) {
        return node.toString();
    }

    /** Walks a path like {@code result.tokensByModel.m.input} or {@code toolCalls[0].id} to the parent node. */
    private static JsonNode parent(ObjectNode root, String path, String[] last) {
        List<String> parts = new ArrayList<>();
        for (String p : path.split("\\.")) {
            int bracket = p.indexOf('[');
            if (bracket < 0) {
                parts.add(p);
            } else {
                parts.add(p.substring(0, bracket));
                parts.add(p.substring(bracket));
            }
        }
        JsonNode node = root;
        for (String p : parts.subList(0, parts.size() - 1)) {
            node = p.startsWith("[") ? node.get(Integer.parseInt(p.substring(1, p.length() - 1))) : node.get(p);
        }
        last[0] = parts.get(parts.size() - 1);
        return node;
    }

    private static void remove(ObjectNode root, String path) {
        String[] last = new String[1];
        JsonNode parent = parent(root, path, last);
        if (last[0].startsWith("[")) {
            ((ArrayNode) parent).remove(Integer.parseInt(last[0].substring(1, last[0].length() - 1)));
        } else {
            ((ObjectNode) parent).remove(last[0]);
        }
    }

    private static void setNull(ObjectNode root, String path) {
        String[] last = new String[1];
        JsonNode parent = parent(root, path, last);
        if (last[0].startsWith("[")) {
            ((ArrayNode) parent)
                    .set(
                            Integer.parseInt(last[0].substring(1, last[0].length() - 1)),
                            com.fasterxml.jackson.databind.node.NullNode.getInstance());
        } else {
            ((ObjectNode) parent).putNull(last[0]);
        }
    }

    private void assertRejectedAtLine2(ObjectNode event, String field) throws IOException {
        String leaf = field.substring(field.lastIndexOf('.') + 1);
        if (leaf.startsWith("toolCalls[")) {
            leaf = "toolCalls";
        }
        Path journal = write(List.of(json(sample("run_started")), json(event), json(sample("stage_started"))));
        assertThatThrownBy(() -> JournalReader.read(journal))
                .isInstanceOf(JournalException.class)
                .hasMessageContaining("at line 2 ")
                .hasMessageContaining(leaf);
    }

    private Process launch(String mode, Path journal, Path calls, String log) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(
                java,
                "-cp",
                System.getProperty("java.class.path"),
                CrashingSwarmMain.class.getName(),
                mode,
                journal.toString(),
                calls.toString(),
                dir.resolve(log + "-result.json").toString(),
                "600000");
        File out = dir.resolve(log + ".log").toFile();
        pb.redirectErrorStream(true).redirectOutput(out);
        return pb.start();
    }

    private static void awaitSlowCalls(Process process, Path calls) {
        await().atMost(60, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(50)).until(() -> {
            assertThat(process.isAlive()).as("the child process is alive").isTrue();
            return Files.exists(calls) && Files.readAllLines(calls).containsAll(List.of("slow|s1|0", "slow|s2|0"));
        });
    }

    private static void kill(Process process) throws InterruptedException {
        process.destroyForcibly();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }
}

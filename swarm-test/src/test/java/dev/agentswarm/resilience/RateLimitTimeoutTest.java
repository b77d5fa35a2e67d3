package dev.agentswarm.resilience;

import static dev.agentswarm.test.Replies.assignTask;
import static dev.agentswarm.test.Replies.calls;
import static dev.agentswarm.test.Replies.createSubagent;
import static dev.agentswarm.test.Replies.text;
import static org.assertj.core.api.Assertions.assertThat;

import dev.agentswarm.AgentSwarm;
import dev.agentswarm.SwarmRun;
import dev.agentswarm.event.SwarmEvent;
import dev.agentswarm.internal.resilience.ResilientModel;
import dev.agentswarm.internal.resilience.RetryListener;
import dev.agentswarm.model.SwarmModel;
import dev.agentswarm.report.RunStatus;
import dev.agentswarm.report.SwarmResult;
import dev.agentswarm.report.TaskResult;
import dev.agentswarm.report.TaskStatus;
import dev.agentswarm.test.RecordedRequest;
import dev.agentswarm.test.ScriptedModel;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.test.scheduler.VirtualTimeScheduler;

/**
 * Rate limits under a call timeout (issue 12, section 2), in virtual time: waiting for limiter capacity is not part of
 * a call's timeout, an abandoned reservation is released, and a call never fails because of the limiter.
 */
class RateLimitTimeoutTest {

    static final int TASKS = 6;
    static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);
    static final Duration LATENCY = Duration.ofSeconds(5);
    /** The sliding window's schedule for 6 calls at 2 per minute, all asked for at 0: two per window. */
    static final List<Long> TWO_PER_MINUTE = List.of(0L, 0L, 60_000L, 60_000L, 120_000L, 120_000L);

    final VirtualTimeScheduler time = VirtualTimeScheduler.create();
    final List<SwarmEvent> events = Collections.synchronizedList(new ArrayList<>());

    /** An orchestrator (model "big", no limit) that assigns one task per prompt, then answers. */
    ScriptedModel orchestrator(List<String> prompts) {
        List<ToolExecutionRequest> stage = new ArrayList<>();
        stage.add(createSubagent("worker", "You work."));
        prompts.forEach(p -> stage.add(assignTask("worker", p)));
        return ScriptedModel.builder()
                .name("big")
                .orchestrator(calls(stage))
                .orchestrator(text("done"))
                .scheduler(time)
                .build();
    }

    ScriptedModel workers() {
        return ScriptedModel.builder()
                .name("small")
                .subagentSystemPrompt("You work.", "worker")
                .subagent("worker", r -> text("answer"))
                .latency(LATENCY)
                .scheduler(time)
                .build();
    }

    SwarmResult runToEnd(ScriptedModel orchestrator, ScriptedModel workers, ModelPolicy policy) {
        SwarmRun run = AgentSwarm.builder()
                .orchestratorModel(orchestrator)
                .subagentModel(workers)
                .timer(time)
                .modelPolicy("small", policy)
                .listener(events::add)
                .build()
                .start("go");
        time.advanceTimeBy(Duration.ofHours(2));
        SwarmResult result = run.result().block(Duration.ofSeconds(10));
        assertThat(result).isNotNull();
        return result;
    }

    static List<Long> startMillis(ScriptedModel model) {
        return model.requests().stream()
                .map(RecordedRequest::receivedAt)
                .map(i -> i.toEpochMilli())
                .sorted()
                .toList();
    }

    static List<String> prompts(String filler) {
        List<String> prompts = new ArrayList<>();
        for (int i = 0; i < TASKS; i++) {
            prompts.add("task " + i + filler);
        }
        return prompts;
    }

    @Test
    void sixTasksAtTwoRequestsPerMinuteUnderA30SecondCallTimeoutAllComplete() {
        ScriptedModel workers = workers();
        SwarmResult result = runToEnd(
                orchestrator(prompts("")),
                workers,
                ModelPolicy.builder()
                        .requestsPerMinute(2)
                        .callTimeout(CALL_TIMEOUT)
                        .jitter(0)
                        .build());

        assertThat(result.status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(result.tasks()).hasSize(TASKS).allSatisfy(t -> {
            assertThat(t.status()).as(t.reason()).isEqualTo(TaskStatus.COMPLETED);
            assertThat(t.finalMessage()).isEqualTo("answer");
        });
        // Exactly one call per task, spaced by the sliding window: waiting for capacity never timed a call out.
        assertThat(startMillis(workers)).isEqualTo(TWO_PER_MINUTE);
        assertThat(events).noneMatch(e -> e instanceof SwarmEvent.RetryScheduled);
        // Each task took its wait plus one call's latency.
        assertThat(result.tasks())
                .extracting(t -> t.duration().toMillis())
                .containsExactlyInAnyOrder(5_000L, 5_000L, 65_000L, 65_000L, 125_000L, 125_000L);
    }

    @Test
    void sixTasksAtTwoCallsWorthOfTokensPerMinuteUnderA30SecondCallTimeoutAllComplete() {
        // Each worker request is estimated at ceil(9 / 4) + ceil(398 / 4) = 103 tokens (the swarm's one estimator,
        // per message): 250 tokens per minute admit two calls.
        List<String> prompts = prompts(" " + "x".repeat(391));
        ScriptedModel workers = workers();
        SwarmResult result = runToEnd(
                orchestrator(prompts),
                workers,
                ModelPolicy.builder()
                        .tokensPerMinute(250)
                        .callTimeout(CALL_TIMEOUT)
                        .jitter(0)
                        .build());

        assertThat(workers.requests())
                .allSatisfy(r ->
                        assertThat(ResilientModel.estimateTokens(r.request())).isEqualTo(103));
        assertThat(result.status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(result.tasks())
                .hasSize(TASKS)
                .allSatisfy(t -> assertThat(t.status()).as(t.reason()).isEqualTo(TaskStatus.COMPLETED));
        assertThat(startMillis(workers)).isEqualTo(TWO_PER_MINUTE);
        assertThat(events).noneMatch(e -> e instanceof SwarmEvent.RetryScheduled);
    }

    @Test
    void aTaskCancelledWhileWaitingForCapacityFreesItsSlotForTheNextCall() {
        // One model for the orchestrator and the workers, so they share the limit of 2 requests per minute.
        ScriptedModel model = ScriptedModel.builder()
                .name("shared")
                .orchestrator(calls(
                        createSubagent("worker", "You work."),
                        assignTask("worker", "first"),
                        assignTask("worker", "second"),
                        assignTask("worker", "third")))
                .orchestrator(r -> text("done: " + String.join(" | ", r.latestToolResults())))
                .subagent("worker", r -> text("answer to " + r.userPrompt()))
                .latency(r -> r.role().equals("worker") ? LATENCY : Duration.ZERO)
                .scheduler(time)
                .build();
        SwarmRun run = AgentSwarm.builder()
                .orchestratorModel(model)
                .timer(time)
                .defaultModelPolicy(
                        ModelPolicy.builder().requestsPerMinute(2).jitter(0).build())
                .build()
                .start("go");
        // 0 s: the orchestrator's turn and "first" take the two slots; "second" and "third" book the slots at 60 s.
        time.advanceTimeBy(Duration.ofSeconds(10));
        assertThat(run.cancelTask("s0-t2")).isTrue();
        time.advanceTimeBy(Duration.ofHours(1));
        SwarmResult result = run.result().block(Duration.ofSeconds(10));

        assertThat(result).isNotNull();
        assertThat(result.status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(result.tasks())
                .extracting(TaskResult::status)
                .containsExactly(TaskStatus.COMPLETED, TaskStatus.COMPLETED, TaskStatus.CANCELLED);
        assertThat(model.requests("worker"))
                .extracting(RecordedRequest::userPrompt)
                .containsExactly("first", "second");
        // "second" ends at 65 s. The orchestrator's next turn takes the slot "third" gave up, at once; had the
        // reservation been kept, the window (5 s, 65 s] would be full and the turn would wait until 120 s.
        assertThat(model.requests(ScriptedModel.ORCHESTRATOR))
                .extracting(r -> r.receivedAt().toEpochMilli())
                .containsExactly(0L, 65_000L);
    }

    // The decorator on its own: a waiter that is cancelled, or timed out by its caller, releases its reservation.

    static final ChatRequest REQUEST =
            ChatRequest.builder().messages(UserMessage.from("hi")).build();
    static final ChatResponse OK =
            ChatResponse.builder().aiMessage(AiMessage.from("ok")).build();

    final List<Long> callTimes = Collections.synchronizedList(new ArrayList<>());

    ResilientModel limited(ModelPolicy policy) {
        SwarmModel model = SwarmModel.of("m", request -> {
            callTimes.add(time.now(TimeUnit.MILLISECONDS));
            return Mono.delay(LATENCY, time).thenReturn(OK);
        });
        return ResilientModel.wrap(model, policy, time, RetryListener.NONE);
    }

    @Test
    void aCancelledWaiterAndATimedOutWaiterFreeTheirSlots() {
        ResilientModel model = limited(ModelPolicy.builder()
                .requestsPerMinute(2)
                .callTimeout(CALL_TIMEOUT)
                .build());
        List<ChatResponse> answers = Collections.synchronizedList(new ArrayList<>());
        model.chat(REQUEST).subscribe(answers::add); // a: 0 s
        model.chat(REQUEST).subscribe(answers::add); // b: 0 s
        Disposable c = model.chat(REQUEST).subscribe(answers::add); // c: books 60 s
        model.chat(REQUEST).timeout(Duration.ofSeconds(10), time).subscribe(answers::add, e -> {}); // d: books 60 s
        time.advanceTimeBy(Duration.ofSeconds(5));
        c.dispose();
        time.advanceTimeBy(Duration.ofSeconds(15)); // 20 s: d has timed out
        model.chat(REQUEST).subscribe(answers::add); // e: c's or d's slot, 60 s
        model.chat(REQUEST).subscribe(answers::add); // f: the other one, 60 s
        model.chat(REQUEST).subscribe(answers::add); // g: 120 s
        time.advanceTimeBy(Duration.ofMinutes(5));

        assertThat(callTimes).containsExactly(0L, 0L, 60_000L, 60_000L, 120_000L);
        assertThat(answers).hasSize(5);
    }

    @Test
    void aCancelledTokenReservationIsReleasedToo() {
        ChatRequest big = ChatRequest.builder()
                .messages(UserMessage.from("x".repeat(400)))
                .build();
        ResilientModel model = limited(ModelPolicy.builder()
                .tokensPerMinute(250)
                .callTimeout(CALL_TIMEOUT)
                .build());
        model.chat(big).subscribe(); // 0 s
        model.chat(big).subscribe(); // 0 s
        Disposable waiting = model.chat(big).subscribe(); // books 60 s
        time.advanceTimeBy(Duration.ofSeconds(10));
        waiting.dispose();
        ChatRequest half = ChatRequest.builder()
                .messages(UserMessage.from("x".repeat(200)))
                .build();
        model.chat(half).subscribe(); // 50 tokens: fits at 10 s
        time.advanceTimeBy(Duration.ofMinutes(5));

        assertThat(callTimes).containsExactly(0L, 0L, 10_000L);
    }

    @Test
    void aLimiterWaitLongerThanTheCallTimeoutNeverFailsTheCall() {
        ResilientModel model = limited(ModelPolicy.builder()
                .requestsPerMinute(1)
                .callTimeout(Duration.ofSeconds(10))
                .maxAttempts(1)
                .build());
        List<Object> outcomes = Collections.synchronizedList(new ArrayList<>());
        for (int i = 0; i < 5; i++) {
            model.chat(REQUEST).subscribe(outcomes::add, outcomes::add);
        }
        time.advanceTimeBy(Duration.ofMinutes(10));

        assertThat(outcomes).hasSize(5).allMatch(o -> o == OK);
        assertThat(callTimes).containsExactly(0L, 60_000L, 120_000L, 180_000L, 240_000L);
    }
}

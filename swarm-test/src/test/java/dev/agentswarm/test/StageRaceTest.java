package dev.agentswarm.test;

import static dev.agentswarm.test.Replies.assignTask;
import static dev.agentswarm.test.Replies.calls;
import static dev.agentswarm.test.Replies.createSubagent;
import static dev.agentswarm.test.Replies.text;
import static org.assertj.core.api.Assertions.assertThat;

import dev.agentswarm.AgentSwarm;
import dev.agentswarm.SwarmRun;
import dev.agentswarm.event.SwarmEvent;
import dev.agentswarm.model.SwarmModel;
import dev.agentswarm.report.RunStatus;
import dev.agentswarm.report.StageReport;
import dev.agentswarm.report.SwarmResult;
import dev.agentswarm.report.TaskResult;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.TokenUsage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.test.scheduler.VirtualTimeScheduler;

/**
 * The end of a run (by {@code cancel()} or by the run timeout, on another thread) races the closing of a stage: the
 * three tasks of stage 0 and the thread that ends the run are released by one barrier, hundreds of times. Whoever
 * wins, the result must agree with the event stream: every stage recorded exactly once, every task whose
 * {@code TaskFinished} was delivered (before {@code RunFinished}) in the result and no other, the critical steps equal
 * to the value computed by hand from the events, and {@code RunFinished} the last event.
 */
class StageRaceTest {

    static final int ITERATIONS = 500;
    static final int TASKS = 3;

    static Scheduler workers;

    @BeforeAll
    static void pool() {
        workers = Schedulers.newBoundedElastic(16, 1_000, "stage-race");
    }

    @AfterAll
    static void shutdown() {
        workers.dispose();
    }

    /** A subagent model whose every call returns the moment the barrier opens, on a worker thread. */
    static SwarmModel barrierModel(CyclicBarrier barrier) {
        return SwarmModel.of(
                "sub",
                request -> Mono.fromCallable(() -> {
                            barrier.await(10, TimeUnit.SECONDS);
                            return ChatResponse.builder()
                                    .aiMessage(AiMessage.from("done"))
                                    .tokenUsage(new TokenUsage(3, 2))
                                    .build();
                        })
                        .subscribeOn(workers));
    }

    static ScriptedModel orchestrator() {
        return ScriptedModel.builder()
                .name("orch")
                .orchestrator(calls(
                        createSubagent("worker", "You work."),
                        assignTask("worker", "a"),
                        assignTask("worker", "b"),
                        assignTask("worker", "c")))
                .orchestrator(text("final answer"))
                .build();
    }

    @Test
    void cancelRacingTheCloseOfAStageRecordsEveryStageExactlyOnce() throws Exception {
        Set<RunStatus> seen = new TreeSet<>();
        List<String> failures = new ArrayList<>();
        for (int i = 0; i < ITERATIONS; i++) {
            CyclicBarrier barrier = new CyclicBarrier(TASKS + 1);
            List<SwarmEvent> listened = Collections.synchronizedList(new ArrayList<>());
            SwarmRun run = AgentSwarm.builder()
                    .orchestratorModel(orchestrator())
                    .subagentModel(barrierModel(barrier))
                    .listener(listened::add)
                    .build()
                    .start("go");
            barrier.await(10, TimeUnit.SECONDS);
            run.cancel();
            seen.add(check(run, listened, i, failures));
        }
        assertThat(failures)
                .as("inconsistent results over %d iterations", ITERATIONS)
                .isEmpty();
        // Both sides of the race must have been exercised for the test to mean anything.
        assertThat(seen).as("statuses seen over %d iterations", ITERATIONS).contains(RunStatus.CANCELLED);
    }

    @Test
    void theRunTimeoutRacingTheCloseOfAStageRecordsEveryStageExactlyOnce() throws Exception {
        Set<RunStatus> seen = new TreeSet<>();
        List<String> failures = new ArrayList<>();
        for (int i = 0; i < ITERATIONS; i++) {
            CyclicBarrier barrier = new CyclicBarrier(TASKS + 1);
            VirtualTimeScheduler time = VirtualTimeScheduler.create();
            List<SwarmEvent> listened = Collections.synchronizedList(new ArrayList<>());
            SwarmRun run = AgentSwarm.builder()
                    .orchestratorModel(orchestrator())
                    .subagentModel(barrierModel(barrier))
                    .timer(time)
                    .runTimeout(Duration.ofMinutes(1))
                    .listener(listened::add)
                    .build()
                    .start("go");
            barrier.await(10, TimeUnit.SECONDS);
            // The timeout fires on this thread, while the tasks' thread closes the stage.
            time.advanceTimeBy(Duration.ofMinutes(2));
            seen.add(check(run, listened, i, failures));
        }
        assertThat(failures)
                .as("inconsistent results over %d iterations", ITERATIONS)
                .isEmpty();
        assertThat(seen).as("statuses seen over %d iterations", ITERATIONS).contains(RunStatus.TIMED_OUT);
    }

    @Test
    void aListenerThatCancelsTheRunFromInsideAnEventNeitherDeadlocksNorReordersEvents() throws Exception {
        List<String> failures = new ArrayList<>();
        Set<RunStatus> seen = new TreeSet<>();
        for (int i = 0; i < ITERATIONS / 5; i++) {
            CyclicBarrier barrier = new CyclicBarrier(TASKS + 1);
            java.util.concurrent.atomic.AtomicReference<SwarmRun> self =
                    new java.util.concurrent.atomic.AtomicReference<>();
            List<SwarmEvent> listened = Collections.synchronizedList(new ArrayList<>());
            int cancelAt = i % TASKS;
            java.util.concurrent.atomic.AtomicInteger finishedTasks = new java.util.concurrent.atomic.AtomicInteger();
            SwarmRun run = AgentSwarm.builder()
                    .orchestratorModel(orchestrator())
                    .subagentModel(barrierModel(barrier))
                    // The first listener cancels the run (or one task) while an event is being delivered: the nested
                    // events must reach the journal-like second listener after the event in delivery, not before.
                    .listener(e -> {
                        if (e instanceof SwarmEvent.TaskFinished && finishedTasks.getAndIncrement() == cancelAt) {
                            self.get().cancelTask("s0-t" + ((cancelAt + 1) % TASKS));
                            self.get().cancel();
                        }
                    })
                    .listener(listened::add)
                    .build()
                    .start("go");
            self.set(run);
            barrier.await(10, TimeUnit.SECONDS);
            seen.add(check(run, listened, i, failures));
        }
        assertThat(failures).isEmpty();
        assertThat(seen).contains(RunStatus.CANCELLED);
    }

    private static RunStatus check(SwarmRun run, List<SwarmEvent> listened, int iteration, List<String> failures) {
        SwarmResult result = run.result().block(Duration.ofSeconds(10));
        List<SwarmEvent> events = run.events().collectList().block(Duration.ofSeconds(10));
        assertThat(result).isNotNull();
        assertThat(events).isNotNull();
        String at = "iteration " + iteration + ", status " + result.status();
        List<SwarmEvent> snapshot;
        synchronized (listened) {
            snapshot = List.copyOf(listened);
        }
        try {
            consistent(result, events, at + " (event stream)");
            consistent(result, snapshot, at + " (listener)");
        } catch (AssertionError e) {
            failures.add(e.getMessage().lines().findFirst().orElse("") + " "
                    + e.getMessage().lines().skip(1).reduce("", (a, b) -> a + " " + b.strip()));
        }
        return result.status();
    }

    private static void consistent(SwarmResult result, List<SwarmEvent> events, String at) {
        // RunFinished is the last event, and there is one.
        assertThat(events)
                .as(at)
                .filteredOn(SwarmEvent.RunFinished.class::isInstance)
                .hasSize(1);
        assertThat(events.get(events.size() - 1)).as(at).isInstanceOf(SwarmEvent.RunFinished.class);
        SwarmEvent.RunFinished end = (SwarmEvent.RunFinished) events.get(events.size() - 1);

        // Every stage once, in order.
        List<StageReport> stages = result.report().stages();
        for (int s = 0; s < stages.size(); s++) {
            assertThat(stages.get(s).index())
                    .as(
                            at + ": stage indices %s",
                            stages.stream().map(StageReport::index).toList())
                    .isEqualTo(s);
        }
        List<Integer> finishedStages = new ArrayList<>();
        Set<String> deliveredTasks = new HashSet<>();
        Set<Integer> turns = new TreeSet<>();
        Set<Integer> stagesWithTasks = new TreeSet<>();
        for (SwarmEvent e : events) {
            if (e instanceof SwarmEvent.StageFinished f) {
                finishedStages.add(f.stage());
            } else if (e instanceof SwarmEvent.TaskFinished f) {
                assertThat(deliveredTasks.add(f.taskId()))
                        .as(at + ": TaskFinished twice for " + f.taskId())
                        .isTrue();
                stagesWithTasks.add(f.stage());
            } else if (e instanceof SwarmEvent.OrchestratorTurn t) {
                turns.add(t.stage());
            }
        }
        assertThat(finishedStages)
                .as(at + ": StageFinished events")
                .containsExactlyElementsOf(
                        stages.stream().map(StageReport::index).toList());

        // The result holds exactly the tasks whose end was announced, each once.
        List<String> recorded = result.tasks().stream().map(TaskResult::taskId).toList();
        assertThat(recorded).as(at + ": tasks in the result").doesNotHaveDuplicates();
        assertThat(new HashSet<>(recorded))
                .as(at + ": tasks in the result vs TaskFinished events")
                .isEqualTo(deliveredTasks);

        // By hand: each stage whose turn was taken counts S_main = 1, plus 1 when any of its (one-step) tasks ended.
        int expected = 0;
        for (int stage : turns) {
            expected += 1 + (stagesWithTasks.contains(stage) ? 1 : 0);
        }
        assertThat(result.criticalSteps()).as(at + ": critical steps").isEqualTo(expected);
        assertThat(end.criticalSteps())
                .as(at + ": critical steps of RunFinished")
                .isEqualTo(expected);
        assertThat(end.status()).as(at).isEqualTo(result.status());
        if (result.status() == RunStatus.COMPLETED) {
            assertThat(expected).as(at).isEqualTo(1 + 1 + 1);
        }
    }
}

package dev.agentswarm.test;

import static dev.agentswarm.test.Replies.assignTask;
import static dev.agentswarm.test.Replies.calls;
import static dev.agentswarm.test.Replies.createSubagent;
import static dev.agentswarm.test.Replies.text;
import static org.assertj.core.api.Assertions.assertThat;

import dev.agentswarm.AgentSwarm;
import dev.agentswarm.RunOptions;
import dev.agentswarm.SwarmRun;
import dev.agentswarm.event.SwarmEvent;
import dev.agentswarm.event.SwarmEventListener;
import dev.agentswarm.journal.JournalOptions;
import dev.agentswarm.model.SwarmModel;
import dev.agentswarm.policy.TaskOrdering;
import dev.agentswarm.report.RunStatus;
import dev.agentswarm.report.SwarmResult;
import dev.agentswarm.report.TaskResult;
import dev.agentswarm.report.TaskStatus;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.TokenUsage;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.test.scheduler.VirtualTimeScheduler;

/**
 * {@code cancelTask} races the task's own end: the task's model call has returned when the barrier opens, on a worker
 * thread, and the test thread cancels the task at that moment. {@code cancelTask} must return true exactly when the task ends
 * {@code CANCELLED}, whoever wins.
 */
class CancelTaskRaceTest {

    static final int ITERATIONS = 500;

    static Scheduler workers;

    @BeforeAll
    static void pool() {
        workers = Schedulers.newBoundedElastic(8, 1_000, "cancel-task-race");
    }

    @AfterAll
    static void shutdown() {
        workers.dispose();
    }

    @Test
    void cancelTaskReturnsTrueOnlyWhenTheCancellationTookEffect() throws Exception {
        int cancelled = 0;
        int completed = 0;
        List<String> lies = new ArrayList<>();
        for (int i = 0; i < ITERATIONS; i++) {
            CyclicBarrier barrier = new CyclicBarrier(2);
            SwarmModel sub = SwarmModel.of(
                    "sub",
                    request -> Mono.fromCallable(() -> ChatResponse.builder()
                                    .aiMessage(AiMessage.from("done"))
                                    .tokenUsage(new TokenUsage(3, 2))
                                    .build())
                            .subscribeOn(workers));
            // The response has arrived (its ModelCallFinished is being delivered) when the barrier opens: the task
            // decides its end while the test thread cancels it.
            SwarmEventListener align = event -> {
                if (event instanceof SwarmEvent.ModelCallFinished m && "s0-t0".equals(m.taskId())) {
                    try {
                        barrier.await(10, TimeUnit.SECONDS);
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }
            };
            ScriptedModel orchestrator = ScriptedModel.builder()
                    .name("orch")
                    .orchestrator(calls(createSubagent("worker", "You work."), assignTask("worker", "a")))
                    .orchestrator(r -> text("saw: " + r.latestToolResults()))
                    .build();
            SwarmRun run = AgentSwarm.builder()
                    .orchestratorModel(orchestrator)
                    .subagentModel(sub)
                    .listener(align)
                    .build()
                    .start("go");
            barrier.await(10, TimeUnit.SECONDS);
            boolean answer = run.cancelTask("s0-t0");
            SwarmResult result = run.result().block(Duration.ofSeconds(10));
            assertThat(result).isNotNull();
            TaskResult task = result.tasks().get(0);
            if (answer != (task.status() == TaskStatus.CANCELLED)) {
                lies.add("iteration " + i + ": cancelTask returned " + answer + " but the task ended " + task.status());
            }
            if (task.status() == TaskStatus.CANCELLED) {
                cancelled++;
                assertThat(result.answer()).contains("CANCELLED");
            } else {
                completed++;
                assertThat(result.answer()).contains("done");
            }
        }
        assertThat(lies)
                .as("cancelTask answers that did not match the task's end")
                .isEmpty();
        assertThat(cancelled).as("cancellations that won the race").isPositive();
        assertThat(completed + cancelled).isEqualTo(ITERATIONS);
    }

    @Test
    void aTaskThatNeverStartedBecauseTheRunEndedCannotBeCancelledAfterwards() {
        VirtualTimeScheduler time = VirtualTimeScheduler.create();
        ScriptedModel model = ScriptedModel.builder()
                .orchestrator(calls(
                        createSubagent("worker", "You work."),
                        assignTask("worker", "first"),
                        assignTask("worker", "second")))
                .orchestrator(text("never"))
                .subagent("worker", r -> text("answer to " + r.userPrompt()))
                .latency(r -> r.role().equals("worker") ? Duration.ofMinutes(1) : Duration.ZERO)
                .scheduler(time)
                .build();
        SwarmRun run = AgentSwarm.builder()
                .orchestratorModel(model)
                .maxConcurrency(1)
                .taskOrdering(TaskOrdering.FIFO)
                .timer(time)
                .build()
                .start("go");
        time.advanceTimeBy(Duration.ofSeconds(10));
        run.cancel();
        SwarmResult result = run.result().block(Duration.ofSeconds(5));

        assertThat(result).isNotNull();
        assertThat(run.isDone()).isTrue();
        assertThat(run.cancelTask("s0-t1"))
                .as("a task that never started, of a run that ended")
                .isFalse();
        assertThat(run.cancelTask("s0-t0")).as("a task cancelled with its run").isFalse();
    }

    @Test
    void aTaskReplayedFromTheJournalCannotBeCancelled(@TempDir Path dir) {
        Path journal = dir.resolve("run.jsonl");
        AgentSwarm swarm = AgentSwarm.builder()
                .orchestratorModel(ScriptedModel.builder()
                        .orchestrator(calls(createSubagent("worker", "You work."), assignTask("worker", "a")))
                        .orchestrator(text("done"))
                        .subagent("worker", text("answer"))
                        .build())
                .build();
        assertThat(swarm.run("go", RunOptions.journal(JournalOptions.of(journal)))
                        .status())
                .isEqualTo(RunStatus.COMPLETED);

        SwarmRun resumed = swarm.start("go", RunOptions.resume(JournalOptions.of(journal)));
        SwarmResult result = resumed.result().block(Duration.ofSeconds(5));

        assertThat(result).isNotNull();
        assertThat(result.tasks()).extracting(TaskResult::status).containsExactly(TaskStatus.COMPLETED);
        assertThat(resumed.cancelTask("s0-t0"))
                .as("a task replayed as COMPLETED")
                .isFalse();
    }
}

package dev.agentswarm.test;

import static dev.agentswarm.test.Replies.assignTask;
import static dev.agentswarm.test.Replies.calls;
import static dev.agentswarm.test.Replies.createSubagent;
import static org.assertj.core.api.Assertions.assertThat;

import dev.agentswarm.AgentSwarm;
import dev.agentswarm.RunOptions;
import dev.agentswarm.SwarmRun;
import dev.agentswarm.event.SwarmEvent;
import dev.agentswarm.journal.JournalOptions;
import dev.agentswarm.journal.JournalReader;
import dev.agentswarm.model.SwarmModel;
import dev.agentswarm.report.RunStatus;
import dev.agentswarm.report.SwarmResult;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.TokenUsage;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * {@code RunFinished} is always a run's last event: a blocking model whose call returns at the moment the run is
 * cancelled (the barrier releases both) must not have its {@code ModelCallFinished} delivered after it, neither to a
 * listener nor on the run's event stream.
 */
class EventOrderTest {

    static final int ITERATIONS = 300;

    /** A blocking LangChain4j model that answers when the barrier opens. */
    static final class BarrierChatModel implements ChatModel {
        final CyclicBarrier barrier;
        final AiMessage reply;

        BarrierChatModel(CyclicBarrier barrier, AiMessage reply) {
            this.barrier = barrier;
            this.reply = reply;
        }

        @Override
        public ChatResponse doChat(ChatRequest request) {
            try {
                barrier.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            } catch (BrokenBarrierException | TimeoutException e) {
                throw new IllegalStateException(e);
            }
            return ChatResponse.builder()
                    .aiMessage(reply)
                    .tokenUsage(new TokenUsage(3, 2))
                    .build();
        }
    }

    @Test
    void runFinishedIsLastWhenASubagentsBlockingCallEndsAsTheRunIsCancelled() throws Exception {
        List<String> failures = new ArrayList<>();
        List<List<SwarmEvent>> listeners = new ArrayList<>();
        for (int i = 0; i < ITERATIONS; i++) {
            CyclicBarrier barrier = new CyclicBarrier(3);
            ScriptedModel orchestrator = ScriptedModel.builder()
                    .name("orch")
                    .orchestrator(calls(
                            createSubagent("worker", "You work."),
                            assignTask("worker", "a"),
                            assignTask("worker", "b")))
                    .orchestrator(Replies.text("never"))
                    .build();
            List<SwarmEvent> listened = Collections.synchronizedList(new ArrayList<>());
            SwarmRun run = AgentSwarm.builder()
                    .orchestratorModel(orchestrator)
                    .subagentModel(SwarmModel.of("sub", new BarrierChatModel(barrier, AiMessage.from("done"))))
                    .listener(listened::add)
                    .build()
                    .start("go");
            barrier.await(10, TimeUnit.SECONDS);
            run.cancel();
            check(run, "iteration " + i, failures);
            listeners.add(listened);
        }
        checkListeners(listeners, failures);
        assertThat(failures).as("runs with an event after RunFinished").isEmpty();
    }

    @Test
    void runFinishedIsLastWhenTheOrchestratorsBlockingCallEndsAsTheRunIsCancelled() throws Exception {
        List<String> failures = new ArrayList<>();
        List<List<SwarmEvent>> listeners = new ArrayList<>();
        for (int i = 0; i < ITERATIONS; i++) {
            CyclicBarrier barrier = new CyclicBarrier(2);
            List<SwarmEvent> listened = Collections.synchronizedList(new ArrayList<>());
            SwarmRun run = AgentSwarm.builder()
                    .orchestratorModel(SwarmModel.of("orch", new BarrierChatModel(barrier, AiMessage.from("answer"))))
                    .listener(listened::add)
                    .build()
                    .start("go");
            barrier.await(10, TimeUnit.SECONDS);
            run.cancel();
            check(run, "iteration " + i, failures);
            listeners.add(listened);
        }
        checkListeners(listeners, failures);
        assertThat(failures).as("runs with an event after RunFinished").isEmpty();
    }

    @Test
    void aJournaledRunCancelledByAListenerJournalsRunFinishedLast(@TempDir Path dir) throws Exception {
        for (int i = 0; i < 20; i++) {
            ScriptedModel orchestrator = ScriptedModel.builder()
                    .name("orch")
                    .orchestrator(calls(
                            createSubagent("worker", "You work."),
                            assignTask("worker", "a"),
                            assignTask("worker", "b"),
                            assignTask("worker", "c")))
                    .orchestrator(Replies.text("never"))
                    .build();
            // The tasks answer, on worker threads, once the test holds the run's handle.
            CountDownLatch go = new CountDownLatch(1);
            SwarmModel sub = SwarmModel.of(
                    "sub",
                    request -> Mono.fromCallable(() -> {
                                go.await(10, TimeUnit.SECONDS);
                                return ChatResponse.builder()
                                        .aiMessage(AiMessage.from("done"))
                                        .tokenUsage(new TokenUsage(3, 2))
                                        .build();
                            })
                            .subscribeOn(Schedulers.boundedElastic()));
            AtomicReference<SwarmRun> self = new AtomicReference<>();
            int at = i % 3;
            // Cancels the run while the journal is being handed an event: the run ends inside that delivery.
            SwarmRun run = AgentSwarm.builder()
                    .orchestratorModel(orchestrator)
                    .subagentModel(sub)
                    .listener(e -> {
                        if (e instanceof SwarmEvent.TaskFinished f
                                && f.taskId() != null
                                && f.taskId().endsWith("t" + at)) {
                            self.get().cancel();
                        }
                    })
                    .build()
                    .start("go", RunOptions.journal(JournalOptions.of(dir.resolve("run-" + i + ".jsonl"))));
            self.set(run);
            go.countDown();
            SwarmResult result = run.result().block(Duration.ofSeconds(10));
            assertThat(result).isNotNull();
            assertThat(result.status()).as("iteration %d", i).isEqualTo(RunStatus.CANCELLED);
            List<SwarmEvent> stream = run.events().collectList().block(Duration.ofSeconds(10));
            List<SwarmEvent> journal =
                    JournalReader.read(dir.resolve("run-" + i + ".jsonl")).events();
            for (List<SwarmEvent> events : List.of(stream, journal)) {
                assertThat(events.get(events.size() - 1))
                        .as("iteration %d", i)
                        .isInstanceOf(SwarmEvent.RunFinished.class);
                assertThat(((SwarmEvent.RunFinished) events.get(events.size() - 1)).status())
                        .isEqualTo(RunStatus.CANCELLED);
            }
            assertThat(journal).hasSameSizeAs(stream);
        }
    }

    private static void check(SwarmRun run, String at, List<String> failures) {
        SwarmResult result = run.result().block(Duration.ofSeconds(10));
        assertThat(result).as(at).isNotNull();
        List<SwarmEvent> stream = run.events().collectList().block(Duration.ofSeconds(10));
        assertThat(stream).as(at).isNotNull();
        lastIsRunFinished(stream, at + " (event stream)", failures);
    }

    /** Checked after every iteration ran, so that a late listener call of an early run has long landed. */
    private static void checkListeners(List<List<SwarmEvent>> listeners, List<String> failures) {
        for (int i = 0; i < listeners.size(); i++) {
            List<SwarmEvent> events = listeners.get(i);
            synchronized (events) {
                lastIsRunFinished(List.copyOf(events), "iteration " + i + " (listener)", failures);
            }
        }
    }

    private static void lastIsRunFinished(List<SwarmEvent> events, String at, List<String> failures) {
        long ends =
                events.stream().filter(SwarmEvent.RunFinished.class::isInstance).count();
        SwarmEvent last = events.get(events.size() - 1);
        if (ends != 1 || !(last instanceof SwarmEvent.RunFinished)) {
            failures.add(at + ": " + ends + " RunFinished, last event "
                    + last.getClass().getSimpleName());
        }
    }
}

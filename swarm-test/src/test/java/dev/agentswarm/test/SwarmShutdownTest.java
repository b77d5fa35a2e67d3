package dev.agentswarm.test;

import static dev.agentswarm.test.Replies.assignTask;
import static dev.agentswarm.test.Replies.calls;
import static dev.agentswarm.test.Replies.createSubagent;
import static dev.agentswarm.test.Replies.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.agentswarm.AgentSwarm;
import dev.agentswarm.RunOptions;
import dev.agentswarm.SwarmRun;
import dev.agentswarm.event.SwarmEvent;
import dev.agentswarm.journal.Journal;
import dev.agentswarm.journal.JournalOptions;
import dev.agentswarm.journal.JournalReader;
import dev.agentswarm.model.SwarmModel;
import dev.agentswarm.report.RunStatus;
import dev.agentswarm.report.SwarmResult;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.TokenUsage;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Mono;

/**
 * Shutting a swarm down: it starts no more runs, lets runs in progress finish within the grace period or cancels them
 * after it, and leaks nothing: the threads of the pools it made for its blocking models end, and the journals of its
 * runs are closed (a closed journal can be resumed).
 */
class SwarmShutdownTest {

    @TempDir
    Path dir;

    /** A blocking model: the orchestrator assigns two tasks, then answers; a task's call waits for {@code gate}. */
    static final class GatedChatModel implements ChatModel {
        final CountDownLatch gate = new CountDownLatch(1);
        final AtomicInteger waiting = new AtomicInteger();

        @Override
        public ChatResponse doChat(ChatRequest request) {
            boolean orchestrator = false;
            for (ToolSpecification s : request.toolSpecifications()) {
                orchestrator |= "assign_task".equals(s.name());
            }
            AiMessage reply;
            if (orchestrator) {
                boolean answered = false;
                for (ChatMessage m : request.messages()) {
                    answered |= m instanceof AiMessage;
                }
                reply = answered
                        ? text("done")
                        : calls(createSubagent("w", "You work."), assignTask("w", "a"), assignTask("w", "b"));
            } else {
                waiting.incrementAndGet();
                try {
                    gate.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted", e);
                } finally {
                    waiting.decrementAndGet();
                }
                reply = text("ok");
            }
            return ChatResponse.builder()
                    .aiMessage(reply)
                    .tokenUsage(new TokenUsage(1, 1))
                    .build();
        }
    }

    private static long liveThreads(String prefix) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().startsWith(prefix))
                .count();
    }

    @Test
    void closeCancelsTheRunsInProgressClosesTheirJournalsAndEndsThePoolThreads() {
        GatedChatModel chat = new GatedChatModel();
        AgentSwarm swarm = AgentSwarm.builder()
                .orchestratorModel(SwarmModel.of("shutdown-close", chat))
                .build();
        Path journal = dir.resolve("run.jsonl");
        SwarmRun run = swarm.start("two tasks", RunOptions.journal(JournalOptions.of(journal)));
        await().atMost(Duration.ofSeconds(20)).until(() -> chat.waiting.get() == 2);

        swarm.close();

        SwarmResult result = run.result().block(Duration.ofSeconds(10));
        assertThat(result.status()).isEqualTo(RunStatus.CANCELLED);
        assertThat(run.isDone()).isTrue();
        assertThat(swarm.isClosed()).isTrue();
        // The journal is complete and closed: RunFinished is its last event, and it can be resumed (not in use).
        Journal written = JournalReader.read(journal);
        List<SwarmEvent> events = written.events();
        assertThat(events.get(events.size() - 1))
                .isInstanceOfSatisfying(
                        SwarmEvent.RunFinished.class,
                        f -> assertThat(f.status()).isEqualTo(RunStatus.CANCELLED));
        AgentSwarm again = AgentSwarm.builder()
                .orchestratorModel(SwarmModel.of("shutdown-close", chat))
                .build();
        // A resumed run gives the cancelled tasks a fresh chance (docs/journal.md), so let them answer this time.
        chat.gate.countDown();
        try {
            SwarmResult resumed = again.run("two tasks", RunOptions.resume(JournalOptions.of(journal)));
            assertThat(resumed.status()).isEqualTo(RunStatus.COMPLETED);
            assertThat(resumed.answer()).isEqualTo("done");
        } finally {
            again.close();
        }
        // Nothing leaks: the blocking calls were interrupted and the swarm's own pool threads end. On JDK 21+ the
        // calls run on virtual threads and there is no pool.
        await().atMost(Duration.ofSeconds(20)).until(() -> liveThreads("swarm-blocking-shutdown-close-") == 0);
        assertThat(chat.waiting).hasValue(0);
    }

    @Test
    void aClosedSwarmRefusesNewRunsWithAClearError() {
        GatedChatModel chat = new GatedChatModel();
        AgentSwarm swarm = AgentSwarm.builder()
                .orchestratorModel(SwarmModel.of("shutdown-refuse", chat))
                .build();
        Mono<SwarmResult> early = swarm.execute("made before close, subscribed after");
        swarm.close();
        swarm.close(); // idempotent

        assertThatThrownBy(() -> swarm.run("late"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("this AgentSwarm is closed");
        assertThatThrownBy(() -> swarm.start("late"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
        assertThatThrownBy(() -> swarm.execute("late"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
        assertThatThrownBy(() -> early.block(Duration.ofSeconds(5)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
        assertThatThrownBy(() -> swarm.shutdown(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("grace period");
        assertThat(swarm.shutdown(Duration.ZERO)).isTrue();
    }

    @Test
    void aGracefulShutdownLetsRunsInProgressFinish() throws Exception {
        GatedChatModel chat = new GatedChatModel();
        AgentSwarm swarm = AgentSwarm.builder()
                .orchestratorModel(SwarmModel.of("shutdown-graceful", chat))
                .build();
        SwarmRun run = swarm.start("two tasks");
        await().atMost(Duration.ofSeconds(20)).until(() -> chat.waiting.get() == 2);

        CompletableFuture<Boolean> shutdown =
                CompletableFuture.supplyAsync(() -> swarm.shutdown(Duration.ofMinutes(1)));
        await().atMost(Duration.ofSeconds(20)).until(swarm::isClosed);
        assertThatThrownBy(() -> swarm.start("late")).isInstanceOf(IllegalStateException.class);
        assertThat(shutdown).isNotDone();
        chat.gate.countDown();

        assertThat(shutdown.get(20, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        SwarmResult result = run.result().block(Duration.ofSeconds(10));
        assertThat(result.status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(result.tasks()).hasSize(2);
        await().atMost(Duration.ofSeconds(20)).until(() -> liveThreads("swarm-blocking-shutdown-graceful-") == 0);
    }

    @Test
    void runsStillInProgressAfterTheGracePeriodAreCancelledKeepingWhatTheyCompleted() {
        GatedChatModel chat = new GatedChatModel();
        AgentSwarm swarm = AgentSwarm.builder()
                .orchestratorModel(SwarmModel.of("shutdown-grace", chat))
                .build();
        Mono<SwarmResult> executed = swarm.execute("two tasks").cache();
        executed.subscribe();
        await().atMost(Duration.ofSeconds(20)).until(() -> chat.waiting.get() == 2);

        assertThat(swarm.shutdown(Duration.ofMillis(100))).isFalse();

        SwarmResult result = executed.block(Duration.ofSeconds(10));
        assertThat(result.status()).isEqualTo(RunStatus.CANCELLED);
        assertThat(result.reason()).isNotBlank();
        assertThat(Map.of("stages", result.report().stages().size())).containsEntry("stages", 1);
        await().atMost(Duration.ofSeconds(20)).until(() -> liveThreads("swarm-blocking-shutdown-grace-") == 0);
    }
}

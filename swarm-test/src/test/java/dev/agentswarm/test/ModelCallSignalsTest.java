package dev.agentswarm.test;

import static dev.agentswarm.test.Replies.assignTask;
import static dev.agentswarm.test.Replies.calls;
import static dev.agentswarm.test.Replies.createSubagent;
import static dev.agentswarm.test.Replies.text;
import static org.assertj.core.api.Assertions.assertThat;

import dev.agentswarm.AgentSwarm;
import dev.agentswarm.event.SwarmEvent;
import dev.agentswarm.model.SwarmModel;
import dev.agentswarm.report.SwarmResult;
import dev.agentswarm.report.TaskResult;
import dev.agentswarm.report.TaskStatus;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.TokenUsage;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Hooks;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Operators;

/**
 * The signals of one model call, as the runtime's call operator sees them: a model that throws instead of returning
 * a {@code Mono}, and one that sends more than one response, each fail or end only their task, with a
 * {@code ModelCallFinished} for every {@code ModelCallStarted}; the other tasks and the run go on.
 */
class ModelCallSignalsTest {

    private static boolean isTask(ChatRequest request, String prompt) {
        for (ChatMessage m : request.messages()) {
            if (m instanceof UserMessage u
                    && u.hasSingleText()
                    && u.singleText().equals(prompt)) {
                return true;
            }
        }
        return false;
    }

    private static SwarmResult run(
            SwarmModel scripted,
            java.util.function.Function<ChatRequest, Mono<ChatResponse>> b,
            List<SwarmEvent> events) {
        // Not lazy on purpose: the "b" task's call throws on the caller's thread.
        SwarmModel subagents = new SwarmModel() {
            @Override
            public String name() {
                return scripted.name();
            }

            @Override
            public Mono<ChatResponse> chat(ChatRequest request) {
                return isTask(request, "b") ? b.apply(request) : scripted.chat(request);
            }
        };
        return AgentSwarm.builder()
                .orchestratorModel(scripted)
                .subagentModel(subagents)
                .listener(events::add)
                .build()
                .run("go");
    }

    private static ScriptedModel scripted() {
        return ScriptedModel.builder()
                .orchestrator(calls(
                        createSubagent("worker", "You work."), assignTask("worker", "a"), assignTask("worker", "b")))
                .orchestrator(text("done"))
                .subagent("worker", text("ok"))
                .build();
    }

    @Test
    void aModelThatThrowsInsteadOfReturningAMonoFailsOnlyItsTask() {
        List<SwarmEvent> events = new CopyOnWriteArrayList<>();
        SwarmResult result = run(
                scripted(),
                request -> {
                    throw new IllegalStateException("model exploded before its Mono");
                },
                events);

        assertThat(result.answer()).isEqualTo("done");
        TaskResult a = result.tasks().get(0);
        TaskResult b = result.tasks().get(1);
        assertThat(a.status()).isEqualTo(TaskStatus.COMPLETED);
        assertThat(b.status()).isEqualTo(TaskStatus.FAILED);
        assertThat(b.reason()).contains("model exploded before its Mono");
        long started = events.stream()
                .filter(e -> e instanceof SwarmEvent.ModelCallStarted)
                .count();
        List<SwarmEvent.ModelCallFinished> finished = events.stream()
                .filter(e -> e instanceof SwarmEvent.ModelCallFinished)
                .map(e -> (SwarmEvent.ModelCallFinished) e)
                .toList();
        assertThat(finished).hasSize((int) started);
        assertThat(finished)
                .filteredOn(f -> f.error() != null)
                .singleElement()
                .satisfies(f -> assertThat(f.error()).contains("model exploded"));
    }

    @Test
    void aModelThatBreaksTheReactiveContractIsCountedOnceAndEndsItsTaskOnce() {
        List<SwarmEvent> events = new CopyOnWriteArrayList<>();
        ChatResponse first = ChatResponse.builder()
                .aiMessage(text("first"))
                .tokenUsage(new TokenUsage(7, 3))
                .build();
        ChatResponse second = ChatResponse.builder()
                .aiMessage(text("second"))
                .tokenUsage(new TokenUsage(1000, 1000))
                .build();
        // Two values, a completion, then an error: everything after the first value and the completion is dropped.
        Mono<ChatResponse> hostile = new Mono<>() {
            @Override
            public void subscribe(CoreSubscriber<? super ChatResponse> actual) {
                actual.onSubscribe(Operators.emptySubscription());
                actual.onNext(first);
                actual.onNext(second);
                actual.onComplete();
                actual.onError(new IllegalStateException("late error"));
            }
        };
        List<Throwable> dropped = new CopyOnWriteArrayList<>();
        Hooks.onErrorDropped(dropped::add);
        try {
            SwarmResult result = run(scripted(), request -> hostile, events);

            assertThat(result.tasks()).extracting(TaskResult::status).containsOnly(TaskStatus.COMPLETED);
            assertThat(result.tasks().get(1).finalMessage()).isEqualTo("first");
            assertThat(result.tasks().get(1).tokens().input()).isEqualTo(7);
            assertThat(result.tasks().get(1).tokens().output()).isEqualTo(3);
            assertThat(events.stream().filter(e -> e instanceof SwarmEvent.TaskFinished))
                    .hasSize(2);
            assertThat(dropped).extracting(Throwable::getMessage).contains("late error");
        } finally {
            Hooks.resetOnErrorDropped();
        }
    }
}

package dev.agentswarm.test;

import static dev.agentswarm.test.Replies.assignTask;
import static dev.agentswarm.test.Replies.calls;
import static dev.agentswarm.test.Replies.createSubagent;
import static dev.agentswarm.test.Replies.text;
import static org.assertj.core.api.Assertions.assertThat;

import dev.agentswarm.AgentSwarm;
import dev.agentswarm.event.SwarmEvent;
import dev.agentswarm.model.SwarmModel;
import dev.agentswarm.report.RunStatus;
import dev.agentswarm.report.SwarmResult;
import dev.agentswarm.report.TaskResult;
import dev.agentswarm.report.TaskStatus;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * A model that completes without a response (an empty {@code Mono}, a blocking {@code ChatModel} that returns null, a
 * streaming model that completes with null) is a clear failure of that call: the orchestrator's run ends
 * {@code FAILED} after one call instead of looping, and a task ends {@code FAILED} instead of hanging past its
 * timeout, while its stage and the run go on.
 */
class EmptyModelResponseTest {

    static final String EMPTY = "EmptyModelResponseException";

    /** The empty models, each counting its calls. */
    static Stream<Arguments> emptyModels() {
        return Stream.of(
                Arguments.of("empty Mono", (java.util.function.Function<AtomicInteger, SwarmModel>) calls ->
                        SwarmModel.of(
                                "empty",
                                request -> Mono.<ChatResponse>empty().doOnSubscribe(s -> calls.incrementAndGet()))),
                Arguments.of("ChatModel returning null", (java.util.function.Function<AtomicInteger, SwarmModel>)
                        calls -> SwarmModel.of("empty", new ChatModel() {
                            @Override
                            public ChatResponse doChat(ChatRequest request) {
                                calls.incrementAndGet();
                                return null;
                            }
                        })),
                Arguments.of("StreamingChatModel completing with null", (java.util.function.Function<
                                AtomicInteger, SwarmModel>)
                        calls -> SwarmModel.of("empty", new StreamingChatModel() {
                            @Override
                            public void doChat(ChatRequest request, StreamingChatResponseHandler handler) {
                                calls.incrementAndGet();
                                handler.onCompleteResponse(null);
                            }
                        })));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("emptyModels")
    void anEmptyOrchestratorResponseFailsTheRunAfterOneCall(
            String kind, java.util.function.Function<AtomicInteger, SwarmModel> factory) {
        AtomicInteger calls = new AtomicInteger();
        List<SwarmEvent> events = Collections.synchronizedList(new ArrayList<>());
        SwarmResult result = AgentSwarm.builder()
                .orchestratorModel(factory.apply(calls))
                .listener(events::add)
                .build()
                .execute("go")
                .subscribeOn(Schedulers.boundedElastic())
                .block(Duration.ofSeconds(20));

        assertThat(result).isNotNull();
        assertThat(result.status()).isEqualTo(RunStatus.FAILED);
        assertThat(result.reason())
                .contains("orchestrator model call failed")
                .contains(EMPTY)
                .contains("'empty'");
        assertThat(calls.get()).as("calls of the empty model").isEqualTo(1);
        assertThat(events)
                .filteredOn(SwarmEvent.ModelCallFinished.class::isInstance)
                .extracting(e -> ((SwarmEvent.ModelCallFinished) e).error())
                .singleElement()
                .asString()
                .contains(EMPTY);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("emptyModels")
    void anEmptySubagentResponseFailsThatTaskAndTheRunGoesOn(
            String kind, java.util.function.Function<AtomicInteger, SwarmModel> factory) {
        AtomicInteger calls = new AtomicInteger();
        ScriptedModel orchestrator = ScriptedModel.builder()
                .name("orch")
                .orchestrator(calls(createSubagent("worker", "You work."), assignTask("worker", "a")))
                .orchestrator(r -> text("saw: " + r.latestToolResults()))
                .build();
        SwarmResult result = AgentSwarm.builder()
                .orchestratorModel(orchestrator)
                .subagentModel(factory.apply(calls))
                .taskTimeout(Duration.ofSeconds(30))
                .build()
                .execute("go")
                .subscribeOn(Schedulers.boundedElastic())
                .block(Duration.ofSeconds(20));

        assertThat(result).as("the run ends long before the task timeout").isNotNull();
        assertThat(result.status()).isEqualTo(RunStatus.COMPLETED);
        TaskResult task = result.tasks().get(0);
        assertThat(task.status()).isEqualTo(TaskStatus.FAILED);
        assertThat(task.reason()).contains("model call failed").contains(EMPTY);
        assertThat(task.steps()).isZero();
        assertThat(calls.get()).isEqualTo(1);
        assertThat(result.answer()).contains("FAILED").contains(EMPTY);
    }
}

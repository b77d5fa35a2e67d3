package dev.agentswarm.test.sim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import reactor.test.scheduler.VirtualTimeScheduler;

/** The simulated model's replies do not depend on the JVM: same seed, same request, same reply and tokens. */
class SimulatedModelTest {

    @Test
    void theOrchestratorsToolCallArgumentsHaveAFixedKeyOrder() {
        // Map.of iterates in an order that changes from one JVM to the next; the arguments are part of the next
        // request, whose hash seeds every draw, so their text must not depend on it
        Scenario scenario = SimulatedSwarmTest.scenario(1, 0);
        VirtualTimeScheduler time = VirtualTimeScheduler.create();
        SimulatedModel model = new SimulatedModel("simulated/orchestrator", scenario, time, 1);
        ChatRequest request = ChatRequest.builder()
                .messages(List.of(SystemMessage.from("You orchestrate."), UserMessage.from(scenario.task())))
                .toolSpecifications(List.of(
                        ToolSpecification.builder().name("create_subagent").build(),
                        ToolSpecification.builder().name("assign_task").build()))
                .build();

        AtomicReference<ChatResponse> reply = new AtomicReference<>();
        model.chat(request).subscribe(reply::set);
        time.advanceTimeBy(Duration.ofMillis(SimulatedSwarmTest.ORCHESTRATOR_MS));
        ChatResponse response = reply.get();

        assertThat(response).isNotNull();
        List<ToolExecutionRequest> calls = response.aiMessage().toolExecutionRequests();
        assertThat(calls).hasSize(4);
        assertThat(calls.get(0).arguments())
                .isEqualTo("{\"name\":\"clerk\",\"system_prompt\":\"You look companies up.\"}");
        assertThat(calls.get(1).arguments())
                .isEqualTo("{\"agent\":\"clerk\",\"prompt\":\"Find founded of each company.\\nItems: Alpha; Bravo\"}");
        assertThat(response.tokenUsage().inputTokenCount())
                .isEqualTo((("S:You orchestrate.\nU:" + scenario.task() + "\n").length() + 3) / 4 + 40 * 2);
    }
}

package dev.agentswarm.test;

import static dev.agentswarm.test.Replies.assignTask;
import static dev.agentswarm.test.Replies.call;
import static dev.agentswarm.test.Replies.calls;
import static dev.agentswarm.test.Replies.createSubagent;
import static dev.agentswarm.test.Replies.text;
import static org.assertj.core.api.Assertions.assertThat;

import dev.agentswarm.AgentSwarm;
import dev.agentswarm.model.SwarmModel;
import dev.agentswarm.policy.Limits;
import dev.agentswarm.report.RunStatus;
import dev.agentswarm.report.SwarmResult;
import dev.agentswarm.report.TaskResult;
import dev.agentswarm.report.TaskStatus;
import dev.agentswarm.tool.AgentTool;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.model.chat.response.ChatResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

/**
 * A task of thousands of turns, every model call and tool call answering synchronously on the caller's thread: its
 * turns run one after another, not nested, so neither the stack nor the chain of operators grows with them.
 */
class LongTaskTest {

    private static final int TURNS = 3_000;

    @Test
    void aTaskOfThousandsOfSynchronousTurnsNeitherNestsNorOverflowsTheStack() {
        ScriptedModel orchestrator = ScriptedModel.builder()
                .orchestrator(calls(createSubagent("w", "You work.", "tick"), assignTask("w", "count")))
                .orchestrator(r -> text(String.join("", r.latestToolResults())))
                .build();
        // Synchronous: the response is there when the call is subscribed.
        SwarmModel subagent = SwarmModel.of("sync", request -> {
            int turns = 0;
            for (ChatMessage m : request.messages()) {
                if (m instanceof AiMessage) {
                    turns++;
                }
            }
            AiMessage reply = turns < TURNS - 1 ? calls(call("tick", Map.of())) : text("done after " + (turns + 1));
            return Mono.just(ChatResponse.builder().aiMessage(reply).build());
        });
        AgentTool tick = AgentTool.reactive(
                ToolSpecification.builder().name("tick").description("ticks").build(), r -> Mono.just("ok"));

        SwarmResult result = AgentSwarm.builder()
                .orchestratorModel(orchestrator)
                .subagentModel(subagent)
                .tools(tick)
                .limits(Limits.builder().maxSubagentSteps(TURNS).build())
                .build()
                .run("go");

        assertThat(result.status()).isEqualTo(RunStatus.COMPLETED);
        TaskResult task = result.tasks().get(0);
        assertThat(task.status()).as(String.valueOf(task.reason())).isEqualTo(TaskStatus.COMPLETED);
        assertThat(task.finalMessage()).isEqualTo("done after " + TURNS);
        assertThat(task.steps()).isEqualTo(TURNS);
    }
}

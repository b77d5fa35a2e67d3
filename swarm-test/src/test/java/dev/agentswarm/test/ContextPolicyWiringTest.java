package dev.agentswarm.test;

import static dev.agentswarm.test.Replies.assignTask;
import static dev.agentswarm.test.Replies.call;
import static dev.agentswarm.test.Replies.calls;
import static dev.agentswarm.test.Replies.createSubagent;
import static dev.agentswarm.test.Replies.text;
import static org.assertj.core.api.Assertions.assertThat;

import dev.agentswarm.AgentSwarm;
import dev.agentswarm.model.SwarmModel;
import dev.agentswarm.policy.context.ApproximateTokenCountEstimator;
import dev.agentswarm.policy.context.ContextPolicy;
import dev.agentswarm.report.RunStatus;
import dev.agentswarm.report.SwarmResult;
import dev.agentswarm.report.TokenUsage;
import dev.langchain4j.agent.tool.P;
import dev.langchain4j.agent.tool.Tool;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.response.ChatResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

/** The context policies configured on {@link AgentSwarm.Builder} shape the requests the models receive. */
class ContextPolicyWiringTest {

    static final class Lookup {
        @Tool("Looks a key up")
        String lookup(@P("the key") String key) {
            return "value-of-" + key;
        }
    }

    static final String DIGGER = "You dig.";

    @Test
    void hideToolResultsOnSubagentsKeepsOnlyTheLatestRoundPastTheThreshold() {
        ScriptedModel model = ScriptedModel.builder()
                .orchestrator(calls(createSubagent("digger", DIGGER), assignTask("digger", "d1")))
                .orchestrator(text("done"))
                .subagent("digger", calls(call("lookup", Map.of("key", "a"))))
                .subagent("digger", calls(call("lookup", Map.of("key", "b"))))
                .subagent("digger", calls(call("lookup", Map.of("key", "c"))))
                .subagent("digger", r -> text("saw " + r.toolResults()))
                .build();
        // "You dig." = 2 tokens, "d1" = 1, each call 5, each result 19 (header + "value-of-x", 73 chars):
        // before turn 2 the history is 27 <= 30 tokens; before turn 3 it is 51 > 30, so round 1 is hidden.
        SwarmResult result = AgentSwarm.builder()
                .orchestratorModel(model)
                .tools(new Lookup())
                .subagentContextPolicy(ContextPolicy.hideToolResults(30, ApproximateTokenCountEstimator.INSTANCE))
                .build()
                .run("dig");

        assertThat(result.status()).isEqualTo(RunStatus.COMPLETED);
        List<RecordedRequest> digger = model.requests("digger");
        assertThat(digger).hasSize(4);
        assertThat(digger.get(1).toolResults()).singleElement().asString().endsWith("value-of-a");
        assertThat(digger.get(2).toolResults()).hasSize(2);
        assertThat(digger.get(2).toolResults().get(0)).isEqualTo(ContextPolicy.HIDDEN_TOOL_RESULT);
        assertThat(digger.get(2).toolResults().get(1)).endsWith("value-of-b");
        assertThat(digger.get(3).toolResults()).hasSize(3);
        assertThat(digger.get(3).toolResults().subList(0, 2)).containsOnly(ContextPolicy.HIDDEN_TOOL_RESULT);
        assertThat(digger.get(3).toolResults().get(2)).endsWith("value-of-c");
        assertThat(result.tasks().get(0).steps()).isEqualTo(4);
        model.assertSubagentContextsIsolated();
        // the orchestrator kept everything (keep-all by default): its second request holds the task result
        assertThat(model.requests("orchestrator").get(1).toolResults()).hasSize(2);
    }

    @Test
    void discardAllOnTheOrchestratorRestartsItFromItsSystemPromptAndTask() {
        ScriptedModel model = ScriptedModel.builder()
                .orchestrator(calls(createSubagent("quick", "You answer."), assignTask("quick", "q1")))
                .orchestrator(calls(assignTask("quick", "q2")))
                .orchestrator(text("done"))
                .subagent("quick", r -> text("answer to " + r.userPrompt()))
                .build();
        // "Orchestrate." (3 tokens) + "dig" (1) = 4 <= 5; anything more exceeds 5 tokens
        SwarmResult result = AgentSwarm.builder()
                .orchestratorModel(model)
                .orchestratorSystemPrompt("Orchestrate.")
                .orchestratorContextPolicy(ContextPolicy.discardAll(5))
                .build()
                .run("dig");

        assertThat(result.status()).isEqualTo(RunStatus.COMPLETED);
        List<RecordedRequest> orchestrator = model.requests("orchestrator");
        assertThat(orchestrator).hasSize(3);
        for (RecordedRequest r : orchestrator) {
            assertThat(r.request().messages())
                    .containsExactly(SystemMessage.from("Orchestrate."), UserMessage.from("dig"));
        }
        // the frozen definition outlives the discarded history: the second assignment ran
        assertThat(result.tasks()).extracting(t -> t.finalMessage()).containsExactly("answer to q1", "answer to q2");
    }

    @Test
    void summaryOnSubagentsCompressesTheHistoryAndCountsTheSummaryTokens() {
        ScriptedModel model = ScriptedModel.builder()
                .orchestrator(calls(createSubagent("digger", DIGGER), assignTask("digger", "d1")))
                .orchestrator(text("done"))
                .subagent(
                        "digger",
                        r -> r.userPrompt().contains(ContextPolicy.SUMMARY_HEADER)
                                ? text("final from "
                                        + r.userPrompt()
                                                .substring(r.userPrompt().lastIndexOf('\n') + 1))
                                : calls(call("lookup", Map.of("key", "a"))))
                .subagent("digger", calls(call("lookup", Map.of("key", "b"))))
                .build();
        SwarmModel summarizer = SwarmModel.of(
                "summarizer",
                request -> Mono.just(ChatResponse.builder()
                        .aiMessage(AiMessage.from("a and b were looked up"))
                        .tokenUsage(new dev.langchain4j.model.output.TokenUsage(100, 10))
                        .build()));

        SwarmResult result = AgentSwarm.builder()
                .orchestratorModel(model)
                .tools(new Lookup())
                .subagentContextPolicy(ContextPolicy.summary(30, ApproximateTokenCountEstimator.INSTANCE, summarizer))
                .build()
                .run("dig");

        assertThat(result.status()).isEqualTo(RunStatus.COMPLETED);
        List<RecordedRequest> digger = model.requests("digger");
        assertThat(digger).hasSize(3);
        assertThat(digger.get(2).request().messages())
                .containsExactly(
                        SystemMessage.from(DIGGER),
                        UserMessage.from("d1\n\n" + ContextPolicy.SUMMARY_HEADER + "\na and b were looked up"));
        assertThat(result.tasks().get(0).finalMessage()).isEqualTo("final from a and b were looked up");
        assertThat(result.tasks().get(0).steps()).isEqualTo(3);
        assertThat(result.report().tokensByModel()).containsEntry("summarizer", new TokenUsage(100, 10));
        model.assertSubagentContextsIsolated();
    }
}

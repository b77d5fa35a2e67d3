package dev.agentswarm.test.journal;

import static dev.agentswarm.test.Replies.assignTask;
import static dev.agentswarm.test.Replies.createSubagent;

import dev.agentswarm.AgentSwarm;
import dev.agentswarm.model.SwarmModel;
import dev.agentswarm.policy.context.ContextPolicy;
import dev.agentswarm.test.RecordedRequest;
import dev.langchain4j.agent.tool.P;
import dev.langchain4j.agent.tool.Tool;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.TokenUsage;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * A deterministic swarm for resume tests. Unlike {@code ScriptedModel}, whose orchestrator replies follow call
 * order, this model answers every request from the request alone (the orchestrator by how many turns the
 * conversation holds, a subagent by its system prompt and turn), which is what a resumed run that skips journaled
 * turns needs. Tool call ids are derived from the turn, so they are the same in every run.
 *
 * <ul>
 *   <li>turn 0: create {@code quick} and {@code slow}, assign quick q1, quick q2, slow s1, slow s2 (stage 0);</li>
 *   <li>turn 1: assign quick "combine ..." over the four results (stage 1);</li>
 *   <li>turn 2: the final answer, built from the combined result.</li>
 * </ul>
 * A quick task takes one step; a slow task calls the {@code lookup} tool, then answers (two steps); when a summary
 * context policy replaced its lookup round, it answers from the summary.
 */
final class ResumeScenario {

    static final String TASK = "Research four things and combine them.";
    static final String QUICK_PROMPT = "You answer at once.";
    static final String SLOW_PROMPT = "You think long and look things up.";

    private ResumeScenario() {}

    /** The subagents' tool. */
    static final class Lookup {
        @Tool("Looks a key up")
        String lookup(@P("the key") String key) {
            return "fact-about-" + key;
        }
    }

    /**
     * @param slowLatency the latency of every call of the slow subagent
     * @param onCall told {@code role|prompt|turn} of every call, before it is answered
     * @return the model
     */
    static SwarmModel model(Duration slowLatency, Consumer<String> onCall) {
        return SwarmModel.of("det", request -> {
            RecordedRequest r = new RecordedRequest(role(request), request, Instant.EPOCH);
            onCall.accept(r.role() + "|" + (r.role().equals("orchestrator") ? "-" : r.userPrompt()) + "|" + r.turn());
            AiMessage reply = reply(r);
            ChatResponse response = ChatResponse.builder()
                    .aiMessage(reply)
                    .tokenUsage(new TokenUsage(10 + r.turn(), 5))
                    .build();
            if (r.role().equals("slow") && !slowLatency.isZero()) {
                return Mono.delay(slowLatency, Schedulers.parallel()).thenReturn(response);
            }
            return Mono.just(response);
        });
    }

    static AgentSwarm swarm(SwarmModel model) {
        return AgentSwarm.builder()
                .orchestratorModel(model)
                .tools(new Lookup())
                .runIds(() -> "run-under-test")
                .build();
    }

    private static String role(ChatRequest request) {
        if (request.toolSpecifications().stream().anyMatch(t -> t.name().equals("assign_task"))) {
            return "orchestrator";
        }
        RecordedRequest r = new RecordedRequest("?", request, Instant.EPOCH);
        if (r.systemPrompt().equals(QUICK_PROMPT)) {
            return "quick";
        }
        if (r.systemPrompt().equals(SLOW_PROMPT)) {
            return "slow";
        }
        throw new IllegalStateException("unknown system prompt: " + r.systemPrompt());
    }

    private static AiMessage reply(RecordedRequest r) {
        switch (r.role()) {
            case "orchestrator":
                return switch (r.turn()) {
                    case 0 ->
                        calls(
                                0,
                                createSubagent("quick", QUICK_PROMPT),
                                createSubagent("slow", SLOW_PROMPT),
                                assignTask("quick", "q1"),
                                assignTask("quick", "q2"),
                                assignTask("slow", "s1"),
                                assignTask("slow", "s2"));
                    case 1 ->
                        calls(
                                1,
                                assignTask(
                                        "quick",
                                        "combine "
                                                + String.join(
                                                        " + ",
                                                        r.latestToolResults().stream()
                                                                .filter(t -> !t.startsWith("Created subagent"))
                                                                .toList())));
                    case 2 -> AiMessage.from("FINAL: " + String.join(" / ", r.latestToolResults()));
                    default -> throw new IllegalStateException("no orchestrator turn " + r.turn());
                };
            case "quick":
                return AiMessage.from("Q(" + r.userPrompt() + ")");
            case "slow":
                if (r.userPrompt().contains(ContextPolicy.SUMMARY_HEADER)) {
                    // A summary context policy replaced the lookup round: answer from the summary.
                    return AiMessage.from(
                            "S(" + r.userPrompt().lines().findFirst().orElse("") + ": summarised)");
                }
                if (r.turn() == 0) {
                    return calls(
                            0, dev.agentswarm.test.Replies.call("lookup", java.util.Map.of("key", r.userPrompt())));
                }
                return AiMessage.from("S(" + r.userPrompt() + ": "
                        + r.latestToolResults()
                                .get(0)
                                .lines()
                                .reduce((a, b) -> b)
                                .orElse("") + ")");
            default:
                throw new IllegalStateException(r.role());
        }
    }

    /** Tool calls with ids derived from the turn, so that every run produces the same ids. */
    private static AiMessage calls(int turn, ToolExecutionRequest... calls) {
        List<ToolExecutionRequest> out = new ArrayList<>();
        for (int i = 0; i < calls.length; i++) {
            out.add(calls[i].toBuilder().id("t" + turn + "-c" + i).build());
        }
        return AiMessage.from(out);
    }
}

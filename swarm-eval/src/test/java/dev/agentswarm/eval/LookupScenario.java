package dev.agentswarm.eval;

import static dev.agentswarm.test.Replies.assignTask;
import static dev.agentswarm.test.Replies.call;
import static dev.agentswarm.test.Replies.calls;
import static dev.agentswarm.test.Replies.createSubagent;
import static dev.agentswarm.test.Replies.text;

import dev.agentswarm.AgentSwarm;
import dev.agentswarm.eval.baseline.SingleAgentBaseline;
import dev.agentswarm.event.SwarmEventListener;
import dev.agentswarm.test.ScriptedModel;
import dev.agentswarm.tool.AgentTool;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * One scripted task, run as a swarm and as the single-agent baseline with the same model and the same tool: "look
 * up a, b, c and d", where every key takes two lookups (the value, then a check) and a final message.
 * <ul>
 *   <li>Swarm: turn 0 creates {@code worker} and assigns the four keys in parallel (3 steps each); turn 1 answers.
 *       Critical steps = (1 + 3) + 1 = 5; total steps = 2 + 4 · 3 = 14.</li>
 *   <li>Baseline: one agent does 4 · 2 lookup turns, then answers: 9 steps, so 9 critical steps.</li>
 * </ul>
 */
public final class LookupScenario {

    public static final String TASK = "Look up the values of a, b, c and d.";
    public static final String ANSWER = "a=va, b=vb, c=vc, d=vd";
    public static final String WORKER_PROMPT = "You look up one key with the lookup tool, then check it.";
    public static final String BASELINE_PROMPT = "You look things up with the lookup tool.";
    public static final List<String> KEYS = List.of("a", "b", "c", "d");

    private LookupScenario() {}

    public static AgentTool lookupTool() {
        ToolSpecification spec = ToolSpecification.builder()
                .name("lookup")
                .description("Looks a key up")
                .parameters(JsonObjectSchema.builder()
                        .addStringProperty("key")
                        .required("key")
                        .build())
                .build();
        return AgentTool.reactive(spec, request -> Mono.just("value for " + request.arguments()));
    }

    /**
     * @param scheduler where latency is applied
     * @param latency the latency of every model call
     * @return a model scripted for both the swarm and the baseline
     */
    public static ScriptedModel model(Scheduler scheduler, Duration latency) {
        ScriptedModel.Builder b = ScriptedModel.builder()
                .scheduler(scheduler)
                .latency(latency)
                .orchestrator(calls(
                        createSubagent("worker", WORKER_PROMPT),
                        assignTask("worker", "look up a"),
                        assignTask("worker", "look up b"),
                        assignTask("worker", "look up c"),
                        assignTask("worker", "look up d")))
                .orchestrator(text(ANSWER))
                .subagent("worker", r -> calls(call("lookup", Map.of("key", key(r.userPrompt())))))
                .subagent("worker", r -> calls(call("lookup", Map.of("key", key(r.userPrompt()) + "-check"))))
                .subagent("worker", r -> text("v" + key(r.userPrompt())))
                .subagentSystemPrompt(BASELINE_PROMPT, "single");
        for (String k : KEYS) {
            b.subagent("single", calls(call("lookup", Map.of("key", k))));
            b.subagent("single", calls(call("lookup", Map.of("key", k + "-check"))));
        }
        b.subagent("single", text(ANSWER));
        return b.build();
    }

    static String key(String prompt) {
        return prompt.substring(prompt.length() - 1);
    }

    public static AgentSwarm swarm(ScriptedModel model, Scheduler timer, SwarmEventListener... listeners) {
        AgentSwarm.Builder b = AgentSwarm.builder()
                .orchestratorModel(model)
                .tools(lookupTool())
                .timer(timer)
                .runIds(() -> "swarm-run");
        for (SwarmEventListener l : listeners) {
            b.listener(l);
        }
        return b.build();
    }

    public static SingleAgentBaseline baseline(ScriptedModel model, Scheduler timer) {
        return SingleAgentBaseline.builder()
                .model(model)
                .systemPrompt(BASELINE_PROMPT)
                .tools(lookupTool())
                .timer(timer)
                .runIds(() -> "baseline-run")
                .build();
    }
}

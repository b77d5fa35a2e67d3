package dev.agentswarm.internal.orchestrator;

import static dev.agentswarm.internal.orchestrator.SwarmToolSpecs.ASSIGN_TASK;
import static dev.agentswarm.internal.orchestrator.SwarmToolSpecs.CREATE_SUBAGENT;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentswarm.control.ApprovalRequest;
import dev.agentswarm.control.Decision;
import dev.agentswarm.internal.control.ApprovalGate;
import dev.agentswarm.internal.control.Guardrails;
import dev.agentswarm.internal.run.RunContext;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.guardrail.InputGuardrail;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Reviews an orchestrator turn's calls before the stage is planned, outside the run's lock: task prompts pass the
 * prompt guardrails, then the approval policy is asked, in call order, about each {@code create_subagent}, each
 * {@code assign_task} (or once for all of them), and each call of a tool that needs approval. A refused call keeps
 * its place with the message that becomes its tool result; an edited call runs with the edited arguments (same id).
 * Calls whose arguments are not a JSON object are left to the planner, which rejects them with its own message.
 */
final class TurnReview {

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * A reviewed turn.
     *
     * @param calls the calls to plan, edited where a decision edited them, in call order
     * @param refused the refused calls by index, with the tool result each gets
     */
    record Reviewed(List<ToolExecutionRequest> calls, Map<Integer, String> refused) {}

    private TurnReview() {}

    static Mono<Reviewed> review(RunContext ctx, ApprovalGate gate, int stage, List<ToolExecutionRequest> calls) {
        List<InputGuardrail> promptGuardrails = ctx.settings().controls().taskPromptGuardrails();
        if (!gate.active() && promptGuardrails.isEmpty()) {
            return Mono.just(new Reviewed(calls, Map.of()));
        }
        ToolExecutionRequest[] out = calls.toArray(new ToolExecutionRequest[0]);
        Map<Integer, String> refused = new HashMap<>();
        List<Integer> batch = new ArrayList<>();
        String stageId = "s" + stage;
        return Flux.range(0, calls.size())
                .concatMap(i -> {
                    ToolExecutionRequest call = calls.get(i);
                    String name = String.valueOf(call.name());
                    ObjectNode args = object(call.arguments());
                    if (ASSIGN_TASK.equals(name) && args != null && !promptGuardrails.isEmpty()) {
                        JsonNode prompt = args.get("prompt");
                        if (prompt != null && prompt.isTextual()) {
                            Guardrails.Checked checked = Guardrails.input(
                                    ctx, promptGuardrails, ctx.origin(stage, null, stageId), prompt.asText());
                            if (!checked.passed()) {
                                refused.put(
                                        i,
                                        "Error: the task prompt for '" + text(args, "agent")
                                                + "' was refused before dispatch; nothing was dispatched: "
                                                + checked.failure() + ".");
                                return Mono.empty();
                            }
                            if (!checked.text().equals(prompt.asText())) {
                                args.put("prompt", checked.text());
                                out[i] = with(call, args.toString());
                            }
                        }
                    }
                    if (!gate.active() || args == null) {
                        return Mono.empty();
                    }
                    ApprovalRequest.Kind kind;
                    String agent;
                    if (CREATE_SUBAGENT.equals(name)) {
                        kind = ApprovalRequest.Kind.CREATE_SUBAGENT;
                        agent = text(args, "name");
                    } else if (ASSIGN_TASK.equals(name)) {
                        if (gate.perStage()) {
                            batch.add(i);
                            return Mono.empty();
                        }
                        kind = ApprovalRequest.Kind.ASSIGN_TASK;
                        agent = text(args, "agent");
                    } else if (gate.needsApproval(name)) {
                        kind = ApprovalRequest.Kind.TOOL;
                        agent = null;
                    } else {
                        return Mono.empty();
                    }
                    ApprovalRequest request = new ApprovalRequest(
                            kind, stageId + "/c" + i, stage, name, agent, String.valueOf(out[i].arguments()));
                    return gate.ask(request, null, stageId).doOnNext(d -> apply(d, i, out, refused));
                })
                .then(Mono.defer(() -> {
                    if (batch.isEmpty()) {
                        return Mono.empty();
                    }
                    ArrayNode all = JSON.createArrayNode();
                    for (int i : batch) {
                        all.add(object(out[i].arguments()));
                    }
                    ApprovalRequest request = new ApprovalRequest(
                            ApprovalRequest.Kind.ASSIGN_STAGE,
                            stageId + "/assignments",
                            stage,
                            ASSIGN_TASK,
                            null,
                            all.toString());
                    return gate.ask(request, null, stageId).doOnNext(d -> {
                        if (!d.approved()) {
                            for (int i : batch) {
                                refused.put(i, denial(d));
                            }
                        } else if (d.verdict() == Decision.Verdict.EDIT) {
                            // The gate checked it: an array of one object per assignment.
                            JsonNode edited = java.util.Objects.requireNonNull(parse(String.valueOf(d.arguments())));
                            for (int j = 0; j < batch.size(); j++) {
                                int i = batch.get(j);
                                out[i] = with(out[i], edited.get(j).toString());
                            }
                        }
                    });
                }))
                .then(Mono.fromSupplier(() -> new Reviewed(Arrays.asList(out), Map.copyOf(refused))));
    }

    private static void apply(Decision d, int i, ToolExecutionRequest[] out, Map<Integer, String> refused) {
        if (!d.approved()) {
            refused.put(i, denial(d));
        } else if (d.verdict() == Decision.Verdict.EDIT) {
            out[i] = with(out[i], String.valueOf(d.arguments()));
        }
    }

    /** The tool result of a denied call. */
    static String denial(Decision d) {
        return "Denied by the approval policy: " + d.reason() + ". The call did not run.";
    }

    private static ToolExecutionRequest with(ToolExecutionRequest call, String arguments) {
        return ToolExecutionRequest.builder()
                .id(call.id())
                .name(call.name())
                .arguments(arguments)
                .build();
    }

    private static @Nullable String text(ObjectNode args, String field) {
        JsonNode v = args.get(field);
        return v != null && v.isTextual() ? v.asText() : null;
    }

    private static @Nullable ObjectNode object(@Nullable String arguments) {
        JsonNode n = arguments == null ? null : parse(arguments);
        return n instanceof ObjectNode o ? o : null;
    }

    private static @Nullable JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (JsonProcessingException e) {
            return null;
        }
    }
}

package dev.agentswarm.internal.control;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.agentswarm.control.ApprovalPolicy;
import dev.agentswarm.control.ApprovalRequest;
import dev.agentswarm.control.Controls;
import dev.agentswarm.control.Decision;
import dev.agentswarm.event.SwarmEvent;
import dev.agentswarm.internal.run.RunContext;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * Asks a run's {@link ApprovalPolicy} about one call: emits {@link SwarmEvent.ApprovalRequested}, waits for the
 * decision at most the approval timeout (on the swarm's timer, so virtual time applies), turns a late, failed, empty
 * or malformed decision into a denial that says why, and emits {@link SwarmEvent.ApprovalDecided}. A resumed run
 * replays a journaled decision of the same key instead of asking; a key that was asked but not decided is asked
 * again.
 */
public final class ApprovalGate {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final RunContext ctx;
    private final Controls controls;

    /** @param ctx the run */
    public ApprovalGate(RunContext ctx) {
        this.ctx = ctx;
        this.controls = ctx.settings().controls();
    }

    /** @return whether anything is asked at all: false for {@link ApprovalPolicy#allowAll()} */
    public boolean active() {
        return controls.approvalPolicy() != ApprovalPolicy.allowAll();
    }

    /** @return whether a turn's assignments are asked about together */
    public boolean perStage() {
        return controls.approveAssignmentsPerStage();
    }

    /**
     * @param tool an ordinary tool's name
     * @return whether its calls need approval
     */
    public boolean needsApproval(@Nullable String tool) {
        return active() && tool != null && controls.toolsNeedingApproval().contains(tool);
    }

    /**
     * Asks about one call, or replays the journaled decision.
     *
     * @param request the call
     * @param taskId the task whose tool call it is, or null for the orchestrator's calls
     * @param parentId the enclosing unit, for events
     * @return the decision; never an error signal
     */
    public Mono<Decision> ask(ApprovalRequest request, @Nullable String taskId, String parentId) {
        return Mono.defer(() -> {
            SwarmEvent.ApprovalDecided journaled =
                    ctx.resume().decision(request.key(), ctx.redact(request.arguments()));
            if (journaled != null) {
                Decision d = journaled.decision();
                ctx.emit(new SwarmEvent.ApprovalDecided(
                        ctx.origin(request.stage(), taskId, parentId), request.key(), d, true));
                return Mono.just(d);
            }
            ctx.emit(new SwarmEvent.ApprovalRequested(ctx.origin(request.stage(), taskId, parentId), request));
            Duration timeout = controls.approvalTimeout();
            return Mono.defer(() -> controls.approvalPolicy().decide(request))
                    .timeout(timeout, ctx.settings().time().timer())
                    .switchIfEmpty(Mono.fromSupplier(() -> Decision.deny("the approval policy gave no decision")))
                    .onErrorResume(e -> Mono.just(
                            e instanceof TimeoutException
                                    ? Decision.deny(
                                            "no approval decision within " + human(timeout) + "; the call was denied")
                                    : Decision.deny("the approval policy failed: "
                                            + ctx.redactor().describe(e))))
                    .map(d -> checked(request, d))
                    .doOnNext(d -> ctx.emit(new SwarmEvent.ApprovalDecided(
                            ctx.origin(request.stage(), taskId, parentId), request.key(), d, false)));
        });
    }

    /** An edit must fit the call: a JSON object, or for a stage's batch an array of as many objects. */
    private static Decision checked(ApprovalRequest request, Decision d) {
        if (d.verdict() != Decision.Verdict.EDIT) {
            return d;
        }
        String arguments = d.arguments();
        JsonNode edited;
        try {
            edited = arguments == null ? null : JSON.readTree(arguments);
        } catch (JsonProcessingException e) {
            return Decision.deny(
                    "the edited arguments are not JSON (" + e.getOriginalMessage() + "); the call was denied");
        }
        if (request.kind() == ApprovalRequest.Kind.ASSIGN_STAGE) {
            int expected = size(request.arguments());
            if (edited == null || !edited.isArray() || edited.size() != expected) {
                return Decision.deny("the edited assignments must be a JSON array of " + expected
                        + " argument objects, one per assign_task call; the calls were denied");
            }
            for (JsonNode item : edited) {
                if (!item.isObject()) {
                    return Decision.deny("every edited assignment must be a JSON object; the calls were denied");
                }
            }
            return d;
        }
        if (edited == null || !edited.isObject()) {
            return Decision.deny("the edited arguments must be a JSON object; the call was denied");
        }
        return d;
    }

    private static int size(String array) {
        try {
            JsonNode n = JSON.readTree(array);
            return n == null ? 0 : n.size();
        } catch (JsonProcessingException e) {
            return 0;
        }
    }

    private static String human(Duration d) {
        return d.toString().substring(2).toLowerCase(java.util.Locale.ROOT);
    }
}

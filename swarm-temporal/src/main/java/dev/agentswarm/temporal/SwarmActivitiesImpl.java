package dev.agentswarm.temporal;

import dev.agentswarm.AgentSwarm;
import dev.agentswarm.model.SwarmModel;
import dev.agentswarm.security.Redactor;
import dev.agentswarm.temporal.workflow.Codec;
import dev.agentswarm.temporal.workflow.Failures;
import dev.agentswarm.temporal.workflow.Payloads;
import dev.agentswarm.temporal.workflow.SwarmActivities;
import dev.agentswarm.temporal.workflow.Version;
import dev.agentswarm.tool.AgentTool;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import io.temporal.failure.ApplicationFailure;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The activities of a worker: each call goes to the real model or tool of the swarm's definition, heartbeating while
 * it runs so that the loss of this worker is noticed within the heartbeat timeout. A failed call becomes a
 * non-retryable failure that carries its cause chain (see {@link Failures}); the swarm's own resilience decides
 * whether to retry it, exactly as in process.
 */
final class SwarmActivitiesImpl implements SwarmActivities {

    private final Map<String, SwarmDefinition> definitions;
    private final Map<String, Redactor> redactors = new HashMap<>();
    private final ScheduledExecutorService heartbeats;
    private final Duration heartbeatEvery;

    SwarmActivitiesImpl(
            Map<String, SwarmDefinition> definitions, ScheduledExecutorService heartbeats, Duration heartbeatTimeout) {
        this.definitions = definitions;
        this.heartbeats = heartbeats;
        this.heartbeatEvery =
                heartbeatTimeout.dividedBy(3).isZero() ? Duration.ofMillis(1) : heartbeatTimeout.dividedBy(3);
        definitions.forEach((name, d) -> {
            AgentSwarm.Builder b = AgentSwarm.builder();
            d.configure(b);
            redactors.put(
                    name, b.orchestratorModel(d.orchestratorModel()).build().redactor());
        });
    }

    @Override
    public String chat(String swarm, String role, String version, String request) {
        SwarmDefinition d = definition(swarm, version);
        SwarmModel subagent = d.subagentModel();
        SwarmModel model = WorkflowCalls.SUBAGENT.equals(role) && subagent != null ? subagent : d.orchestratorModel();
        Redactor redactor = redactors.get(swarm);
        return heartbeating(() -> {
            ChatResponse response;
            try {
                response = model.chat(Codec.decodeRequest(Payloads.unpack(request)))
                        .block();
            } catch (RuntimeException e) {
                throw Failures.toApplicationFailure(unwrap(e), redactorOf(redactor));
            }
            if (response == null) {
                throw ApplicationFailure.newNonRetryableFailure(
                        "model " + model.name() + " completed without a response", Failures.CALL_FAILED, "[]");
            }
            String encoded = Payloads.pack(Codec.encodeResponse(response));
            if (Payloads.bytes(encoded) > Payloads.MAX_PAYLOAD_BYTES) {
                throw Failures.toApplicationFailure(
                        new IllegalStateException("the response of model " + model.name() + " is "
                                + Payloads.bytes(encoded) + " bytes, over the payload cap of "
                                + Payloads.MAX_PAYLOAD_BYTES + " bytes"),
                        redactorOf(redactor));
            }
            return encoded;
        });
    }

    @Override
    public String tool(String swarm, String tool, String version, String id, String arguments) {
        SwarmDefinition d = definition(swarm, version);
        AgentTool found = d.tools().stream()
                .filter(t -> t.specification().name().equals(tool))
                .findFirst()
                .orElseGet(() -> d.orchestratorTools().stream()
                        .filter(t -> t.specification().name().equals(tool))
                        .findFirst()
                        .orElse(null));
        Redactor redactor = redactorOf(redactors.get(swarm));
        if (found == null) {
            throw ApplicationFailure.newNonRetryableFailure(
                    "tool '" + tool + "' is not in swarm '" + swarm + "' on this worker", Failures.CALL_FAILED, "[]");
        }
        ToolExecutionRequest request = ToolExecutionRequest.builder()
                .id(id)
                .name(tool)
                .arguments(arguments)
                .build();
        return heartbeating(() -> {
            String out;
            try {
                out = found.execute(request).block();
            } catch (RuntimeException e) {
                throw Failures.toApplicationFailure(unwrap(e), redactor);
            }
            String result = out == null ? "" : out;
            // A tool's output is cut to maxToolOutputChars by the run; here it is only kept under the payload cap.
            int max = Payloads.MAX_PAYLOAD_BYTES / 4;
            return result.length() > max ? result.substring(0, max) : result;
        });
    }

    private static Redactor redactorOf(@Nullable Redactor r) {
        return r == null ? Redactor.defaults() : r;
    }

    private static Throwable unwrap(RuntimeException e) {
        // Mono.block() wraps checked exceptions in a ReactiveException; the cause is the call's failure.
        Throwable c = reactor.core.Exceptions.unwrap(e);
        if (c.getClass().getName().equals("reactor.core.Exceptions$ReactiveException") && c.getCause() != null) {
            return c.getCause();
        }
        return c;
    }

    private SwarmDefinition definition(String swarm, String version) {
        if (!Version.CURRENT.equals(version)) {
            throw ApplicationFailure.newNonRetryableFailure(
                    "this worker runs agent-swarm " + Version.CURRENT + " but the run's workflow runs " + version
                            + "; run workers of one version on a task queue (see docs/temporal.md, versioning)",
                    Failures.VERSION_MISMATCH);
        }
        SwarmDefinition d = definitions.get(swarm);
        if (d == null) {
            throw ApplicationFailure.newNonRetryableFailure(
                    "no swarm named '" + swarm + "' is registered on this worker; registered: "
                            + new TreeSet<>(definitions.keySet()),
                    Failures.VERSION_MISMATCH);
        }
        return d;
    }

    private <T> T heartbeating(Supplier<T> call) {
        ActivityExecutionContext ctx = Activity.getExecutionContext();
        ScheduledFuture<?> beat = heartbeats.scheduleAtFixedRate(
                () -> {
                    try {
                        ctx.heartbeat(null);
                    } catch (RuntimeException e) {
                        // cancelled or timed out: the call's own outcome is reported, or dropped by Temporal
                    }
                },
                0,
                heartbeatEvery.toMillis() == 0 ? 1 : heartbeatEvery.toMillis(),
                TimeUnit.MILLISECONDS);
        try {
            return call.get();
        } finally {
            beat.cancel(false);
        }
    }
}

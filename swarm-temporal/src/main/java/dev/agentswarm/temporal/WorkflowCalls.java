package dev.agentswarm.temporal;

import dev.agentswarm.AgentSwarm;
import dev.agentswarm.model.SwarmModel;
import dev.agentswarm.temporal.workflow.ActivitySettings;
import dev.agentswarm.temporal.workflow.Codec;
import dev.agentswarm.temporal.workflow.Failures;
import dev.agentswarm.temporal.workflow.Payloads;
import dev.agentswarm.temporal.workflow.SwarmActivities;
import dev.agentswarm.temporal.workflow.Version;
import dev.agentswarm.tool.AgentTool;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.workflow.Async;
import io.temporal.workflow.CancellationScope;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import reactor.core.publisher.Mono;

/**
 * The model and tool proxies of a swarm in workflow code: every call is an activity, continued on the workflow's
 * main thread through the {@link WorkflowPump}. Shared by the run's workflow and its shards' child workflows, so that
 * both build the same swarm from a {@link SwarmDefinition}.
 */
final class WorkflowCalls {

    static final String ORCHESTRATOR = "orchestrator";
    static final String SUBAGENT = "subagent";

    private final WorkflowPump pump;
    private final String swarm;
    private final SwarmActivities models;
    private final SwarmActivities tools;

    WorkflowCalls(WorkflowPump pump, ActivitySettings settings, String swarm) {
        this.pump = pump;
        this.swarm = swarm;
        this.models = activities(settings, settings.modelCallTimeout());
        this.tools = activities(settings, settings.toolCallTimeout());
    }

    /**
     * A builder configured by the definition, with its tools as activity proxies, the pump as timer and a fixed run
     * id; the caller sets the models.
     */
    AgentSwarm.Builder builder(SwarmDefinition definition, String runId) {
        AgentSwarm.Builder b = AgentSwarm.builder();
        definition.configure(b);
        b.tools(proxies(definition.tools()));
        b.orchestratorTools(proxies(definition.orchestratorTools()));
        b.timer(pump).runIds(() -> runId);
        return b;
    }

    private static SwarmActivities activities(ActivitySettings settings, Duration timeout) {
        return Workflow.newActivityStub(
                SwarmActivities.class,
                ActivityOptions.newBuilder()
                        .setStartToCloseTimeout(timeout)
                        .setHeartbeatTimeout(settings.heartbeatTimeout())
                        .setRetryOptions(RetryOptions.newBuilder()
                                .setMaximumAttempts(settings.maxAttempts())
                                .setInitialInterval(Duration.ofMillis(100))
                                .setDoNotRetry(Failures.CALL_FAILED, Failures.VERSION_MISMATCH)
                                .build())
                        .build());
    }

    /**
     * @param role {@link #ORCHESTRATOR} or {@link #SUBAGENT}: which of the definition's models the activity calls
     * @param name the model's name
     * @return a model whose every call is the model activity
     */
    SwarmModel model(String role, String name) {
        return SwarmModel.of(name, request -> {
            String encoded = Payloads.pack(Codec.encodeRequest(request));
            if (Payloads.bytes(encoded) > Payloads.MAX_PAYLOAD_BYTES) {
                return Mono.error(new Failures.TemporalCallException("the " + role + " model request is "
                        + Payloads.bytes(encoded) + " bytes (compressed), over the " + Payloads.MAX_PAYLOAD_BYTES
                        + "-byte payload cap of an activity; lower maxToolOutputChars or resultTokenBudget, or use a"
                        + " context policy that drops old tool results"));
            }
            return this.<String>call(
                            () -> Async.function(models::chat, swarm, role, Version.CURRENT, encoded),
                            "model call (" + name + ")")
                    .map(response -> Codec.decodeResponse(Payloads.unpack(response)));
        });
    }

    private AgentTool[] proxies(List<AgentTool> real) {
        return real.stream()
                .map(t -> AgentTool.reactive(
                        t.specification(),
                        request -> call(
                                () -> Async.function(
                                        tools::tool,
                                        swarm,
                                        t.specification().name(),
                                        Version.CURRENT,
                                        request.id() == null ? "" : request.id(),
                                        request.arguments() == null ? "" : request.arguments()),
                                "tool call (" + t.specification().name() + ")")))
                .toArray(AgentTool[]::new);
    }

    /** An activity as a lazy Mono, continued on the main thread; cancelling it cancels the activity. */
    private <T> Mono<T> call(Supplier<Promise<T>> start, String what) {
        return Mono.create(sink -> {
            List<Promise<T>> promise = new ArrayList<>(1);
            CancellationScope scope = Workflow.newCancellationScope(() -> {
                promise.add(start.get());
            });
            scope.run();
            boolean[] done = new boolean[1];
            pump.onComplete(promise.get(0), (value, error) -> {
                done[0] = true;
                if (error != null) {
                    sink.error(Failures.fromActivity(error, what));
                } else if (value == null) {
                    sink.error(new Failures.TemporalCallException("the " + what + " activity returned nothing"));
                } else {
                    sink.success(value);
                }
            });
            sink.onCancel(() -> {
                if (!done[0]) {
                    scope.cancel();
                }
            });
        });
    }
}

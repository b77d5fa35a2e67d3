package dev.agentswarm.temporal;

import dev.agentswarm.AgentSwarm;
import dev.agentswarm.RunOptions;
import dev.agentswarm.SwarmRun;
import dev.agentswarm.model.SwarmModel;
import dev.agentswarm.report.RunStatus;
import dev.agentswarm.report.SwarmResult;
import dev.agentswarm.temporal.workflow.ActivitySettings;
import dev.agentswarm.temporal.workflow.Codec;
import dev.agentswarm.temporal.workflow.Failures;
import dev.agentswarm.temporal.workflow.Payloads;
import dev.agentswarm.temporal.workflow.ResultEnvelope;
import dev.agentswarm.temporal.workflow.SwarmActivities;
import dev.agentswarm.temporal.workflow.SwarmWorkflow;
import dev.agentswarm.temporal.workflow.Version;
import dev.agentswarm.tool.AgentTool;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.CancellationScope;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * A swarm run as workflow code: swarm-core's own orchestrator loop, stage scheduler and subagent loops run on the
 * workflow's main thread through a {@link WorkflowPump}, with models and tools replaced by proxies whose every call is
 * an activity, and with workflow time and timers. Core is deterministic given its inputs, so a replay on another
 * worker rebuilds the same state from the recorded activity results.
 */
final class SwarmWorkflowImpl implements SwarmWorkflow {

    static final String ORCHESTRATOR = "orchestrator";
    static final String SUBAGENT = "subagent";

    private final Map<String, SwarmDefinition> definitions;
    private final ActivitySettings settings;
    private final WorkflowPump pump = new WorkflowPump();
    private final List<String> events = new ArrayList<>();
    private final List<String> resultParts = new ArrayList<>();
    private @Nullable SwarmRun run;
    private @Nullable SwarmResult result;
    private @Nullable Throwable failure;
    private boolean cancelledFromTemporal;
    private boolean historyFull;

    SwarmWorkflowImpl(Map<String, SwarmDefinition> definitions, ActivitySettings settings) {
        this.definitions = definitions;
        this.settings = settings;
    }

    @Override
    public String run(String swarm, String task, String clientVersion) {
        if (!Version.CURRENT.equals(clientVersion)) {
            throw ApplicationFailure.newNonRetryableFailure(
                    "this worker runs agent-swarm " + Version.CURRENT + " but the run was started by a client of "
                            + clientVersion + "; run workers and clients of one version on a task queue (see"
                            + " docs/temporal.md, versioning)",
                    Failures.VERSION_MISMATCH);
        }
        SwarmDefinition definition = definitions.get(swarm);
        if (definition == null) {
            throw ApplicationFailure.newNonRetryableFailure(
                    "no swarm named '" + swarm + "' is registered on the workers of task queue "
                            + Workflow.getInfo().getTaskQueue() + "; registered: "
                            + new TreeSet<>(definitions.keySet()),
                    "AgentSwarmUnknownSwarm");
        }
        SwarmActivities models = activities(settings.modelCallTimeout());
        SwarmActivities tools = activities(settings.toolCallTimeout());
        AgentSwarm.Builder b = AgentSwarm.builder();
        definition.configure(b);
        SwarmModel orchestrator = definition.orchestratorModel();
        b.orchestratorModel(model(models, swarm, ORCHESTRATOR, orchestrator.name()));
        SwarmModel subagent = definition.subagentModel();
        if (subagent != null) {
            b.subagentModel(model(models, swarm, SUBAGENT, subagent.name()));
        }
        b.tools(proxies(tools, swarm, definition.tools()));
        b.orchestratorTools(proxies(tools, swarm, definition.orchestratorTools()));
        String runId = Workflow.getInfo().getWorkflowId();
        b.timer(pump).runIds(() -> runId);
        SwarmRun started = b.build().start(task, RunOptions.defaults().withListener(e -> events.add(Codec.write(e))));
        run = started;
        started.result().subscribe(r -> result = r, e -> failure = e);
        try {
            pump.runUntil(this::ended, () -> {}, () -> guardHistory(started));
        } catch (CanceledFailure e) {
            cancelledFromTemporal = true;
            started.cancel();
            Workflow.newDetachedCancellationScope(() -> pump.runUntil(this::ended, () -> {}, () -> {}))
                    .run();
        }
        if (failure != null) {
            throw ApplicationFailure.newNonRetryableFailure("the swarm run failed: " + failure, "AgentSwarmRunFailed");
        }
        SwarmResult r = result;
        if (r == null) {
            throw new IllegalStateException("the run ended without a result");
        }
        if (historyFull && r.status() == RunStatus.CANCELLED) {
            r = new SwarmResult(
                    r.runId(),
                    r.status(),
                    r.answer(),
                    "the workflow's history reached " + settings.historyGuard() + " events, near Temporal's limit"
                            + " of 51,200: the run was ended early, keeping every finished task. Split the work into"
                            + " smaller runs (see docs/temporal.md, long stages)",
                    r.subagents(),
                    r.report());
        } else if (cancelledFromTemporal && r.status() == RunStatus.CANCELLED) {
            r = new SwarmResult(
                    r.runId(),
                    r.status(),
                    r.answer(),
                    "the workflow was cancelled from Temporal's side (UI, CLI or API): " + r.reason(),
                    r.subagents(),
                    r.report());
        }
        String json = Codec.write(r);
        if (!cancelledFromTemporal && Payloads.bytes(json) <= Payloads.MAX_PAYLOAD_BYTES) {
            return Codec.write(new ResultEnvelope(json, 0));
        }
        // A workflow cancelled from Temporal's side closes as cancelled and returns nothing: its result stays
        // readable through the resultPart query, as a large result's does.
        int step = Payloads.MAX_PAYLOAD_BYTES / 4; // chars; a char is at most 4 bytes in UTF-8 (surrogates 2+2)
        for (int i = 0; i < json.length(); i += step) {
            int end = Math.min(json.length(), i + step);
            if (end < json.length() && Character.isHighSurrogate(json.charAt(end - 1))) {
                end--;
            }
            resultParts.add(json.substring(i, end));
            i = end - step;
        }
        return Codec.write(new ResultEnvelope(null, resultParts.size()));
    }

    /** Ends the run, once, when its history nears Temporal's limit: a terminated workflow would lose everything. */
    private void guardHistory(SwarmRun started) {
        if (!historyFull && Workflow.getInfo().getHistoryLength() >= settings.historyGuard()) {
            historyFull = true;
            started.cancel();
        }
    }

    private boolean ended() {
        return result != null || failure != null;
    }

    private SwarmActivities activities(java.time.Duration timeout) {
        return Workflow.newActivityStub(
                SwarmActivities.class,
                ActivityOptions.newBuilder()
                        .setStartToCloseTimeout(timeout)
                        .setHeartbeatTimeout(settings.heartbeatTimeout())
                        .setRetryOptions(RetryOptions.newBuilder()
                                .setMaximumAttempts(settings.maxAttempts())
                                .setInitialInterval(java.time.Duration.ofMillis(100))
                                .setDoNotRetry(Failures.CALL_FAILED, Failures.VERSION_MISMATCH)
                                .build())
                        .build());
    }

    private SwarmModel model(SwarmActivities stub, String swarm, String role, String name) {
        return SwarmModel.of(name, request -> {
            String encoded = Codec.encodeRequest(request);
            if (Payloads.bytes(encoded) > Payloads.MAX_PAYLOAD_BYTES) {
                return Mono.error(new Failures.TemporalCallException("the " + role + " model request is "
                        + Payloads.bytes(encoded) + " bytes, over the " + Payloads.MAX_PAYLOAD_BYTES
                        + "-byte payload cap of an activity; lower maxToolOutputChars or resultTokenBudget, or use a"
                        + " context policy that drops old tool results"));
            }
            return this.<String>call(
                            () -> Async.function(stub::chat, swarm, role, Version.CURRENT, encoded),
                            "model call (" + name + ")")
                    .map(Codec::decodeResponse);
        });
    }

    private AgentTool[] proxies(SwarmActivities stub, String swarm, List<AgentTool> real) {
        return real.stream()
                .map(t -> AgentTool.reactive(
                        t.specification(),
                        request -> call(
                                () -> Async.function(
                                        stub::tool,
                                        swarm,
                                        t.specification().name(),
                                        Version.CURRENT,
                                        request.id() == null ? "" : request.id(),
                                        request.arguments() == null ? "" : request.arguments()),
                                "tool call (" + t.specification().name() + ")")))
                .toArray(AgentTool[]::new);
    }

    /** An activity as a lazy Mono, continued on the main thread; cancelling it cancels the activity. */
    private <T> Mono<T> call(java.util.function.Supplier<Promise<T>> start, String what) {
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

    @Override
    public List<String> events(int from) {
        List<String> page = new ArrayList<>();
        int bytes = 0;
        for (int i = Math.max(0, from); i < events.size(); i++) {
            int size = Payloads.bytes(events.get(i));
            if (!page.isEmpty() && bytes + size > Payloads.PAGE_BYTES) {
                break;
            }
            page.add(events.get(i));
            bytes += size;
        }
        return page;
    }

    @Override
    public String resultPart(int index) {
        if (index < 0 || index >= resultParts.size()) {
            throw new IllegalArgumentException(
                    "result part " + index + " does not exist; the result has " + resultParts.size() + " parts");
        }
        return resultParts.get(index);
    }

    @Override
    public int resultParts() {
        return resultParts.size();
    }

    @Override
    public void cancelRun() {
        pump.submit(() -> {
            if (run != null) {
                run.cancel();
            }
        });
    }

    @Override
    public void cancelTask(String taskId) {
        pump.submit(() -> {
            if (run != null) {
                run.cancelTask(taskId);
            }
        });
    }
}

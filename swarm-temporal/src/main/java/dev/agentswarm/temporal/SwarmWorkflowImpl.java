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
import dev.agentswarm.temporal.workflow.ShardSettings;
import dev.agentswarm.temporal.workflow.SwarmWorkflow;
import dev.agentswarm.temporal.workflow.Version;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.workflow.Workflow;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * A swarm run as workflow code: swarm-core's own orchestrator loop, stage scheduler and subagent loops run on the
 * workflow's main thread through a {@link WorkflowPump}, with models and tools replaced by proxies whose every call is
 * an activity, and with workflow time and timers. Core is deterministic given its inputs, so a replay on another
 * worker rebuilds the same state from the recorded activity results.
 */
final class SwarmWorkflowImpl implements SwarmWorkflow {

    private final Map<String, SwarmDefinition> definitions;
    private final ActivitySettings settings;
    private final ShardSettings shards;
    private final Map<String, List<String>> shardPages = new HashMap<>();
    private final WorkflowPump pump = new WorkflowPump();
    private final List<String> events = new ArrayList<>();
    private final List<String> resultParts = new ArrayList<>();
    private @Nullable SwarmRun run;
    private @Nullable SwarmResult result;
    private @Nullable Throwable failure;
    private boolean cancelledFromTemporal;
    private boolean historyFull;

    SwarmWorkflowImpl(Map<String, SwarmDefinition> definitions, ActivitySettings settings, ShardSettings shards) {
        this.definitions = definitions;
        this.settings = settings;
        this.shards = shards;
    }

    @Override
    public String run(String swarm, String task, String clientVersion) {
        checkVersion(
                clientVersion,
                "the run was started by a client of " + clientVersion
                        + "; run workers and clients of one version on a task queue");
        SwarmDefinition definition = definitionOf(definitions, swarm);
        WorkflowCalls calls = new WorkflowCalls(pump, settings, swarm);
        String runId = Workflow.getInfo().getWorkflowId();
        AgentSwarm.Builder b = calls.builder(definition, runId);
        SwarmModel orchestrator = definition.orchestratorModel();
        b.orchestratorModel(calls.model(WorkflowCalls.ORCHESTRATOR, orchestrator.name()));
        SwarmModel subagent = definition.subagentModel();
        if (subagent != null) {
            b.subagentModel(calls.model(WorkflowCalls.SUBAGENT, subagent.name()));
        }
        ShardingRunner sharding = new ShardingRunner(e -> events.add(Codec.write(e)), pump, swarm, shards, shardPages);
        SwarmRun started = b.build().start(task, RunOptions.defaults().withListener(sharding));
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
    public void shardPage(String shard, int index, String page) {
        List<String> received = shardPages.computeIfAbsent(shard, k -> new ArrayList<>());
        if (index != received.size()) {
            throw new IllegalStateException(
                    "page " + index + " of shard " + shard + " arrived after " + received.size() + " pages");
        }
        received.add(page);
    }

    @Override
    public void cancelTask(String taskId) {
        pump.submit(() -> {
            if (run != null) {
                run.cancelTask(taskId);
            }
        });
    }

    /**
     * Refuses work started by another library version.
     *
     * @param version the version that started the work
     * @param startedBy who started it and what to do, for the message
     */
    static void checkVersion(String version, String startedBy) {
        if (!Version.CURRENT.equals(version)) {
            throw ApplicationFailure.newNonRetryableFailure(
                    "this worker runs agent-swarm " + Version.CURRENT + " but " + startedBy
                            + " (see docs/temporal.md, versioning)",
                    Failures.VERSION_MISMATCH);
        }
    }

    /**
     * @param definitions the swarms registered on this worker
     * @param swarm a swarm's name
     * @return its definition
     * @throws ApplicationFailure (non-retryable) naming the task queue and the registered swarms, when it is unknown
     */
    static SwarmDefinition definitionOf(Map<String, SwarmDefinition> definitions, String swarm) {
        SwarmDefinition definition = definitions.get(swarm);
        if (definition == null) {
            throw ApplicationFailure.newNonRetryableFailure(
                    "no swarm named '" + swarm + "' is registered on the workers of task queue "
                            + Workflow.getInfo().getTaskQueue() + "; registered: "
                            + new TreeSet<>(definitions.keySet()),
                    "AgentSwarmUnknownSwarm");
        }
        return definition;
    }
}

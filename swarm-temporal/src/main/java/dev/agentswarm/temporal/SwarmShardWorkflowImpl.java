package dev.agentswarm.temporal;

import dev.agentswarm.AgentSwarm;
import dev.agentswarm.RunOptions;
import dev.agentswarm.SwarmRun;
import dev.agentswarm.event.SwarmEvent;
import dev.agentswarm.event.SwarmEventListener;
import dev.agentswarm.internal.run.RunContext;
import dev.agentswarm.internal.run.SwarmSettings;
import dev.agentswarm.internal.subagent.SubagentTaskRunner;
import dev.agentswarm.internal.subagent.TaskId;
import dev.agentswarm.internal.subagent.TaskRunner;
import dev.agentswarm.internal.subagent.TaskSpec;
import dev.agentswarm.model.SwarmModel;
import dev.agentswarm.report.TaskResult;
import dev.agentswarm.temporal.workflow.ActivitySettings;
import dev.agentswarm.temporal.workflow.Codec;
import dev.agentswarm.temporal.workflow.Payloads;
import dev.agentswarm.temporal.workflow.SwarmShardWorkflow;
import dev.agentswarm.temporal.workflow.SwarmWorkflow;
import io.temporal.workflow.Workflow;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * A shard of a large stage as a child workflow: swarm-core's own {@link SubagentTaskRunner} runs the shard's tasks on
 * the workflow's main thread through a {@link WorkflowPump}, with the swarm's settings assembled from the same
 * {@link SwarmDefinition} as the run's (models and tools as activity proxies, the pump as timer and clock). Every task
 * of the shard runs at once: the run handed over no more tasks than its concurrency bound lets run. The tasks'
 * results and events go back to the run in pages, by signal, then the shard returns a summary.
 */
final class SwarmShardWorkflowImpl implements SwarmShardWorkflow {

    private final Map<String, SwarmDefinition> definitions;
    private final ActivitySettings settings;
    private final WorkflowPump pump = new WorkflowPump();
    private final Map<String, List<String>> eventsByTask = new HashMap<>();
    private @Nullable RunContext ctx;

    SwarmShardWorkflowImpl(Map<String, SwarmDefinition> definitions, ActivitySettings settings) {
        this.definitions = definitions;
        this.settings = settings;
    }

    @Override
    public String run(String swarm, String version, String shard) {
        SwarmWorkflowImpl.checkVersion(
                version,
                "the shard was started by a run of " + version + "; run workers of one version on a task queue");
        SwarmDefinition definition = SwarmWorkflowImpl.definitionOf(definitions, swarm);
        ShardMessages.Input input = Codec.read(Payloads.unpack(shard), ShardMessages.Input.class);
        RunContext run = new RunContext(input.runId(), settingsOf(definition, swarm, input.runId()), List.of(e -> {
            String taskId = e.taskId();
            if (taskId != null) {
                eventsByTask.computeIfAbsent(taskId, k -> new ArrayList<>()).add(Codec.write(e));
            }
        }));
        ctx = run;
        TaskRunner runner = TaskRunner.of(
                run, new SubagentTaskRunner(run, run.settings().agents().subagentModel()));
        List<TaskSpec> specs = new ArrayList<>();
        for (ShardMessages.Task t : input.tasks()) {
            TaskSpec spec = new TaskSpec(new TaskId(t.stage(), t.index()), t.agent(), t.prompt());
            specs.add(spec);
            run.cancellations().register(spec.taskId());
            String cancelled = t.cancelled();
            if (cancelled != null) {
                run.cancellations().cancel(spec.taskId(), cancelled);
            }
        }
        TaskResult[] results = new TaskResult[specs.size()];
        int[] done = {0};
        for (int i = 0; i < specs.size(); i++) {
            int slot = i;
            runner.run(specs.get(i), r -> {}).subscribe(r -> {
                results[slot] = r;
                done[0]++;
            });
        }
        pump.runUntil(() -> done[0] == results.length, () -> {}, () -> {});
        List<ShardMessages.Outcome> outcomes = new ArrayList<>(results.length);
        for (TaskResult r : results) {
            outcomes.add(new ShardMessages.Outcome(
                    r.taskId(), Codec.write(r), eventsByTask.getOrDefault(r.taskId(), List.of())));
        }
        List<String> pages = pages(outcomes);
        String parent = Workflow.getInfo()
                .getParentWorkflowId()
                .orElseThrow(() -> new IllegalStateException("a shard runs as a child of its run"));
        SwarmWorkflow stub = Workflow.newExternalWorkflowStub(SwarmWorkflow.class, parent);
        String id = Workflow.getInfo().getWorkflowId();
        for (int i = 0; i < pages.size(); i++) {
            stub.shardPage(id, i, pages.get(i));
        }
        return Codec.write(new ShardMessages.Summary(pages.size(), run.limitsHit()));
    }

    /** The outcomes in pages of at most about {@link Payloads#PAGE_BYTES}, in order. */
    static List<String> pages(List<ShardMessages.Outcome> outcomes) {
        List<String> pages = new ArrayList<>();
        List<ShardMessages.Outcome> page = new ArrayList<>();
        int bytes = 0;
        for (ShardMessages.Outcome o : outcomes) {
            int size = Payloads.bytes(Codec.write(o));
            if (!page.isEmpty() && bytes + size > Payloads.PAGE_BYTES) {
                pages.add(Payloads.pack(Codec.write(new ShardMessages.Page(page))));
                page = new ArrayList<>();
                bytes = 0;
            }
            page.add(o);
            bytes += size;
        }
        if (!page.isEmpty()) {
            pages.add(Payloads.pack(Codec.write(new ShardMessages.Page(page))));
        }
        return pages;
    }

    /**
     * The swarm's settings as core assembles them from the definition, with the subagent model's calls as activities.
     * Only core's assembly reads a builder, so a run is started to read them, and cancelled at once: its orchestrator
     * model never answers and no task of it runs.
     */
    private SwarmSettings settingsOf(SwarmDefinition definition, String swarm, String runId) {
        WorkflowCalls calls = new WorkflowCalls(pump, settings, swarm);
        AgentSwarm.Builder b = calls.builder(definition, runId);
        SwarmModel orchestrator = definition.orchestratorModel();
        SwarmModel subagent = definition.subagentModel();
        b.orchestratorModel(SwarmModel.of(orchestrator.name(), request -> Mono.never()));
        b.subagentModel(
                subagent == null
                        ? calls.model(WorkflowCalls.ORCHESTRATOR, orchestrator.name())
                        : calls.model(WorkflowCalls.SUBAGENT, subagent.name()));
        SettingsProbe probe = new SettingsProbe();
        SwarmRun probing =
                b.build().start("shard settings", RunOptions.defaults().withListener(probe));
        probing.cancel();
        return Objects.requireNonNull(probe.settings, "the probe run's settings");
    }

    @Override
    public void cancelTask(String taskId, String reason) {
        pump.submit(() -> {
            RunContext run = ctx;
            if (run != null) {
                run.cancellations().cancel(taskId, reason);
            }
        });
    }

    /** Reads a run's settings when core builds its task runner; ignores its events. */
    private static final class SettingsProbe implements SwarmEventListener, TaskRunner.Decorator {
        @Nullable
        SwarmSettings settings;

        @Override
        public TaskRunner decorate(RunContext ctx, TaskRunner runner) {
            settings = ctx.settings();
            return runner;
        }

        @Override
        public void onEvent(SwarmEvent event) {}
    }
}

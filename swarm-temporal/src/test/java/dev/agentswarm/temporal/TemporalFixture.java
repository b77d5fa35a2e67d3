package dev.agentswarm.temporal;

import dev.agentswarm.AgentSwarm;
import dev.agentswarm.RunOptions;
import dev.agentswarm.event.SwarmEvent;
import dev.agentswarm.event.SwarmEvents;
import dev.agentswarm.report.SwarmResult;
import dev.agentswarm.temporal.workflow.ActivitySettings;
import dev.agentswarm.temporal.workflow.ShardSettings;
import io.temporal.client.WorkflowClient;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactoryOptions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

/** Runs one swarm definition in process and on Temporal's in-process test server, in virtual time. */
final class TemporalFixture {

    static final String QUEUE = "swarms";

    private TemporalFixture() {}

    /**
     * What one run produced.
     *
     * @param result its result
     * @param events its events
     * @param shards the child workflows (shards) its workflow started; 0 in process
     * @param historyLength the length of its workflow's history; 0 in process
     */
    record Outcome(SwarmResult result, List<SwarmEvent> events, int shards, long historyLength) {
        Outcome(SwarmResult result, List<SwarmEvent> events) {
            this(result, events, 0, 0);
        }
    }

    static Outcome inProcess(SwarmDefinition d, String task, String runId) {
        AgentSwarm.Builder b = AgentSwarm.builder();
        d.configure(b);
        b.orchestratorModel(d.orchestratorModel());
        if (d.subagentModel() != null) {
            b.subagentModel(d.subagentModel());
        }
        b.tools(d.tools().toArray(dev.agentswarm.tool.AgentTool[]::new));
        b.orchestratorTools(d.orchestratorTools().toArray(dev.agentswarm.tool.AgentTool[]::new));
        b.runIds(() -> runId);
        List<SwarmEvent> events = Collections.synchronizedList(new ArrayList<>());
        SwarmResult r = b.build().run(task, RunOptions.defaults().withListener(events::add));
        return new Outcome(r, List.copyOf(events));
    }

    static Outcome onTemporal(Supplier<SwarmDefinition> d, String task, String runId) {
        return onTemporal(d, task, runId, ActivitySettings.DEFAULTS);
    }

    static Outcome onTemporal(Supplier<SwarmDefinition> d, String task, String runId, ActivitySettings settings) {
        return onTemporal(d, task, runId, settings, ShardSettings.DEFAULTS);
    }

    static Outcome onTemporal(
            Supplier<SwarmDefinition> d, String task, String runId, ActivitySettings settings, ShardSettings shards) {
        // No workflow cache: every workflow task replays the run from its history, so any non-determinism fails here.
        try (TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance(TestEnvironmentOptions.newBuilder()
                .setWorkerFactoryOptions(WorkerFactoryOptions.newBuilder()
                        .setWorkflowCacheSize(0)
                        .build())
                .build())) {
            Worker worker = env.newWorker(QUEUE);
            TemporalSwarmWorkers.register(worker, Map.of("s", d.get()), settings, shards);
            env.start();
            WorkflowClient client = env.getWorkflowClient();
            TemporalSwarmRun run = TemporalSwarm.of(client, QUEUE, "s").start(task, runId);
            SwarmResult r = run.result();
            List<io.temporal.api.history.v1.HistoryEvent> history =
                    client.fetchHistory(runId).getHistory().getEventsList();
            int children = (int) history.stream()
                    .filter(
                            io.temporal.api.history.v1.HistoryEvent
                                    ::hasStartChildWorkflowExecutionInitiatedEventAttributes)
                    .count();
            return new Outcome(r, run.eventsSoFar(), children, history.size());
        }
    }

    /** The result without its times: start instants and durations. */
    static String normalized(SwarmResult r) {
        return strip(SwarmEvents.mapper().valueToTree(r)).toString();
    }

    /**
     * Events without their times, in a canonical order: the events of the run and its stages as emitted, then each
     * task's own events as emitted, by task id. Tasks of one stage run concurrently, so how their events interleave is
     * a matter of timing in both runtimes; each task's sequence and the run's are not.
     */
    static Map<String, List<String>> canonical(List<SwarmEvent> events) {
        Map<String, List<String>> byOrigin = new TreeMap<>();
        for (SwarmEvent e : events) {
            String key = e.taskId() == null ? "run" : e.taskId();
            byOrigin.computeIfAbsent(key, k -> new ArrayList<>())
                    .add(strip(SwarmEvents.mapper().valueToTree(e)).toString());
        }
        return byOrigin;
    }

    private static com.fasterxml.jackson.databind.JsonNode strip(com.fasterxml.jackson.databind.JsonNode n) {
        if (n instanceof com.fasterxml.jackson.databind.node.ObjectNode o) {
            o.remove(List.of("at", "startedAt", "duration", "wallTime", "latencyMillis", "durationMillis"));
            o.forEach(TemporalFixture::strip);
        } else if (n.isArray()) {
            n.forEach(TemporalFixture::strip);
        }
        return n;
    }
}

package dev.agentswarm.temporal;

import dev.agentswarm.temporal.workflow.ActivitySettings;
import dev.agentswarm.temporal.workflow.ShardSettings;
import dev.agentswarm.temporal.workflow.SwarmShardWorkflow;
import dev.agentswarm.temporal.workflow.SwarmWorkflow;
import io.temporal.worker.Worker;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * Registers swarms on a Temporal {@link Worker}: the run workflow and the model and tool activities. Every worker of
 * a task queue registers the same swarms under the same names, with the same library version.
 *
 * <pre>{@code
 * Worker worker = factory.newWorker("swarms");
 * TemporalSwarmWorkers.register(worker, Map.of("research", definition), ActivitySettings.DEFAULTS);
 * factory.start();
 * }</pre>
 */
public final class TemporalSwarmWorkers {

    private TemporalSwarmWorkers() {}

    /**
     * Registers swarms with the default activity settings.
     *
     * @param worker a worker of the task queue clients start runs on
     * @param swarms the swarms by name
     */
    public static void register(Worker worker, Map<String, SwarmDefinition> swarms) {
        register(worker, swarms, ActivitySettings.DEFAULTS);
    }

    /**
     * Registers swarms.
     *
     * @param worker a worker of the task queue clients start runs on
     * @param swarms the swarms by name
     * @param settings the timeouts, heartbeats and attempts of the runs' activities
     */
    public static void register(Worker worker, Map<String, SwarmDefinition> swarms, ActivitySettings settings) {
        register(worker, swarms, settings, ShardSettings.DEFAULTS);
    }

    /**
     * Registers swarms, with how their large stages are split into child workflows (see {@link ShardSettings}).
     *
     * @param worker a worker of the task queue clients start runs on
     * @param swarms the swarms by name
     * @param settings the timeouts, heartbeats and attempts of the runs' activities
     * @param shards how a stage's tasks are split between the run's workflow and child workflows; every workflow worker
     *     of a task queue must use the same
     */
    public static void register(
            Worker worker, Map<String, SwarmDefinition> swarms, ActivitySettings settings, ShardSettings shards) {
        Map<String, SwarmDefinition> copy = checked(worker, swarms, settings);
        Objects.requireNonNull(shards, "shards");
        worker.registerWorkflowImplementationFactory(
                SwarmWorkflow.class, () -> new SwarmWorkflowImpl(copy, settings, shards));
        worker.registerWorkflowImplementationFactory(
                SwarmShardWorkflow.class, () -> new SwarmShardWorkflowImpl(copy, settings));
        worker.registerActivitiesImplementations(activities(copy, settings));
    }

    /**
     * Registers only the model and tool activities of swarms, not the run workflow: such a worker makes the runs'
     * calls and never replays a run. Use it to scale the calls (the slow, costly part) apart from the workflow
     * workers, or to keep a pool of call workers that may be stopped or lost at any time: a call lost with its worker
     * is given to another after the heartbeat timeout. At least one worker of the task queue must {@link #register}
     * the swarms in full.
     *
     * @param worker a worker of the task queue clients start runs on
     * @param swarms the swarms by name, the same as the workflow workers'
     * @param settings the heartbeat timeout of the activities, the same as the workflow workers'
     */
    public static void registerActivities(
            Worker worker, Map<String, SwarmDefinition> swarms, ActivitySettings settings) {
        worker.registerActivitiesImplementations(activities(checked(worker, swarms, settings), settings));
    }

    private static Map<String, SwarmDefinition> checked(
            Worker worker, Map<String, SwarmDefinition> swarms, ActivitySettings settings) {
        Objects.requireNonNull(worker, "worker");
        Objects.requireNonNull(settings, "settings");
        if (swarms.isEmpty()) {
            throw new IllegalArgumentException("register at least one swarm definition");
        }
        return Map.copyOf(new LinkedHashMap<>(swarms));
    }

    private static SwarmActivitiesImpl activities(Map<String, SwarmDefinition> swarms, ActivitySettings settings) {
        ScheduledExecutorService heartbeats = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "agent-swarm-heartbeats");
            t.setDaemon(true);
            return t;
        });
        return new SwarmActivitiesImpl(swarms, heartbeats, settings.heartbeatTimeout());
    }
}

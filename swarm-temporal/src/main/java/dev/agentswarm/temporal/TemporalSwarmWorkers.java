package dev.agentswarm.temporal;

import dev.agentswarm.temporal.workflow.ActivitySettings;
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
        Objects.requireNonNull(worker, "worker");
        Objects.requireNonNull(settings, "settings");
        if (swarms.isEmpty()) {
            throw new IllegalArgumentException("register at least one swarm definition");
        }
        Map<String, SwarmDefinition> copy = Map.copyOf(new LinkedHashMap<>(swarms));
        worker.registerWorkflowImplementationFactory(SwarmWorkflow.class, () -> new SwarmWorkflowImpl(copy, settings));
        ScheduledExecutorService heartbeats = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "agent-swarm-heartbeats");
            t.setDaemon(true);
            return t;
        });
        worker.registerActivitiesImplementations(
                new SwarmActivitiesImpl(copy, heartbeats, settings.heartbeatTimeout()));
    }
}

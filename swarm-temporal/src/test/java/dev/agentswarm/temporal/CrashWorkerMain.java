package dev.agentswarm.temporal;

import dev.agentswarm.temporal.workflow.ActivitySettings;
import io.temporal.client.WorkflowClient;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import io.temporal.worker.WorkerFactoryOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * A worker process for {@link TemporalWorkerCrashTest}: args are the service's address, the task queue, the call log
 * of this worker, the model latency in milliseconds, the number of tasks, and {@code full} (the workflow and the
 * activities) or {@code calls} (the activities only).
 */
final class CrashWorkerMain {

    private CrashWorkerMain() {}

    public static void main(String[] args) throws InterruptedException {
        WorkflowServiceStubs service = WorkflowServiceStubs.newServiceStubs(
                WorkflowServiceStubsOptions.newBuilder().setTarget(args[0]).build());
        WorkflowClient client = WorkflowClient.newInstance(service);
        // No workflow cache: every workflow task replays the run from its history, so the run's many replays check that
        // the workflow code is deterministic. (The cache also meets a limit of Temporal's test server, which does not
        // move a workflow task off the sticky queue of a lost worker; a real service does, after WorkerOptions'
        // stickyQueueScheduleToStartTimeout.)
        WorkerFactory factory = WorkerFactory.newInstance(
                client,
                WorkerFactoryOptions.newBuilder().setWorkflowCacheSize(0).build());
        Worker worker = factory.newWorker(args[1]);
        Map<String, SwarmDefinition> swarms = Map.of(
                "counting",
                new CountingSwarm(
                        Integer.parseInt(args[4]), Duration.ofMillis(Long.parseLong(args[3])), Path.of(args[2]), 8));
        ActivitySettings settings =
                new ActivitySettings(Duration.ofSeconds(30), Duration.ofSeconds(30), Duration.ofSeconds(1), 5);
        if ("calls".equals(args[5])) {
            TemporalSwarmWorkers.registerActivities(worker, swarms, settings);
        } else {
            TemporalSwarmWorkers.register(worker, swarms, settings);
        }
        factory.start();
        new CountDownLatch(1).await(); // until killed
    }
}

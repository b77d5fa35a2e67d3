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
 * of this worker, the model latency in milliseconds and the number of tasks.
 */
final class CrashWorkerMain {

    private CrashWorkerMain() {}

    public static void main(String[] args) throws InterruptedException {
        WorkflowServiceStubs service = WorkflowServiceStubs.newServiceStubs(
                WorkflowServiceStubsOptions.newBuilder().setTarget(args[0]).build());
        WorkflowClient client = WorkflowClient.newInstance(service);
        // No sticky workflow cache: Temporal's test server does not move a workflow task off the sticky queue of a
        // lost worker (a real cluster does, after WorkerOptions' stickyQueueScheduleToStartTimeout), so every workflow
        // task goes to the shared queue and whichever worker takes it replays the run from its history.
        WorkerFactory factory = WorkerFactory.newInstance(
                client,
                WorkerFactoryOptions.newBuilder().setWorkflowCacheSize(0).build());
        Worker worker = factory.newWorker(args[1]);
        TemporalSwarmWorkers.register(
                worker,
                Map.of(
                        "counting",
                        new CountingSwarm(
                                Integer.parseInt(args[4]),
                                Duration.ofMillis(Long.parseLong(args[3])),
                                Path.of(args[2]),
                                8)),
                new ActivitySettings(Duration.ofSeconds(30), Duration.ofSeconds(30), Duration.ofSeconds(1), 5));
        factory.start();
        new CountDownLatch(1).await(); // until killed
    }
}

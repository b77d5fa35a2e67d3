package dev.agentswarm.temporal;

import dev.agentswarm.report.SwarmResult;
import dev.agentswarm.temporal.workflow.SwarmWorkflow;
import dev.agentswarm.temporal.workflow.Version;
import io.grpc.StatusRuntimeException;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowServiceException;
import io.temporal.client.WorkflowStub;
import java.time.Duration;
import java.util.Objects;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * The client side of a swarm on Temporal: starts runs of a swarm registered on the workers of a task queue, each as
 * one workflow, and follows them. The run's id is its workflow id.
 *
 * <pre>{@code
 * TemporalSwarm swarm = TemporalSwarm.of(WorkflowClient.newInstance(service), "swarms", "research");
 * SwarmResult result = swarm.run("For each of these 20 libraries, find its licence.");
 * }</pre>
 */
public final class TemporalSwarm {

    private final WorkflowClient client;
    private final String taskQueue;
    private final String swarm;
    private final Duration pollInterval;

    private TemporalSwarm(WorkflowClient client, String taskQueue, String swarm, Duration pollInterval) {
        this.client = client;
        this.taskQueue = taskQueue;
        this.swarm = swarm;
        this.pollInterval = pollInterval;
    }

    /**
     * @param client a client of the namespace the workers poll
     * @param taskQueue the workers' task queue
     * @param swarm the name the swarm is registered under on the workers
     * @return the client of that swarm
     */
    public static TemporalSwarm of(WorkflowClient client, String taskQueue, String swarm) {
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(taskQueue, "taskQueue");
        Objects.requireNonNull(swarm, "swarm");
        return new TemporalSwarm(client, taskQueue, swarm, Duration.ofMillis(500));
    }

    /**
     * @param interval how often {@link TemporalSwarmRun#events()} asks the workflow for new events
     * @return a copy with that interval
     */
    public TemporalSwarm withEventPollInterval(Duration interval) {
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("the poll interval must be positive, was " + interval);
        }
        return new TemporalSwarm(client, taskQueue, swarm, interval);
    }

    /**
     * Runs a task and waits for its result.
     *
     * @param task the task
     * @return the run's result
     * @throws TemporalSwarmException if the service cannot be reached or the workflow fails without a result
     */
    public SwarmResult run(String task) {
        return start(task).result();
    }

    /**
     * Starts a run under a fresh workflow id.
     *
     * @param task the task
     * @return the run
     * @throws TemporalSwarmException if the service cannot be reached
     */
    public TemporalSwarmRun start(String task) {
        return start(task, "agent-swarm-" + UUID.randomUUID());
    }

    /**
     * Starts a run under a given workflow id, which is also the run's id.
     *
     * @param task the task
     * @param runId the workflow id; a second run with a running run's id is rejected
     * @return the run
     * @throws TemporalSwarmException if the service cannot be reached or the id is taken
     */
    public TemporalSwarmRun start(String task, String runId) {
        return start(task, runId, Version.CURRENT);
    }

    TemporalSwarmRun start(String task, String runId, String clientVersion) {
        Objects.requireNonNull(task, "task");
        Objects.requireNonNull(runId, "runId");
        WorkflowStub stub = client.newUntypedWorkflowStub(
                "AgentSwarmRun",
                WorkflowOptions.newBuilder()
                        .setTaskQueue(taskQueue)
                        .setWorkflowId(runId)
                        .setWorkflowIdReusePolicy(
                                WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE_FAILED_ONLY)
                        .build());
        try {
            stub.start(swarm, task, clientVersion);
        } catch (io.temporal.client.WorkflowExecutionAlreadyStarted e) {
            throw new TemporalSwarmException(
                    "cannot start run " + runId + ": a workflow with this id already exists; use another run id", e);
        } catch (StatusRuntimeException | WorkflowServiceException e) {
            StatusRuntimeException status = statusOf(e);
            if (status == null) {
                throw e;
            }
            throw new TemporalSwarmException(
                    "cannot start run " + runId + ": the Temporal service at "
                            + client.getWorkflowServiceStubs().getOptions().getTarget() + " (namespace "
                            + client.getOptions().getNamespace() + ") did not answer ("
                            + status.getStatus().getCode()
                            + "). Check the address, that the service runs, and the connection's TLS settings.",
                    e);
        }
        SwarmWorkflow typed = client.newWorkflowStub(SwarmWorkflow.class, runId);
        return new TemporalSwarmRun(runId, stub, typed, pollInterval);
    }

    private static @Nullable StatusRuntimeException statusOf(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof StatusRuntimeException s) {
                return s;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return null;
    }

    /**
     * Follows a run started earlier, e.g. by another process.
     *
     * @param runId the run's workflow id
     * @return the run
     */
    public TemporalSwarmRun attach(String runId) {
        WorkflowStub stub = client.newUntypedWorkflowStub(runId);
        return new TemporalSwarmRun(runId, stub, client.newWorkflowStub(SwarmWorkflow.class, runId), pollInterval);
    }
}

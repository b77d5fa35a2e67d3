package dev.agentswarm.temporal.workflow;

import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.util.List;

/** One swarm run as a Temporal workflow: the orchestrator's loop and every subagent's tool loop. */
@WorkflowInterface
public interface SwarmWorkflow {

    /**
     * Runs a swarm.
     *
     * @param swarm the name the swarm's definition is registered under on the workers
     * @param task the run's task
     * @param clientVersion the library version of the client; a worker of another version refuses the run
     * @return the result envelope (see {@link ResultEnvelope})
     */
    @WorkflowMethod(name = "AgentSwarmRun")
    String run(String swarm, String task, String clientVersion);

    /**
     * @param from the index of the first event wanted
     * @return the run's events from that index, as JSON, at most about {@link Payloads#PAGE_BYTES} of them
     */
    @QueryMethod(name = "events")
    List<String> events(int from);

    /**
     * @param index a part of a result too large for one payload
     * @return that part of its JSON
     */
    @QueryMethod(name = "resultPart")
    String resultPart(int index);

    /**
     * @return how many parts the {@code resultPart} query serves: those of a result too large for one payload, or of
     *     the result of a run cancelled from Temporal's side (whose workflow closes as cancelled, without a result)
     */
    @QueryMethod(name = "resultParts")
    int resultParts();

    /** Cancels the run: it ends CANCELLED with every finished task kept, as {@code SwarmRun.cancel()}. */
    @SignalMethod(name = "cancelRun")
    void cancelRun();

    /**
     * Cancels one task, as {@code SwarmRun.cancelTask}.
     *
     * @param taskId the task's id, such as {@code s0-t3}
     */
    @SignalMethod(name = "cancelTask")
    void cancelTask(String taskId);

    /**
     * A page of a shard's outcomes, signalled by the shard's child workflow before it completes (see
     * {@link SwarmShardWorkflow}).
     *
     * @param shard the shard's workflow id
     * @param index the page's index, from 0
     * @param page the page (JSON), at most about {@link Payloads#PAGE_BYTES}
     */
    @SignalMethod(name = "shardPage")
    void shardPage(String shard, int index, String page);
}

package dev.agentswarm.temporal.workflow;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/** The calls a swarm run makes outside its workflow: model calls and ordinary tool calls. */
@ActivityInterface
public interface SwarmActivities {

    /**
     * One model call.
     *
     * @param swarm the swarm's registered name
     * @param role {@code orchestrator} or {@code subagent}: which of the definition's models
     * @param version the library version of the workflow that asks
     * @param request the request, as {@link Codec#encodeRequest} wrote it
     * @return the response, as {@link Codec#encodeResponse} writes it
     */
    @ActivityMethod(name = "AgentSwarmModelCall")
    String chat(String swarm, String role, String version, String request);

    /**
     * One ordinary tool call.
     *
     * @param swarm the swarm's registered name
     * @param tool the tool's name
     * @param version the library version of the workflow that asks
     * @param id the tool call's id
     * @param arguments the call's JSON arguments
     * @return the tool's output
     */
    @ActivityMethod(name = "AgentSwarmToolCall")
    String tool(String swarm, String tool, String version, String id, String arguments);
}

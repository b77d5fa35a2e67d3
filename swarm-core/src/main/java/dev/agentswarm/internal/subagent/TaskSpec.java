package dev.agentswarm.internal.subagent;

import dev.agentswarm.subagent.SubagentDefinition;

/**
 * One task accepted for dispatch.
 *
 * @param taskId the task id, {@code s<stage>-t<index>}
 * @param stage the stage index
 * @param index the task's position among the stage's tasks
 * @param agent the subagent definition
 * @param prompt the task prompt
 */
public record TaskSpec(String taskId, int stage, int index, SubagentDefinition agent, String prompt) {

    /** @return the id of the stage this task belongs to */
    public String stageId() {
        return "s" + stage;
    }
}

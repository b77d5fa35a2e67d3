package dev.agentswarm.internal.subagent;

import dev.agentswarm.subagent.SubagentDefinition;
import dev.langchain4j.data.message.ImageContent;
import java.util.List;
import java.util.Objects;

/**
 * One task accepted for dispatch.
 *
 * @param id the task's id: its stage and its position among the stage's tasks
 * @param agent the subagent definition
 * @param prompt the task prompt
 * @param attachments the ids of the user's images the task names, in order
 * @param images those images, in the same order
 */
public record TaskSpec(
        TaskId id, SubagentDefinition agent, String prompt, List<String> attachments, List<ImageContent> images) {

    /**
     * Checks for nulls.
     *
     * @param id the task's id
     * @param agent the subagent definition
     * @param prompt the task prompt
     * @param attachments the ids of the images the task names
     * @param images those images
     */
    public TaskSpec {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(agent, "agent");
        Objects.requireNonNull(prompt, "prompt");
        attachments = List.copyOf(attachments);
        images = List.copyOf(images);
    }

    /**
     * A task without images.
     *
     * @param id the task's id
     * @param agent the subagent definition
     * @param prompt the task prompt
     */
    public TaskSpec(TaskId id, SubagentDefinition agent, String prompt) {
        this(id, agent, prompt, List.of(), List.of());
    }

    /** @return the task id's string form, {@code s<stage>-t<index>} */
    public String taskId() {
        return id.toString();
    }

    /** @return the stage index */
    public int stage() {
        return id.stage();
    }

    /** @return the task's position among the stage's tasks */
    public int index() {
        return id.index();
    }

    /** @return the id of the stage this task belongs to */
    public String stageId() {
        return id.stageId();
    }
}

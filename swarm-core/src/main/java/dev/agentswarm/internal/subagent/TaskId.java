package dev.agentswarm.internal.subagent;

/**
 * The id of a task: its stage and its position among the stage's tasks, in call order. Its string form,
 * {@code s<stage>-t<index>}, is what events, journals and {@code SwarmRun.cancelTask} use; it is never parsed back.
 *
 * @param stage the stage index, from 0
 * @param index the task's position among the stage's tasks, from 0
 */
public record TaskId(int stage, int index) {

    /**
     * Checks the numbers.
     *
     * @param stage the stage index, from 0
     * @param index the task's position, from 0
     */
    public TaskId {
        if (stage < 0 || index < 0) {
            throw new IllegalArgumentException(
                    "a task id needs a stage and an index >= 0, got " + stage + ", " + index);
        }
    }

    /** @return the id of the stage this task belongs to, {@code s<stage>} */
    public String stageId() {
        return "s" + stage;
    }

    /** @return {@code s<stage>-t<index>} */
    @Override
    public String toString() {
        return "s" + stage + "-t" + index;
    }
}

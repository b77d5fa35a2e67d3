package dev.agentswarm.internal.subagent;

import org.jspecify.annotations.Nullable;

/**
 * The id of a task: its stage and its position among the stage's tasks, in call order. Its string form,
 * {@code s<stage>-t<index>}, is what events, journals and {@code SwarmRun.cancelTask} use; it is never parsed back.
 * The string form is built once, when the id is made: every event, result and cancellation of the task reads it.
 */
public final class TaskId {

    /** Stage ids of the first stages, shared by every task of them. */
    private static final String[] STAGE_IDS = new String[64];

    static {
        for (int i = 0; i < STAGE_IDS.length; i++) {
            STAGE_IDS[i] = "s" + i;
        }
    }

    private final int stage;
    private final int index;
    private final String text;

    /**
     * Checks the numbers.
     *
     * @param stage the stage index, from 0
     * @param index the task's position, from 0
     * @throws IllegalArgumentException if either is negative
     */
    public TaskId(int stage, int index) {
        if (stage < 0 || index < 0) {
            throw new IllegalArgumentException(
                    "a task id needs a stage and an index >= 0, got " + stage + ", " + index);
        }
        this.stage = stage;
        this.index = index;
        this.text = stageId(stage) + "-t" + index;
    }

    /** @return the stage index, from 0 */
    public int stage() {
        return stage;
    }

    /** @return the task's position among the stage's tasks, from 0 */
    public int index() {
        return index;
    }

    /** @return the id of the stage this task belongs to, {@code s<stage>} */
    public String stageId() {
        return stageId(stage);
    }

    private static String stageId(int stage) {
        return stage < STAGE_IDS.length ? STAGE_IDS[stage] : "s" + stage;
    }

    /** @return {@code s<stage>-t<index>} */
    @Override
    public String toString() {
        return text;
    }

    @Override
    public boolean equals(@Nullable Object o) {
        return o instanceof TaskId other && other.stage == stage && other.index == index;
    }

    @Override
    public int hashCode() {
        return 31 * stage + index;
    }
}

package dev.agentswarm.eval.rollout;

/** One line of a dataset: a task, or the reason the line is not one. */
public sealed interface DatasetLine {

    /** @return the line number, from 1 */
    int line();

    /**
     * A line that holds a task.
     *
     * @param task the task
     */
    record Valid(RolloutTask task) implements DatasetLine {
        @Override
        public int line() {
            return task.line();
        }
    }

    /**
     * A line that does not: its episodes end with this error, the others go on.
     *
     * @param line the line number, from 1
     * @param error what is wrong with it
     */
    record Invalid(int line, String error) implements DatasetLine {}
}

package dev.agentswarm.eval.rollout;

import dev.agentswarm.eval.EvalTask;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One task of a rollout dataset.
 *
 * @param line the dataset line it came from, from 1 (0 for a task made in code)
 * @param task the task: id, prompt, gold answer
 * @param toolset the name of its toolset, or null for the runner's default
 * @param judge the name of its judge, or null for the runner's default
 * @param seed its seed, or null to derive one from the runner's seed and the episode
 */
public record RolloutTask(
        int line,
        EvalTask task,
        @Nullable String toolset,
        @Nullable String judge,
        @Nullable Long seed) {

    /**
     * Validates the task.
     *
     * @param line the dataset line, from 1, or 0
     * @param task the task
     * @param toolset the toolset, or null
     * @param judge the judge, or null
     * @param seed the seed, or null
     */
    public RolloutTask {
        Objects.requireNonNull(task, "task");
        if (line < 0) {
            throw new IllegalArgumentException("a dataset line number must be >= 0, got " + line);
        }
    }

    /**
     * @param task a task made in code
     * @return it with the runner's default toolset, judge and seed
     */
    public static RolloutTask of(EvalTask task) {
        return new RolloutTask(0, task, null, null, null);
    }
}

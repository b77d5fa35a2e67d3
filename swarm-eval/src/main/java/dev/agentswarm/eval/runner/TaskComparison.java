package dev.agentswarm.eval.runner;

import dev.agentswarm.eval.EvalTask;
import java.util.Objects;

/**
 * One task run both ways.
 *
 * @param task the task
 * @param swarm the swarm's run
 * @param baseline the single-agent baseline's run
 */
public record TaskComparison(EvalTask task, RunOutcome swarm, RunOutcome baseline) {

    /** Validates the comparison.
     * @param task the task
     * @param swarm the swarm's run
     * @param baseline the single-agent baseline's run */
    public TaskComparison {
        Objects.requireNonNull(task, "task");
        Objects.requireNonNull(swarm, "swarm");
        Objects.requireNonNull(baseline, "baseline");
    }
}

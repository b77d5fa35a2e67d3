package dev.agentswarm.eval.reward;

import dev.agentswarm.eval.EvalTask;
import dev.agentswarm.report.SwarmResult;

/** One term of the PARL reward, computed from a run. Implementations must be pure and thread-safe. */
@FunctionalInterface
public interface RewardComponent {

    /**
     * @param task the task the run was given
     * @param result the run (or, for per-turn trajectory records, the run up to a turn)
     * @return the term's value, usually in [0, 1]
     */
    double value(EvalTask task, SwarmResult result);
}

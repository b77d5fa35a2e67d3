package dev.agentswarm.eval.reward;

import dev.agentswarm.eval.EvalTask;
import dev.agentswarm.eval.Scorer;
import dev.agentswarm.report.SwarmResult;
import java.util.Objects;

/** The default r_perf: the user's {@link Scorer} applied to the run's answer against the task's gold answer. */
public final class PerformanceReward implements RewardComponent {

    private final Scorer scorer;

    /** @param scorer scores the answer */
    public PerformanceReward(Scorer scorer) {
        this.scorer = Objects.requireNonNull(scorer, "scorer");
    }

    @Override
    public double value(EvalTask task, SwarmResult result) {
        return scorer.score(task, result.answer());
    }
}

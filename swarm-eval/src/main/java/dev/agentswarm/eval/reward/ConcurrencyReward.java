package dev.agentswarm.eval.reward;

import dev.agentswarm.eval.EvalTask;
import dev.agentswarm.report.StageReport;
import dev.agentswarm.report.SwarmResult;

/**
 * The default r_parallel: it rewards <em>concurrency</em>, not the number of tasks instantiated. The run's effective
 * parallelism is its subagent steps over its subagent critical steps under the concurrency cap,
 * <pre>
 *   P = Σ_t Σ_i S_sub,i(t) / Σ_t makespan_t
 * </pre>
 * where {@code makespan_t} is stage t's step-makespan ({@link StageReport#subStepMakespan()}: its longest task when
 * every task had a slot, more when tasks waited for one). P is 1 when subagent work ran one task at a time and k when
 * it ran k wide. The term is {@code (min(P, cap) − 1) / (cap − 1)}: 0 for serial work, 1 from {@code cap}-wide work
 * on. Ten stages of one task each (serial collapse) score 0, whatever their count; one stage of ten equal tasks
 * scores 1 with the default cap of {@value #DEFAULT_CAP}. A run without subagent steps scores 0. Spurious
 * parallelism (tasks spawned but not finished) is r_finish's business, not this term's.
 */
public final class ConcurrencyReward implements RewardComponent {

    /** The default cap: the parallelism at which the term saturates to 1. */
    public static final int DEFAULT_CAP = 10;

    private final int cap;

    /** r_parallel with the default cap. */
    public ConcurrencyReward() {
        this(DEFAULT_CAP);
    }

    /**
     * @param cap the effective parallelism at which the term saturates to 1, at least 2
     * @throws IllegalArgumentException if cap is below 2
     */
    public ConcurrencyReward(int cap) {
        if (cap < 2) {
            throw new IllegalArgumentException("the r_parallel concurrency cap must be >= 2, got " + cap);
        }
        this.cap = cap;
    }

    /** @return the cap */
    public int cap() {
        return cap;
    }

    /**
     * @param result a run
     * @return its effective parallelism P, subagent steps over their step-makespan; 0 without subagent steps
     */
    public static double effectiveParallelism(SwarmResult result) {
        long steps = 0;
        long makespan = 0;
        for (StageReport s : result.report().stages()) {
            steps += s.totalSteps() - s.mainSteps();
            makespan += s.subStepMakespan();
        }
        return makespan == 0 ? 0.0 : (double) steps / makespan;
    }

    @Override
    public double value(EvalTask task, SwarmResult result) {
        double p = effectiveParallelism(result);
        if (p <= 1.0) {
            return 0.0;
        }
        return (Math.min(p, cap) - 1.0) / (cap - 1.0);
    }

    @Override
    public String toString() {
        return "(min(subagent steps / step-makespan, " + cap + ") - 1)/" + (cap - 1);
    }
}

package dev.agentswarm.eval.reward;

import dev.agentswarm.eval.EvalTask;
import dev.agentswarm.eval.Scorer;
import dev.agentswarm.report.SwarmResult;
import java.util.Objects;

/**
 * The PARL reward of the Kimi K2.5 report: {@code r = λ1(t)·r_parallel + λ2(t)·r_finish + r_perf}, t the training
 * step. Every component and both schedules are pluggable; the defaults are {@link ParallelismReward} with cap
 * {@value ParallelismReward#DEFAULT_CAP}, {@link FinishReward} (0 for no tasks), {@link PerformanceReward} over the
 * given scorer, and constant λ1 = 0.3, λ2 = 0.2 (the starting values of a public reproduction; give annealing
 * schedules for training). Immutable and thread-safe.
 */
public final class ParlReward {

    /** The default starting λ1. */
    public static final double DEFAULT_LAMBDA_PARALLEL = 0.3;
    /** The default starting λ2. */
    public static final double DEFAULT_LAMBDA_FINISH = 0.2;

    private final RewardComponent parallel;
    private final RewardComponent finish;
    private final RewardComponent performance;
    private final LambdaSchedule lambdaParallel;
    private final LambdaSchedule lambdaFinish;

    private ParlReward(Builder b) {
        this.parallel = b.parallel;
        this.finish = b.finish;
        this.performance = b.performance;
        this.lambdaParallel = b.lambdaParallel;
        this.lambdaFinish = b.lambdaFinish;
    }

    /**
     * @param scorer scores answers for r_perf
     * @return a builder with the default components and schedules
     */
    public static Builder builder(Scorer scorer) {
        return new Builder(new PerformanceReward(scorer));
    }

    /**
     * The reward of a finished run.
     *
     * @param task the task, with its gold answer
     * @param result the run
     * @param trainingStep the training step for the λ schedules, from 0
     * @return every term and the total
     * @throws IllegalArgumentException if the training step is negative
     */
    public RewardTerms evaluate(EvalTask task, SwarmResult result, long trainingStep) {
        return RewardTerms.of(
                trainingStep,
                lambdaParallel.at(trainingStep),
                lambdaFinish.at(trainingStep),
                parallel.value(task, result),
                finish.value(task, result),
                performance.value(task, result));
    }

    /**
     * The auxiliary terms alone, r_perf left null: for a run that is not finished (a per-turn trajectory record).
     *
     * @param task the task
     * @param resultSoFar the run up to some turn
     * @param trainingStep the training step, from 0
     * @return the terms, with a null r_perf
     */
    public RewardTerms evaluateAuxiliary(EvalTask task, SwarmResult resultSoFar, long trainingStep) {
        return RewardTerms.of(
                trainingStep,
                lambdaParallel.at(trainingStep),
                lambdaFinish.at(trainingStep),
                parallel.value(task, resultSoFar),
                finish.value(task, resultSoFar),
                null);
    }

    /** Configures a {@link ParlReward}. */
    public static final class Builder {
        private RewardComponent parallel = new ParallelismReward(ParallelismReward.DEFAULT_CAP);
        private RewardComponent finish = new FinishReward();
        private RewardComponent performance;
        private LambdaSchedule lambdaParallel = LambdaSchedule.constant(DEFAULT_LAMBDA_PARALLEL);
        private LambdaSchedule lambdaFinish = LambdaSchedule.constant(DEFAULT_LAMBDA_FINISH);

        private Builder(RewardComponent performance) {
            this.performance = performance;
        }

        /**
         * @param component replaces r_parallel
         * @return this builder
         */
        public Builder parallel(RewardComponent component) {
            this.parallel = Objects.requireNonNull(component, "component");
            return this;
        }

        /**
         * @param component replaces r_finish
         * @return this builder
         */
        public Builder finish(RewardComponent component) {
            this.finish = Objects.requireNonNull(component, "component");
            return this;
        }

        /**
         * @param component replaces r_perf
         * @return this builder
         */
        public Builder performance(RewardComponent component) {
            this.performance = Objects.requireNonNull(component, "component");
            return this;
        }

        /**
         * @param schedule λ1, the weight of r_parallel
         * @return this builder
         */
        public Builder lambdaParallel(LambdaSchedule schedule) {
            this.lambdaParallel = Objects.requireNonNull(schedule, "schedule");
            return this;
        }

        /**
         * @param schedule λ2, the weight of r_finish
         * @return this builder
         */
        public Builder lambdaFinish(LambdaSchedule schedule) {
            this.lambdaFinish = Objects.requireNonNull(schedule, "schedule");
            return this;
        }

        /** @return the reward */
        public ParlReward build() {
            return new ParlReward(this);
        }
    }
}

package dev.agentswarm.eval.reward;

import dev.agentswarm.eval.EvalTask;
import dev.agentswarm.eval.Scorer;
import dev.agentswarm.report.SwarmResult;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The PARL reward of the Kimi K2.5 report:
 * {@code r = λ1(t)·r_parallel + λ2(t)·r_finish + r_perf − penalty(critical steps)}, t the training step. Every
 * component and both schedules are pluggable. The defaults:
 * <ul>
 *   <li>r_parallel: {@link ConcurrencyReward} (effective parallelism, cap {@value ConcurrencyReward#DEFAULT_CAP}):
 *       it rewards concurrency, so ten serial one-task stages score 0;</li>
 *   <li>r_finish: {@link FinishReward}, the share of assigned tasks that completed (0 for no tasks);</li>
 *   <li>r_perf: {@link PerformanceReward} over the given scorer (or a judge's score, see
 *       {@link #evaluate(EvalTask, SwarmResult, long, Double)});</li>
 *   <li>λ1 anneals linearly from {@value #DEFAULT_LAMBDA_PARALLEL} to 0 and λ2 from {@value #DEFAULT_LAMBDA_FINISH}
 *       to 0 over {@value #DEFAULT_ANNEALING_STEPS} training steps ({@link Builder#annealOver}); a constant schedule
 *       stays available ({@link Builder#constantLambdas()});</li>
 *   <li>no critical-step budget; {@link Builder#criticalStepBudget} adds one as a penalty.</li>
 * </ul>
 * Immutable and thread-safe.
 */
public final class ParlReward {

    /** The default starting λ1. */
    public static final double DEFAULT_LAMBDA_PARALLEL = 0.3;
    /** The default starting λ2. */
    public static final double DEFAULT_LAMBDA_FINISH = 0.2;
    /** The default number of training steps over which λ1 and λ2 anneal to 0. */
    public static final long DEFAULT_ANNEALING_STEPS = 1_000;

    private final RewardComponent parallel;
    private final RewardComponent finish;
    private final RewardComponent performance;
    private final LambdaSchedule lambdaParallel;
    private final LambdaSchedule lambdaFinish;
    private final @Nullable CriticalStepBudget budget;

    private ParlReward(Builder b) {
        this.parallel = b.parallel;
        this.finish = b.finish;
        this.performance = b.performance;
        this.lambdaParallel = b.lambdaParallel;
        this.lambdaFinish = b.lambdaFinish;
        this.budget = b.budget;
    }

    /**
     * @param scorer scores answers for r_perf
     * @return a builder with the default components and annealing schedules
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
        return evaluate(task, result, trainingStep, performance.value(task, result));
    }

    /**
     * The reward of a finished run whose r_perf was scored elsewhere (an asynchronous judge), or is unknown.
     *
     * @param task the task
     * @param result the run
     * @param trainingStep the training step, from 0
     * @param performance r_perf, or null when it could not be scored (it then counts 0 in the total)
     * @return every term and the total
     */
    public RewardTerms evaluate(EvalTask task, SwarmResult result, long trainingStep, @Nullable Double performance) {
        int critical = result.criticalSteps();
        return RewardTerms.of(
                trainingStep,
                lambdaParallel.at(trainingStep),
                lambdaFinish.at(trainingStep),
                parallel.value(task, result),
                finish.value(task, result),
                performance,
                critical,
                budget == null ? 0.0 : budget.penalty(critical));
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
        return evaluate(task, resultSoFar, trainingStep, null);
    }

    /** @return the critical-step budget, or null when there is none */
    public @Nullable CriticalStepBudget criticalStepBudget() {
        return budget;
    }

    /** Configures a {@link ParlReward}. */
    public static final class Builder {
        private RewardComponent parallel = new ConcurrencyReward();
        private RewardComponent finish = new FinishReward();
        private RewardComponent performance;
        private LambdaSchedule lambdaParallel = LambdaSchedule.linear(DEFAULT_LAMBDA_PARALLEL, DEFAULT_ANNEALING_STEPS);
        private LambdaSchedule lambdaFinish = LambdaSchedule.linear(DEFAULT_LAMBDA_FINISH, DEFAULT_ANNEALING_STEPS);
        private @Nullable CriticalStepBudget budget;

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

        /**
         * The default schedules over another horizon: λ1 0.3 → 0 and λ2 0.2 → 0, linearly, over the given steps.
         *
         * @param trainingSteps T, the step from which both are 0; at least 1
         * @return this builder
         * @throws IllegalArgumentException if T is below 1
         */
        public Builder annealOver(long trainingSteps) {
            this.lambdaParallel = LambdaSchedule.linear(DEFAULT_LAMBDA_PARALLEL, trainingSteps);
            this.lambdaFinish = LambdaSchedule.linear(DEFAULT_LAMBDA_FINISH, trainingSteps);
            return this;
        }

        /**
         * Constant λ1 = 0.3 and λ2 = 0.2, for evaluation or for a recipe that does not anneal.
         *
         * @return this builder
         */
        public Builder constantLambdas() {
            this.lambdaParallel = LambdaSchedule.constant(DEFAULT_LAMBDA_PARALLEL);
            this.lambdaFinish = LambdaSchedule.constant(DEFAULT_LAMBDA_FINISH);
            return this;
        }

        /**
         * Critical steps as a resource constraint: subtracts {@code weight · max(0, C − B) / B}.
         *
         * @param budget B, at least 1
         * @param weight the penalty of a run that takes 2·B, at least 0
         * @return this builder
         * @throws IllegalArgumentException if either is out of range
         */
        public Builder criticalStepBudget(int budget, double weight) {
            this.budget = new CriticalStepBudget(budget, weight);
            return this;
        }

        /** @return the reward */
        public ParlReward build() {
            return new ParlReward(this);
        }
    }
}

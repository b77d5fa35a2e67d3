package dev.agentswarm.eval.reward;

import org.jspecify.annotations.Nullable;

/**
 * The terms of one PARL reward:
 * {@code total = lambdaParallel·parallel + lambdaFinish·finish + performance − criticalStepPenalty}, with performance
 * taken as 0 when it is null (a per-turn trajectory record before the run's end).
 *
 * @param trainingStep the training step the λ were taken at
 * @param lambdaParallel λ1 at that step
 * @param lambdaFinish λ2 at that step
 * @param parallel r_parallel
 * @param finish r_finish
 * @param performance r_perf, or null when not (yet) scored
 * @param criticalSteps the critical steps of the run (so far)
 * @param criticalStepPenalty the penalty for exceeding the critical-step budget, 0 without a budget
 * @param total the reward
 */
public record RewardTerms(
        long trainingStep,
        double lambdaParallel,
        double lambdaFinish,
        double parallel,
        double finish,
        @Nullable Double performance,
        int criticalSteps,
        double criticalStepPenalty,
        double total) {

    /**
     * Combines terms into a reward, without a critical-step budget.
     *
     * @param trainingStep the training step
     * @param lambdaParallel λ1
     * @param lambdaFinish λ2
     * @param parallel r_parallel
     * @param finish r_finish
     * @param performance r_perf, or null
     * @return the terms with their total
     */
    public static RewardTerms of(
            long trainingStep,
            double lambdaParallel,
            double lambdaFinish,
            double parallel,
            double finish,
            @Nullable Double performance) {
        return of(trainingStep, lambdaParallel, lambdaFinish, parallel, finish, performance, 0, 0.0);
    }

    /**
     * Combines terms into a reward.
     *
     * @param trainingStep the training step
     * @param lambdaParallel λ1
     * @param lambdaFinish λ2
     * @param parallel r_parallel
     * @param finish r_finish
     * @param performance r_perf, or null
     * @param criticalSteps the run's critical steps
     * @param criticalStepPenalty the budget penalty, subtracted
     * @return the terms with their total
     */
    public static RewardTerms of(
            long trainingStep,
            double lambdaParallel,
            double lambdaFinish,
            double parallel,
            double finish,
            @Nullable Double performance,
            int criticalSteps,
            double criticalStepPenalty) {
        double total = lambdaParallel * parallel
                + lambdaFinish * finish
                + (performance == null ? 0.0 : performance)
                - criticalStepPenalty;
        return new RewardTerms(
                trainingStep,
                lambdaParallel,
                lambdaFinish,
                parallel,
                finish,
                performance,
                criticalSteps,
                criticalStepPenalty,
                total);
    }
}

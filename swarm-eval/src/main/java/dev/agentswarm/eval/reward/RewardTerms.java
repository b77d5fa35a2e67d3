package dev.agentswarm.eval.reward;

import org.jspecify.annotations.Nullable;

/**
 * The terms of one PARL reward: {@code total = lambdaParallel·parallel + lambdaFinish·finish + performance}, with
 * performance taken as 0 when it is null (a per-turn trajectory record before the run's end).
 *
 * @param trainingStep the training step the λ were taken at
 * @param lambdaParallel λ1 at that step
 * @param lambdaFinish λ2 at that step
 * @param parallel r_parallel
 * @param finish r_finish
 * @param performance r_perf, or null when not (yet) scored
 * @param total the reward
 */
public record RewardTerms(
        long trainingStep,
        double lambdaParallel,
        double lambdaFinish,
        double parallel,
        double finish,
        @Nullable Double performance,
        double total) {

    /**
     * Combines terms into a reward.
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
        double total = lambdaParallel * parallel + lambdaFinish * finish + (performance == null ? 0.0 : performance);
        return new RewardTerms(trainingStep, lambdaParallel, lambdaFinish, parallel, finish, performance, total);
    }
}

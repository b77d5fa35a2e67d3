package dev.agentswarm.eval.reward;

import dev.agentswarm.report.SwarmResult;

/**
 * Critical steps as a resource constraint: a penalty, subtracted from the reward, for a run whose critical steps C
 * exceed a budget B: {@code weight · max(0, C − B) / B}. A run within its budget pays nothing; one that takes twice
 * its budget pays {@code weight}. Immutable.
 *
 * @param budget B, the critical steps a run may take without penalty, at least 1
 * @param weight the penalty of a run that takes 2·B, at least 0
 */
public record CriticalStepBudget(int budget, double weight) {

    /**
     * Validates the budget.
     *
     * @param budget B, at least 1
     * @param weight at least 0 and finite
     * @throws IllegalArgumentException if either is out of range
     */
    public CriticalStepBudget {
        if (budget < 1) {
            throw new IllegalArgumentException("a critical-step budget must be >= 1, got " + budget);
        }
        if (!(weight >= 0.0) || Double.isInfinite(weight)) {
            throw new IllegalArgumentException("a critical-step penalty weight must be finite and >= 0, got " + weight);
        }
    }

    /**
     * @param criticalSteps a run's critical steps C
     * @return {@code weight · max(0, C − B) / B}
     */
    public double penalty(int criticalSteps) {
        return weight * Math.max(0, criticalSteps - budget) / budget;
    }

    /**
     * @param result a run
     * @return the penalty of its critical steps
     */
    public double penalty(SwarmResult result) {
        return penalty(result.criticalSteps());
    }
}

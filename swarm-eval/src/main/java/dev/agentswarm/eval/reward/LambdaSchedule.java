package dev.agentswarm.eval.reward;

/**
 * The weight λ of an auxiliary reward term as a function of the training step t (from 0). The PARL recipe anneals
 * λ1 and λ2 to 0 over training so that, in the end, only task performance is optimised.
 * <ul>
 *   <li>{@link #constant}: λ(t) = λ0;</li>
 *   <li>{@link #linear}: λ(t) = λ0 · max(0, 1 − t/T);</li>
 *   <li>{@link #cosine}: λ(t) = λ0 · ½ · (1 + cos(π · min(t, T)/T)).</li>
 * </ul>
 * Both annealing schedules give λ0 at t = 0 and 0 at t ≥ T.
 */
@FunctionalInterface
public interface LambdaSchedule {

    /**
     * @param trainingStep the training step, from 0
     * @return the weight at that step
     * @throws IllegalArgumentException if the step is negative
     */
    double at(long trainingStep);

    /**
     * @param value λ0
     * @return the schedule λ(t) = λ0
     */
    static LambdaSchedule constant(double value) {
        requireFinite(value);
        return step -> {
            requireStep(step);
            return value;
        };
    }

    /**
     * @param initial λ0
     * @param totalSteps T, the step at which λ reaches 0; at least 1
     * @return the schedule λ(t) = λ0 · max(0, 1 − t/T)
     * @throws IllegalArgumentException if T is below 1
     */
    static LambdaSchedule linear(double initial, long totalSteps) {
        requireFinite(initial);
        requireTotal(totalSteps);
        return step -> {
            requireStep(step);
            return initial * Math.max(0.0, 1.0 - (double) step / totalSteps);
        };
    }

    /**
     * @param initial λ0
     * @param totalSteps T, the step at which λ reaches 0; at least 1
     * @return the schedule λ(t) = λ0 · ½ · (1 + cos(π · min(t, T)/T))
     * @throws IllegalArgumentException if T is below 1
     */
    static LambdaSchedule cosine(double initial, long totalSteps) {
        requireFinite(initial);
        requireTotal(totalSteps);
        return step -> {
            requireStep(step);
            if (step >= totalSteps) {
                return 0.0;
            }
            return initial * 0.5 * (1.0 + Math.cos(Math.PI * step / totalSteps));
        };
    }

    private static void requireFinite(double v) {
        if (!Double.isFinite(v)) {
            throw new IllegalArgumentException("a λ must be a finite number, got " + v);
        }
    }

    private static void requireTotal(long totalSteps) {
        if (totalSteps < 1) {
            throw new IllegalArgumentException("an annealing schedule needs totalSteps >= 1, got " + totalSteps);
        }
    }

    private static void requireStep(long step) {
        if (step < 0) {
            throw new IllegalArgumentException("the training step must be >= 0, got " + step);
        }
    }
}

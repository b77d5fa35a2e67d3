package dev.agentswarm.eval.runner;

import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

/**
 * The comparison of a swarm with the single-agent baseline over a set of tasks.
 *
 * <ul>
 *   <li>accuracy = mean score over tasks;</li>
 *   <li>mean critical steps = mean over tasks of each run's critical steps;</li>
 *   <li>tokens = sum over tasks of input + output tokens;</li>
 *   <li>wall-time ratio = Σ swarm wall time / Σ baseline wall time (below 1: the swarm was faster); NaN when the
 *       baseline's total wall time is 0.</li>
 * </ul>
 *
 * @param tasks one comparison per task, in the order given
 */
public record EvaluationReport(List<TaskComparison> tasks) {

    /** Copies the list.
     * @param tasks one comparison per task, in the order given */
    public EvaluationReport {
        tasks = List.copyOf(tasks);
    }

    /** @return the swarm's mean score; 0 for no tasks */
    public double swarmAccuracy() {
        return mean(c -> c.swarm().score());
    }

    /** @return the baseline's mean score; 0 for no tasks */
    public double baselineAccuracy() {
        return mean(c -> c.baseline().score());
    }

    /** @return the swarm's mean critical steps */
    public double swarmMeanCriticalSteps() {
        return mean(c -> c.swarm().criticalSteps());
    }

    /** @return the baseline's mean critical steps (equal to its mean steps) */
    public double baselineMeanCriticalSteps() {
        return mean(c -> c.baseline().criticalSteps());
    }

    /** @return the swarm's tokens over every task */
    public long swarmTokens() {
        return tasks.stream().mapToLong(c -> c.swarm().tokens()).sum();
    }

    /** @return the baseline's tokens over every task */
    public long baselineTokens() {
        return tasks.stream().mapToLong(c -> c.baseline().tokens()).sum();
    }

    /** @return the swarm's wall time over every task */
    public Duration swarmWallTime() {
        return sum(c -> c.swarm().wallTime());
    }

    /** @return the baseline's wall time over every task */
    public Duration baselineWallTime() {
        return sum(c -> c.baseline().wallTime());
    }

    /** @return Σ swarm wall time / Σ baseline wall time, NaN when the baseline's is 0 */
    public double wallTimeRatio() {
        long base = baselineWallTime().toNanos();
        return base == 0 ? Double.NaN : (double) swarmWallTime().toNanos() / base;
    }

    private double mean(ToDoubleFunction<TaskComparison> f) {
        return tasks.isEmpty() ? 0.0 : tasks.stream().mapToDouble(f).sum() / tasks.size();
    }

    private Duration sum(Function<TaskComparison, Duration> f) {
        Duration d = Duration.ZERO;
        for (TaskComparison c : tasks) {
            d = d.plus(f.apply(c));
        }
        return d;
    }
}

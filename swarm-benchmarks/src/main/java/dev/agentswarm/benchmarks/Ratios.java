package dev.agentswarm.benchmarks;

import java.util.Arrays;

/** The arithmetic of the benchmark tables, kept apart so that a unit test can check it. */
public final class Ratios {

    private Ratios() {}

    /**
     * Overhead against the critical-path bound.
     *
     * @param makespanMillis the measured wall time
     * @param criticalSteps the run's critical steps (orchestrator turns + the longest task's steps per stage)
     * @param latencyMillis the latency of one model call
     * @return makespan / (criticalSteps · latency); 1.0 means no overhead at all
     * @throws IllegalArgumentException if the bound is not positive
     */
    public static double overBound(double makespanMillis, int criticalSteps, double latencyMillis) {
        double bound = criticalSteps * latencyMillis;
        if (bound <= 0) {
            throw new IllegalArgumentException("the bound must be positive, got " + bound);
        }
        return makespanMillis / bound;
    }

    /**
     * How much of the critical-step speedup a swarm realises in wall time.
     *
     * @param singleMillis the single agent's wall time
     * @param swarmMillis the swarm's wall time
     * @param singleSteps the single agent's critical steps
     * @param swarmSteps the swarm's critical steps
     * @return (singleMillis / swarmMillis) / (singleSteps / swarmSteps); 1.0 means all of it
     */
    public static double realisedFraction(double singleMillis, double swarmMillis, int singleSteps, int swarmSteps) {
        return (singleMillis / swarmMillis) / ((double) singleSteps / swarmSteps);
    }

    /**
     * The median, the statistic of every table.
     *
     * @param values at least one value
     * @return their median
     * @throws IllegalArgumentException if there are none
     */
    public static double median(double... values) {
        if (values.length == 0) {
            throw new IllegalArgumentException("no values");
        }
        double[] v = values.clone();
        Arrays.sort(v);
        int m = v.length / 2;
        return v.length % 2 == 1 ? v[m] : (v[m - 1] + v[m]) / 2;
    }

    /**
     * Heap per in-flight task.
     *
     * @param usedBytesInFlight live heap with every task in flight, after a full GC
     * @param usedBytesIdle live heap before the run, after a full GC
     * @param tasks the tasks in flight
     * @return bytes per task
     */
    public static double bytesPerTask(long usedBytesInFlight, long usedBytesIdle, int tasks) {
        return (double) (usedBytesInFlight - usedBytesIdle) / tasks;
    }
}

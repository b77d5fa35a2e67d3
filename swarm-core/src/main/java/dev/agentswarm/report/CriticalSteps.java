package dev.agentswarm.report;

import java.util.List;
import java.util.PriorityQueue;

/**
 * The latency-relevant cost of a run, as the Kimi K2.5 report defines it:
 * {@code CriticalSteps = Σ_t ( S_main(t) + max_i S_sub,i(t) )}. A stage with no subagents contributes
 * {@code S_main(t)} only.
 *
 * <p>The formula assumes every task of a stage runs at once. Under a concurrency cap smaller than a stage's task
 * count, tasks wait for slots, and {@link #stepMakespan} measures what the stage then takes in steps.
 */
public final class CriticalSteps {

    private CriticalSteps() {}

    /**
     * Computes the critical steps of a sequence of stages.
     *
     * @param stages the stages of a run, in any order
     * @return the sum over stages of the orchestrator's steps plus the longest task's steps
     */
    public static int of(List<StageReport> stages) {
        int sum = 0;
        for (StageReport s : stages) {
            sum += s.criticalSteps();
        }
        return sum;
    }

    /**
     * The steps a stage's tasks take under a concurrency cap: list scheduling in steps. The tasks start in the given
     * order, each in the slot that frees first (a task of {@code k} steps holds its slot for {@code k} steps), and the
     * makespan is when the last slot frees. With at least as many slots as tasks it is the longest task's steps
     * ({@code max_i S_sub,i}); 128 tasks of 10 steps on 64 slots take 20.
     *
     * @param stepsInStartOrder each task's steps, in the order the tasks started
     * @param slots the concurrency cap, at least 1
     * @return the makespan in steps; 0 without tasks
     * @throws IllegalArgumentException if slots is below 1 or a step count is negative
     */
    public static int stepMakespan(int[] stepsInStartOrder, int slots) {
        if (slots < 1) {
            throw new IllegalArgumentException("slots must be >= 1, got " + slots);
        }
        if (stepsInStartOrder.length <= slots) {
            // Every task has a slot at once: each starts at 0, and the makespan is the longest task's steps.
            int makespan = 0;
            for (int steps : stepsInStartOrder) {
                if (steps < 0) {
                    throw new IllegalArgumentException("steps must be >= 0, got " + steps);
                }
                makespan = Math.max(makespan, steps);
            }
            return makespan;
        }
        PriorityQueue<Integer> busyUntil = new PriorityQueue<>(Math.max(1, Math.min(slots, stepsInStartOrder.length)));
        int makespan = 0;
        for (int steps : stepsInStartOrder) {
            if (steps < 0) {
                throw new IllegalArgumentException("steps must be >= 0, got " + steps);
            }
            int start = busyUntil.size() < slots ? 0 : busyUntil.poll();
            int end = start + steps;
            busyUntil.add(end);
            makespan = Math.max(makespan, end);
        }
        return makespan;
    }
}

package dev.agentswarm.report;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One stage: one orchestrator turn and the subagent tasks it launched, which ran in parallel, up to the concurrency
 * cap.
 *
 * @param index the stage's position in the run, from 0
 * @param mainSteps S_main(t): the orchestrator's steps in this stage, usually 1
 * @param tasks the tasks launched in this stage, in call order; empty for a stage with no subagents
 * @param toolCalls the names of the orchestrator's ordinary and swarm tool calls in this turn, in call order
 * @param startedAt when the stage started (from the run's clock)
 * @param duration the stage's wall time, orchestrator turn included
 * @param subStepMakespan the steps the stage's tasks took under the concurrency cap, in the order they actually
 *     started ({@link CriticalSteps#stepMakespan}); equals {@link #maxSubSteps()} when no task waited for a slot
 */
public record StageReport(
        int index,
        int mainSteps,
        List<TaskResult> tasks,
        List<String> toolCalls,
        Instant startedAt,
        Duration duration,
        int subStepMakespan) {

    /**
     * Validates and copies the report.
     *
     * @param index the stage's position in the run, from 0
     * @param mainSteps S_main(t): the orchestrator's steps in this stage, usually 1
     * @param tasks the tasks launched in this stage, in call order; empty for a stage with no subagents
     * @param toolCalls the names of the orchestrator's ordinary and swarm tool calls in this turn, in call order
     * @param startedAt when the stage started (from the run's clock)
     * @param duration the stage's wall time, orchestrator turn included
     * @param subStepMakespan the steps the stage's tasks took under the concurrency cap, in their start order
     * @throws IllegalArgumentException if index or mainSteps is negative, or subStepMakespan is below the longest
     *     task's steps or above the sum of the tasks' steps
     */
    public StageReport {
        if (index < 0 || mainSteps < 0) {
            throw new IllegalArgumentException("index and mainSteps must be >= 0");
        }
        tasks = List.copyOf(tasks);
        toolCalls = List.copyOf(toolCalls);
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(duration, "duration");
        int max = 0;
        int sum = 0;
        for (TaskResult t : tasks) {
            max = Math.max(max, t.steps());
            sum += t.steps();
        }
        if (subStepMakespan < max || subStepMakespan > sum) {
            throw new IllegalArgumentException("subStepMakespan must be between the longest task's steps (" + max
                    + ") and the sum of the tasks' steps (" + sum + "), got " + subStepMakespan);
        }
    }

    /**
     * A stage whose tasks all ran at once: its step-makespan is its longest task's steps.
     *
     * @param index the stage's position in the run, from 0
     * @param mainSteps S_main(t): the orchestrator's steps in this stage, usually 1
     * @param tasks the tasks launched in this stage, in call order; empty for a stage with no subagents
     * @param toolCalls the names of the orchestrator's ordinary and swarm tool calls in this turn, in call order
     * @param startedAt when the stage started (from the run's clock)
     * @param duration the stage's wall time, orchestrator turn included
     * @throws IllegalArgumentException if index or mainSteps is negative
     */
    public StageReport(
            int index,
            int mainSteps,
            List<TaskResult> tasks,
            List<String> toolCalls,
            Instant startedAt,
            Duration duration) {
        this(index, mainSteps, tasks, toolCalls, startedAt, duration, longest(tasks));
    }

    private static int longest(List<TaskResult> tasks) {
        int max = 0;
        for (TaskResult t : tasks) {
            max = Math.max(max, t.steps());
        }
        return max;
    }

    /** @return max_i S_sub,i(t): the most steps any task of this stage took, 0 when there were none */
    public int maxSubSteps() {
        int max = 0;
        for (TaskResult t : tasks) {
            max = Math.max(max, t.steps());
        }
        return max;
    }

    /**
     * @return this stage's critical steps: S_main(t) + max_i S_sub,i(t), the formula as defined, which assumes every
     *     task ran at once
     */
    public int criticalSteps() {
        return mainSteps + maxSubSteps();
    }

    /**
     * @return this stage's steps under the concurrency cap: S_main(t) + {@link #subStepMakespan()}; equals
     *     {@link #criticalSteps()} when no task waited for a slot
     */
    public int stepMakespan() {
        return mainSteps + subStepMakespan;
    }

    /** @return the orchestrator's steps plus every task's steps */
    public int totalSteps() {
        int sum = mainSteps;
        for (TaskResult t : tasks) {
            sum += t.steps();
        }
        return sum;
    }
}

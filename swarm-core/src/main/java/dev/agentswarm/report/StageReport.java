package dev.agentswarm.report;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One stage: one orchestrator turn and the subagent tasks it launched, which ran in parallel.
 *
 * @param index the stage's position in the run, from 0
 * @param mainSteps S_main(t): the orchestrator's steps in this stage, usually 1
 * @param tasks the tasks launched in this stage, in call order; empty for a stage with no subagents
 * @param toolCalls the names of the orchestrator's ordinary and swarm tool calls in this turn, in call order
 * @param startedAt when the stage started (from the run's clock)
 * @param duration the stage's wall time, orchestrator turn included
 */
public record StageReport(
        int index, int mainSteps, List<TaskResult> tasks, List<String> toolCalls, Instant startedAt, Duration duration) {

    /**
     * Validates and copies the report.
     *
     * @param index the stage's position in the run, from 0
     * @param mainSteps S_main(t): the orchestrator's steps in this stage, usually 1
     * @param tasks the tasks launched in this stage, in call order; empty for a stage with no subagents
     * @param toolCalls the names of the orchestrator's ordinary and swarm tool calls in this turn, in call order
     * @param startedAt when the stage started (from the run's clock)
     * @param duration the stage's wall time, orchestrator turn included
     * @throws IllegalArgumentException if index or mainSteps is negative
     */
    public StageReport {
        if (index < 0 || mainSteps < 0) {
            throw new IllegalArgumentException("index and mainSteps must be >= 0");
        }
        tasks = List.copyOf(tasks);
        toolCalls = List.copyOf(toolCalls);
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(duration, "duration");
    }

    /** @return max_i S_sub,i(t): the most steps any task of this stage took, 0 when there were none */
    public int maxSubSteps() {
        int max = 0;
        for (TaskResult t : tasks) {
            max = Math.max(max, t.steps());
        }
        return max;
    }

    /** @return this stage's critical steps: S_main(t) + max_i S_sub,i(t) */
    public int criticalSteps() {
        return mainSteps + maxSubSteps();
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

package dev.agentswarm.internal.run;

import dev.agentswarm.policy.Budget;
import dev.agentswarm.policy.TaskDurationHint;
import dev.agentswarm.policy.TaskOrdering;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The run-level resilience settings of a swarm.
 *
 * @param budget the run's budgets
 * @param failFast whether the first failed or timed-out task cancels its siblings and fails the run
 * @param ordering the start order of a stage's tasks when concurrency is the bottleneck
 * @param hint guesses task durations for the ordering, or null
 * @param history past task durations of each subagent, shared by the swarm's runs
 */
public record ResilienceSettings(Budget budget, boolean failFast, TaskOrdering ordering, @Nullable TaskDurationHint hint,
        DurationHistory history) {

    /** Checks for nulls.
     * @param budget the run's budgets
     * @param failFast whether the first failed or timed-out task cancels its siblings and fails the run
     * @param ordering the start order of a stage's tasks when concurrency is the bottleneck
     * @param hint guesses task durations for the ordering, or null
     * @param history past task durations of each subagent, shared by the swarm's runs */
    public ResilienceSettings {
        Objects.requireNonNull(budget, "budget");
        Objects.requireNonNull(ordering, "ordering");
        Objects.requireNonNull(history, "history");
    }

    /** @return the defaults: no budget, no fail-fast, longest-expected-first, no hint */
    public static ResilienceSettings defaults() {
        return new ResilienceSettings(Budget.UNLIMITED, false, TaskOrdering.LONGEST_EXPECTED_FIRST, null,
                new DurationHistory());
    }
}

package dev.agentswarm.policy;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/** Guesses how long a task will take, for {@link TaskOrdering#LONGEST_EXPECTED_FIRST}. */
@FunctionalInterface
public interface TaskDurationHint {

    /**
     * @param agent the subagent's name
     * @param prompt the task prompt
     * @return the expected duration, or null to fall back to the subagent's past durations
     */
    @Nullable
    Duration expected(String agent, String prompt);
}

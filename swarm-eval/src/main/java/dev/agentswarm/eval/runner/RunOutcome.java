package dev.agentswarm.eval.runner;

import dev.agentswarm.report.SwarmResult;
import java.time.Duration;
import java.util.Objects;

/**
 * One run of one task, as a swarm or as the baseline, with its score.
 *
 * @param result the run
 * @param score the scorer's value for its answer, in [0, 1]
 */
public record RunOutcome(SwarmResult result, double score) {

    /** Validates the outcome.
     * @param result the run
     * @param score the scorer's value for its answer, in [0, 1] */
    public RunOutcome {
        Objects.requireNonNull(result, "result");
    }

    /** @return the run's critical steps */
    public int criticalSteps() {
        return result.criticalSteps();
    }

    /** @return the run's total steps */
    public int totalSteps() {
        return result.report().totalSteps();
    }

    /** @return the run's tokens, input plus output, over every model */
    public long tokens() {
        return result.report().tokens().total();
    }

    /** @return the run's wall time */
    public Duration wallTime() {
        return result.report().wallTime();
    }
}

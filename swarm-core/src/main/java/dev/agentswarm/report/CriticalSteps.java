package dev.agentswarm.report;

import java.util.List;

/**
 * The latency-relevant cost of a run, as the Kimi K2.5 report defines it:
 * {@code CriticalSteps = Σ_t ( S_main(t) + max_i S_sub,i(t) )}. A stage with no subagents contributes
 * {@code S_main(t)} only.
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
}

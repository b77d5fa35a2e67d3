package dev.agentswarm.eval.detect;

import dev.agentswarm.report.StageReport;
import dev.agentswarm.report.SwarmResult;
import dev.agentswarm.report.TaskResult;
import java.util.List;

/**
 * Imbalance: one branch dominates the run's latency. The measure is the longest branch's share of the critical
 * steps, {@code share = max_i S_sub,i / CriticalSteps} over every task of the run (0 for a run without tasks). It is
 * flagged when all of these hold:
 * <ul>
 *   <li>{@code share >= threshold} (default 0.5): the branch is most of the run's latency;</li>
 *   <li>the longest task had at least one sibling in its stage (a long task alone in its stage is serial work, not
 *       imbalance);</li>
 *   <li>its steps are at least {@code ratio} (default 2) times the mean steps of its siblings: a stage of equally
 *       long tasks is balanced, however long they are.</li>
 * </ul>
 */
public final class ImbalanceDetector {

    /** The detector's name in findings. */
    public static final String NAME = "imbalance";

    private final double threshold;
    private final double ratio;

    /** A detector with threshold 0.5 and ratio 2. */
    public ImbalanceDetector() {
        this(0.5, 2.0);
    }

    /**
     * @param threshold the share from which a run is imbalanced, in (0, 1]
     * @param ratio how many times its siblings' mean steps the longest branch must take, at least 1
     * @throws IllegalArgumentException if out of range
     */
    public ImbalanceDetector(double threshold, double ratio) {
        if (!(threshold > 0 && threshold <= 1) || !(ratio >= 1)) {
            throw new IllegalArgumentException(
                    "the imbalance threshold must be in (0, 1] and the ratio >= 1, got " + threshold + " and " + ratio);
        }
        this.threshold = threshold;
        this.ratio = ratio;
    }

    /**
     * @param result a run
     * @return the finding; value = the longest task's steps over the run's critical steps
     */
    public Finding detect(SwarmResult result) {
        int critical = result.criticalSteps();
        TaskResult longest = null;
        StageReport longestStage = null;
        for (StageReport s : result.report().stages()) {
            for (TaskResult t : s.tasks()) {
                if (longest == null || t.steps() > longest.steps()) {
                    longest = t;
                    longestStage = s;
                }
            }
        }
        if (longest == null || longestStage == null || critical == 0) {
            return new Finding(NAME, false, 0.0, List.of("no subagent tasks"));
        }
        double share = (double) longest.steps() / critical;
        int n = longestStage.tasks().size();
        boolean unbalanced = false;
        if (n >= 2) {
            int sum = longestStage.tasks().stream().mapToInt(TaskResult::steps).sum();
            double siblingsMean = (double) (sum - longest.steps()) / (n - 1);
            unbalanced = longest.steps() >= ratio * siblingsMean;
        }
        return new Finding(
                NAME,
                unbalanced && share >= threshold,
                share,
                List.of("longest branch " + longest.taskId()
                        + " took " + longest.steps() + " of " + critical + " critical steps; its stage s"
                        + longestStage.index()
                        + " ran " + longestStage.tasks().size() + " task(s) with steps "
                        + longestStage.tasks().stream().map(TaskResult::steps).toList()));
    }
}

package dev.agentswarm.eval.detect;

import dev.agentswarm.report.StageReport;
import dev.agentswarm.report.SwarmResult;
import java.util.List;

/**
 * Serial collapse: the run could have run tasks in parallel but launched at most one task per stage. The measure is
 * the most tasks any stage launched. Without knowledge of the task, "could have run in parallel" is taken to mean
 * that the run dispatched at least {@code minTasks} tasks in total (default 2) yet never two in one stage: work that
 * was split, but then serialised. When the caller knows the task is parallelisable,
 * {@link #detect(SwarmResult, boolean)} flags every run with at most one task per stage, a run without tasks included.
 */
public final class SerialCollapseDetector {

    /** The detector's name in findings. */
    public static final String NAME = "serial_collapse";

    private final int minTasks;

    /** A detector with {@code minTasks} 2. */
    public SerialCollapseDetector() {
        this(2);
    }

    /**
     * @param minTasks the total tasks from which a serial run counts as collapsed, at least 2
     * @throws IllegalArgumentException if below 2
     */
    public SerialCollapseDetector(int minTasks) {
        if (minTasks < 2) {
            throw new IllegalArgumentException("serial collapse needs minTasks >= 2, got " + minTasks);
        }
        this.minTasks = minTasks;
    }

    /**
     * @param result a run
     * @return the finding; value = the most tasks in one stage
     */
    public Finding detect(SwarmResult result) {
        int total = result.tasks().size();
        int widest = widest(result.report().stages());
        boolean flagged = widest <= 1 && total >= minTasks;
        return new Finding(
                NAME,
                flagged,
                widest,
                List.of(total + " tasks in " + result.report().stages().size() + " stages, at most " + widest
                        + " per stage"));
    }

    /**
     * @param result a run
     * @param parallelizable whether the task is known to have independent parts
     * @return the finding; flagged when the task is parallelisable and no stage launched two tasks
     */
    public Finding detect(SwarmResult result, boolean parallelizable) {
        if (!parallelizable) {
            return detect(result);
        }
        int widest = widest(result.report().stages());
        return new Finding(
                NAME,
                widest <= 1,
                widest,
                List.of("parallelisable task; at most " + widest + " task(s) per stage, "
                        + result.tasks().size() + " in total"));
    }

    static int widest(List<StageReport> stages) {
        int max = 0;
        for (StageReport s : stages) {
            max = Math.max(max, s.tasks().size());
        }
        return max;
    }
}

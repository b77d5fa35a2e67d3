package dev.agentswarm.eval.reward;

import dev.agentswarm.eval.EvalTask;
import dev.agentswarm.report.SwarmResult;
import dev.agentswarm.report.TaskResult;
import dev.agentswarm.report.TaskStatus;

/**
 * The default r_finish: {@code completed / assigned}, the share of dispatched subagent tasks that ended
 * {@link TaskStatus#COMPLETED} (a final message). It punishes spurious parallelism: tasks spawned but never finished.
 * A run that assigned no task gets {@link #emptyValue()}, by default 0: the auxiliary terms reward only parallel work
 * that was actually done, so a run without subagents earns neither r_parallel nor r_finish.
 */
public final class FinishReward implements RewardComponent {

    private final double emptyValue;

    /** r_finish with 0 for a run without tasks. */
    public FinishReward() {
        this(0.0);
    }

    /**
     * @param emptyValue the value for a run that assigned no task, in [0, 1]
     * @throws IllegalArgumentException if it lies outside [0, 1]
     */
    public FinishReward(double emptyValue) {
        if (!(emptyValue >= 0.0 && emptyValue <= 1.0)) {
            throw new IllegalArgumentException("the r_finish value for no tasks must be in [0, 1], got " + emptyValue);
        }
        this.emptyValue = emptyValue;
    }

    /** @return the value for a run that assigned no task */
    public double emptyValue() {
        return emptyValue;
    }

    @Override
    public double value(EvalTask task, SwarmResult result) {
        int assigned = result.tasks().size();
        if (assigned == 0) {
            return emptyValue;
        }
        int completed = 0;
        for (TaskResult t : result.tasks()) {
            if (t.status() == TaskStatus.COMPLETED) {
                completed++;
            }
        }
        return (double) completed / assigned;
    }

    @Override
    public String toString() {
        return "completed/assigned (no tasks: " + emptyValue + ")";
    }
}

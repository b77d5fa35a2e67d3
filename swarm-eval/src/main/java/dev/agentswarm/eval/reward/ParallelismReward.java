package dev.agentswarm.eval.reward;

import dev.agentswarm.eval.EvalTask;
import dev.agentswarm.report.SwarmResult;

/**
 * The instantiation count {@code min(tasks, cap) / cap}, where {@code tasks} is the number of subagent tasks the run
 * dispatched (every task in the report, whatever its status; assignments refused by a limit never ran and do not
 * count). It rewards instantiating subagents, against serial collapse, and saturates at {@code cap} so that spawning
 * more tasks than useful earns nothing more.
 *
 * <p>Not the default r_parallel: it counts instantiation, not concurrency, so ten serial one-task stages earn as much
 * as one stage of ten tasks, which is serial collapse. {@link ConcurrencyReward} is the default; this one stays for
 * comparison with the public reproduction that uses it.
 */
public final class ParallelismReward implements RewardComponent {

    /** The default cap. */
    public static final int DEFAULT_CAP = 10;

    private final int cap;

    /**
     * @param cap the number of tasks at which the term saturates to 1, at least 1
     * @throws IllegalArgumentException if cap is below 1
     */
    public ParallelismReward(int cap) {
        if (cap < 1) {
            throw new IllegalArgumentException("the r_parallel cap must be >= 1, got " + cap);
        }
        this.cap = cap;
    }

    /** @return the cap */
    public int cap() {
        return cap;
    }

    @Override
    public double value(EvalTask task, SwarmResult result) {
        return (double) Math.min(result.tasks().size(), cap) / cap;
    }

    @Override
    public String toString() {
        return "min(tasks, " + cap + ")/" + cap;
    }
}

package dev.agentswarm.report;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The accounting of a run: every stage, the tokens per model and the wall time.
 *
 * @param stages the stages, in order
 * @param tokensByModel tokens used per model name, orchestrator and subagents included
 * @param startedAt when the run started (from the run's clock)
 * @param wallTime how long the run took
 * @param peakConcurrency the most subagent tasks that were running at the same moment
 * @param limitsHit a line for every limit or budget the run hit, in the order they were hit
 */
public record RunReport(
        List<StageReport> stages,
        Map<String, TokenUsage> tokensByModel,
        Instant startedAt,
        Duration wallTime,
        int peakConcurrency,
        List<String> limitsHit) {

    /** Validates and copies the report.
     * @param stages the stages, in order
     * @param tokensByModel tokens used per model name, orchestrator and subagents included
     * @param startedAt when the run started (from the run's clock)
     * @param wallTime how long the run took
     * @param peakConcurrency the most subagent tasks that were running at the same moment
     * @param limitsHit a line for every limit or budget the run hit, in the order they were hit */
    public RunReport {
        stages = List.copyOf(stages);
        tokensByModel = Map.copyOf(tokensByModel);
        limitsHit = List.copyOf(limitsHit);
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(wallTime, "wallTime");
    }

    /**
     * @return Σ_t ( S_main(t) + max_i S_sub,i(t) ): the critical steps as defined, as if every task of a stage ran at
     *     once; the latency a swarm would have without a concurrency cap
     */
    public int criticalSteps() {
        return CriticalSteps.of(stages);
    }

    /**
     * @return Σ_t ( S_main(t) + step-makespan of stage t under the concurrency cap ): the steps the run took given
     *     the cap and the order its tasks started; equals {@link #criticalSteps()} when no task waited for a slot
     */
    public int stepMakespan() {
        int sum = 0;
        for (StageReport s : stages) {
            sum += s.stepMakespan();
        }
        return sum;
    }

    /** @return every model turn of the run: the orchestrator's and every task's */
    public int totalSteps() {
        int sum = 0;
        for (StageReport s : stages) {
            sum += s.totalSteps();
        }
        return sum;
    }

    /** @return the orchestrator's steps alone */
    public int orchestratorSteps() {
        int sum = 0;
        for (StageReport s : stages) {
            sum += s.mainSteps();
        }
        return sum;
    }

    /** @return every task of the run, in stage and call order */
    public List<TaskResult> tasks() {
        List<TaskResult> all = new ArrayList<>();
        for (StageReport s : stages) {
            all.addAll(s.tasks());
        }
        return all;
    }

    /**
     * @return how long the run's tasks waited at the swarm-wide bulkhead before they started, added up (see
     *     {@link TaskResult#queueWait()}); zero when the swarm has no cap or no task waited
     */
    public Duration queueWait() {
        Duration sum = Duration.ZERO;
        for (StageReport s : stages) {
            for (TaskResult t : s.tasks()) {
                sum = sum.plus(t.queueWait());
            }
        }
        return sum;
    }

    /** @return the tokens of every model, added up */
    public TokenUsage tokens() {
        return tokensByModel.values().stream().reduce(TokenUsage.ZERO, TokenUsage::plus);
    }

    /**
     * The achieved parallelism in steps: total steps over critical steps. 1.0 for a serial run; a swarm whose
     * stages run k equal tasks approaches k.
     *
     * @return total steps divided by critical steps, or 0 for an empty run
     */
    public double parallelism() {
        int critical = criticalSteps();
        return critical == 0 ? 0.0 : (double) totalSteps() / critical;
    }
}

package dev.agentswarm.eval.runner;

import dev.agentswarm.AgentSwarm;
import dev.agentswarm.eval.EvalTask;
import dev.agentswarm.eval.Scorer;
import dev.agentswarm.eval.baseline.SingleAgentBaseline;
import dev.agentswarm.report.SwarmResult;
import java.util.List;
import java.util.Objects;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Runs every task as a swarm and as the single-agent baseline, one run at a time (so that wall times do not
 * interfere), scores both answers and reports the comparison. A run that does not complete is scored on its partial
 * answer, like any other.
 */
public final class EvaluationRunner {

    private final AgentSwarm swarm;
    private final SingleAgentBaseline baseline;
    private final Scorer scorer;

    /**
     * @param swarm the swarm
     * @param baseline the baseline, normally with the swarm's subagent model and tools
     * @param scorer scores answers
     */
    public EvaluationRunner(AgentSwarm swarm, SingleAgentBaseline baseline, Scorer scorer) {
        this.swarm = Objects.requireNonNull(swarm, "swarm");
        this.baseline = Objects.requireNonNull(baseline, "baseline");
        this.scorer = Objects.requireNonNull(scorer, "scorer");
    }

    /**
     * @param tasks the tasks
     * @return the report, when subscribed
     */
    public Mono<EvaluationReport> evaluate(List<EvalTask> tasks) {
        List<EvalTask> copy = List.copyOf(tasks);
        return Flux.fromIterable(copy)
                .concatMap(task -> swarm.execute(task.prompt())
                        .map(r -> outcome(task, r))
                        .flatMap(s -> baseline.execute(task.prompt())
                                .map(r -> new TaskComparison(task, s, outcome(task, r)))))
                .collectList()
                .map(EvaluationReport::new);
    }

    /**
     * Runs {@link #evaluate} and waits. Never call it on a non-blocking thread.
     *
     * @param tasks the tasks
     * @return the report
     */
    public EvaluationReport run(List<EvalTask> tasks) {
        EvaluationReport r = evaluate(tasks).block();
        if (r == null) {
            throw new IllegalStateException("the evaluation ended without a report");
        }
        return r;
    }

    private RunOutcome outcome(EvalTask task, SwarmResult result) {
        return new RunOutcome(result, scorer.score(task, result.answer()));
    }
}

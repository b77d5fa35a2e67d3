package dev.agentswarm.eval;

/**
 * Scores an answer to a task: the task outcome, r_perf of the PARL reward and the accuracy of the evaluation runner.
 */
@FunctionalInterface
public interface Scorer {

    /**
     * @param task the task, with its gold answer
     * @param answer the answer of a swarm or of the baseline
     * @return a score in [0, 1]; 1 is a perfect answer
     */
    double score(EvalTask task, String answer);

    /**
     * A scorer that gives 1 when the answer, trimmed, equals the gold answer, trimmed, ignoring case; else 0.
     *
     * @return the scorer
     */
    static Scorer exactMatch() {
        return (task, answer) ->
                task.gold() != null && task.gold().strip().equalsIgnoreCase(answer.strip()) ? 1.0 : 0.0;
    }
}

package dev.agentswarm.eval.widesearch;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Aggregates over N trials per task, as the official {@code calc_summary_results}: for each metric, a task's
 * avg@N is the mean of its N trials, max@N the best and min@N the worst; each is then averaged over the tasks.
 * pass@N is max@N of the success score: the share of tasks solved in at least one of the N trials.
 */
public final class WideSearchTrials {

    private WideSearchTrials() {}

    /**
     * The aggregate of one metric.
     *
     * @param metric the metric name ({@link WideSearchResult#METRIC_NAMES})
     * @param avgAtN mean over tasks of the mean over trials
     * @param maxAtN mean over tasks of the best trial
     * @param minAtN mean over tasks of the worst trial
     */
    public record Aggregate(String metric, double avgAtN, double maxAtN, double minAtN) {}

    /**
     * The summary of a run.
     *
     * @param tasks how many tasks
     * @param trials N, the trials per task
     * @param metrics per metric, in {@link WideSearchResult#METRIC_NAMES} order
     * @param passAtN share of tasks with at least one trial of success score 1
     */
    public record Summary(int tasks, int trials, Map<String, Aggregate> metrics, double passAtN) {

        /**
         * Copies the map.
         *
         * @param tasks how many tasks
         * @param trials N
         * @param metrics per metric
         * @param passAtN share of tasks solved in at least one trial
         */
        public Summary {
            metrics = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
        }
    }

    /**
     * @param resultsByTask per task, the results of its trials
     * @param trials N: every task must have exactly N results
     * @return the summary
     * @throws WideSearchDataException if a task has another number of trials, naming it
     * @throws IllegalArgumentException if there is no task or N is below 1
     */
    public static Summary summarise(Map<String, List<WideSearchResult>> resultsByTask, int trials) {
        if (trials < 1) {
            throw new IllegalArgumentException("the number of trials must be at least 1, got " + trials);
        }
        if (resultsByTask.isEmpty()) {
            throw new IllegalArgumentException("no task to summarise");
        }
        for (Map.Entry<String, List<WideSearchResult>> e : resultsByTask.entrySet()) {
            if (e.getValue().size() != trials) {
                throw new WideSearchDataException(
                        "task " + e.getKey() + " has " + e.getValue().size() + " trials, expected " + trials);
            }
        }
        Map<String, Aggregate> out = new LinkedHashMap<>();
        double pass = 0;
        for (String m : WideSearchResult.METRIC_NAMES) {
            List<double[]> perTask = new ArrayList<>();
            for (List<WideSearchResult> rs : resultsByTask.values()) {
                double sum = 0;
                double max = Double.NEGATIVE_INFINITY;
                double min = Double.POSITIVE_INFINITY;
                for (WideSearchResult r : rs) {
                    double v = r.get(m);
                    sum += v;
                    max = Math.max(max, v);
                    min = Math.min(min, v);
                }
                perTask.add(new double[] {sum / rs.size(), max, min});
            }
            Aggregate a = new Aggregate(m, mean(perTask, 0), mean(perTask, 1), mean(perTask, 2));
            out.put(m, a);
            if (m.equals("score")) {
                pass = a.maxAtN();
            }
        }
        return new Summary(resultsByTask.size(), trials, out, pass);
    }

    private static double mean(List<double[]> rows, int k) {
        double s = 0;
        for (double[] r : rows) {
            s += r[k];
        }
        return s / rows.size();
    }
}

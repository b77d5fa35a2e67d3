package dev.agentswarm.eval.widesearch;

import java.util.Objects;

/**
 * The scores of one answer, as the official evaluation reports them ({@code EvaluationResult}).
 *
 * @param taskId the task (instance id)
 * @param score the success score: 1 when the table is entirely right, else 0
 * @param rowPrecision correct rows / answer rows
 * @param rowRecall correct rows / gold rows
 * @param rowF1 harmonic mean of the row precision and recall
 * @param itemPrecision correct items / answer items (rows × required columns)
 * @param itemRecall correct items / gold items
 * @param itemF1 harmonic mean of the item precision and recall
 * @param message why the scores are 0 (no table, columns differ, an evaluator error), or a summary
 */
public record WideSearchResult(
        String taskId,
        double score,
        double rowPrecision,
        double rowRecall,
        double rowF1,
        double itemPrecision,
        double itemRecall,
        double itemF1,
        String message) {

    /**
     * Checks the names.
     *
     * @param taskId the task (instance id)
     * @param score the success score
     * @param rowPrecision correct rows / answer rows
     * @param rowRecall correct rows / gold rows
     * @param rowF1 harmonic mean of the row precision and recall
     * @param itemPrecision correct items / answer items
     * @param itemRecall correct items / gold items
     * @param itemF1 harmonic mean of the item precision and recall
     * @param message why the scores are 0, or a summary
     */
    public WideSearchResult {
        Objects.requireNonNull(taskId, "taskId");
        Objects.requireNonNull(message, "message");
    }

    /**
     * @param taskId the task
     * @param message why everything is 0
     * @return a result with every score 0
     */
    static WideSearchResult zero(String taskId, String message) {
        return new WideSearchResult(taskId, 0, 0, 0, 0, 0, 0, 0, message);
    }

    /**
     * @param metric one of {@code score}, {@code row_p}, {@code row_r}, {@code row_f1}, {@code item_p},
     *     {@code item_r}, {@code item_f1}
     * @return that value
     * @throws IllegalArgumentException for another name
     */
    public double get(String metric) {
        return switch (metric) {
            case "score" -> score;
            case "row_p" -> rowPrecision;
            case "row_r" -> rowRecall;
            case "row_f1" -> rowF1;
            case "item_p" -> itemPrecision;
            case "item_r" -> itemRecall;
            case "item_f1" -> itemF1;
            default ->
                throw new IllegalArgumentException(
                        "unknown WideSearch metric '" + metric + "'; known: " + METRIC_NAMES);
        };
    }

    /** The metric names, in report order. */
    public static final java.util.List<String> METRIC_NAMES =
            java.util.List.of("score", "item_p", "item_r", "item_f1", "row_p", "row_r", "row_f1");
}

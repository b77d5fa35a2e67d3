package dev.agentswarm.eval.widesearch;

import java.util.List;

/**
 * The scores of one answer table against its gold table.
 *
 * @param itemPrecision matched cells / non-empty predicted cells in gold columns
 * @param itemRecall matched cells / non-empty gold cells
 * @param itemF1 harmonic mean of item precision and recall (0 when both are 0)
 * @param rowPrecision correct rows / predicted rows
 * @param rowRecall correct rows / gold rows
 * @param rowF1 harmonic mean of row precision and recall (0 when both are 0)
 * @param goldRows rows of the gold table
 * @param predictedRows rows of the answer table
 * @param matchedRows answer rows whose key is a gold key (first occurrence only)
 * @param correctRows matched rows whose every gold column matches
 * @param missingKeys gold keys the answer lacks, in gold order
 * @param extraKeys answer keys that are not gold keys, or repeat one, in answer order
 */
public record WideSearchScore(
        double itemPrecision,
        double itemRecall,
        double itemF1,
        double rowPrecision,
        double rowRecall,
        double rowF1,
        int goldRows,
        int predictedRows,
        int matchedRows,
        int correctRows,
        List<String> missingKeys,
        List<String> extraKeys) {

    /** Copies the lists.
     * @param itemPrecision matched cells / non-empty predicted cells in gold columns
     * @param itemRecall matched cells / non-empty gold cells
     * @param itemF1 harmonic mean of item precision and recall (0 when both are 0)
     * @param rowPrecision correct rows / predicted rows
     * @param rowRecall correct rows / gold rows
     * @param rowF1 harmonic mean of row precision and recall (0 when both are 0)
     * @param goldRows rows of the gold table
     * @param predictedRows rows of the answer table
     * @param matchedRows answer rows whose key is a gold key (first occurrence only)
     * @param correctRows matched rows whose every gold column matches
     * @param missingKeys gold keys the answer lacks, in gold order
     * @param extraKeys answer keys that are not gold keys, or repeat one, in answer order */
    public WideSearchScore {
        missingKeys = List.copyOf(missingKeys);
        extraKeys = List.copyOf(extraKeys);
    }

    static double f1(double p, double r) {
        return p + r == 0 ? 0.0 : 2 * p * r / (p + r);
    }

    static double ratio(int num, int den) {
        return den == 0 ? 0.0 : (double) num / den;
    }
}

package dev.agentswarm.eval.widesearch;

import dev.agentswarm.eval.EvalTask;
import dev.agentswarm.eval.Scorer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Scores answers in WideSearch format: a markdown table compared with a gold table (the task's
 * {@link EvalTask#gold()}, as markdown) keyed by its unique columns.
 *
 * <p>Columns are aligned by header name (compared after {@link CellMatcher#normalise}), so the answer may order them
 * freely; a gold column the answer lacks counts as empty cells, and answer columns outside the gold table are
 * ignored. Rows are aligned by key: the tuple of the normalised key cells. A gold key must be unique; an answer row
 * whose key repeats an earlier one is an extra row.
 * <ul>
 *   <li><b>Item-F1</b>: an item is a non-empty cell of a gold column. TP = cells of matched rows whose predicted
 *       value matches the gold value ({@link CellMatcher}); precision = TP / predicted items; recall = TP / gold
 *       items.</li>
 *   <li><b>Row-F1</b>: a correct row is a matched row whose every gold column matches. Precision = correct /
 *       predicted rows; recall = correct / gold rows.</li>
 * </ul>
 * An answer without a table scores 0. As a {@link Scorer} it returns the chosen {@link Metric}, Item-F1 by default.
 *
 * <p>This is a quick scorer for markdown gold tables (the bundled demo uses it). It does <b>not</b> reproduce the
 * official WideSearch numbers: for those, use {@link WideSearchEvaluator} with the task's {@link WideSearchSpec}
 * (see {@code docs/evaluation.md}).
 */
public final class WideSearchScorer implements Scorer {

    /** What {@link #score} returns. */
    public enum Metric {
        /** Item-level F1. */
        ITEM_F1,
        /** Row-level F1. */
        ROW_F1
    }

    private final List<String> keyColumns;
    private final CellMatcher matcher;
    private final Metric metric;

    /**
     * @param keyColumns the gold table's unique key columns, by header name; at least one
     * @param matcher decides cell matches
     * @param metric what {@link #score} returns
     * @throws IllegalArgumentException if no key column is given
     */
    public WideSearchScorer(List<String> keyColumns, CellMatcher matcher, Metric metric) {
        if (keyColumns.isEmpty()) {
            throw new IllegalArgumentException("the WideSearch scorer needs at least one key column");
        }
        this.keyColumns = List.copyOf(keyColumns);
        this.matcher = Objects.requireNonNull(matcher, "matcher");
        this.metric = Objects.requireNonNull(metric, "metric");
    }

    /**
     * A scorer with 1 % number tolerance, exact dates, returning Item-F1.
     *
     * @param keyColumns the key columns
     * @return the scorer
     */
    public static WideSearchScorer keyedBy(String... keyColumns) {
        return new WideSearchScorer(List.of(keyColumns), new CellMatcher(0.01, 0), Metric.ITEM_F1);
    }

    /**
     * @param task the task; its gold answer is the gold markdown table
     * @param answer the answer
     * @return the chosen metric
     * @throws IllegalArgumentException if the task has no gold table, or the gold table lacks a key column or repeats
     *     a key
     */
    @Override
    public double score(EvalTask task, String answer) {
        String gold = task.gold();
        if (gold == null) {
            throw new IllegalArgumentException("task '" + task.id() + "' has no gold table to score against");
        }
        WideSearchScore s = evaluate(gold, answer);
        return metric == Metric.ITEM_F1 ? s.itemF1() : s.rowF1();
    }

    /**
     * @param goldMarkdown the gold table as markdown
     * @param answer the answer, holding a markdown table
     * @return every score
     * @throws IllegalArgumentException if the gold text has no table, lacks a key column or repeats a key
     */
    public WideSearchScore evaluate(String goldMarkdown, String answer) {
        MarkdownTable gold = MarkdownTable.parse(goldMarkdown)
                .orElseThrow(() -> new IllegalArgumentException(
                        "the gold answer holds no markdown table: " + abbreviate(goldMarkdown)));
        return evaluate(gold, MarkdownTable.parse(answer).orElse(null));
    }

    /**
     * @param gold the gold table
     * @param predicted the answer's table, or null when the answer has none
     * @return every score
     * @throws IllegalArgumentException if the gold table lacks a key column or repeats a key
     */
    public WideSearchScore evaluate(MarkdownTable gold, @Nullable MarkdownTable predicted) {
        int[] goldKeyCols = indexes(gold.headers(), keyColumns, "gold");
        Map<String, List<String>> goldByKey = new LinkedHashMap<>();
        int goldItems = 0;
        for (List<String> row : gold.rows()) {
            String key = key(row, goldKeyCols);
            if (goldByKey.putIfAbsent(key, row) != null) {
                throw new IllegalArgumentException(
                        "the gold table repeats the key " + key + " of key columns " + keyColumns);
            }
            goldItems += nonEmpty(row);
        }
        if (predicted == null) {
            return new WideSearchScore(
                    0, 0, 0, 0, 0, 0, gold.rows().size(), 0, 0, 0, new ArrayList<>(goldByKey.keySet()), List.of());
        }
        // predicted column for each gold column, -1 when absent
        int[] map = new int[gold.headers().size()];
        for (int c = 0; c < map.length; c++) {
            map[c] = indexOf(predicted.headers(), gold.headers().get(c));
        }
        int predictedItems = 0;
        int tp = 0;
        int matchedRows = 0;
        int correctRows = 0;
        Set<String> seen = new HashSet<>();
        List<String> extra = new ArrayList<>();
        for (List<String> prow : predicted.rows()) {
            List<String> aligned = new ArrayList<>(map.length);
            for (int c : map) {
                aligned.add(c < 0 ? "" : prow.get(c));
            }
            predictedItems += nonEmpty(aligned);
            String key = key(aligned, goldKeyCols);
            List<String> grow = goldByKey.get(key);
            if (grow == null || !seen.add(key)) {
                extra.add(key);
                continue;
            }
            matchedRows++;
            boolean allMatch = true;
            for (int c = 0; c < map.length; c++) {
                boolean match = matcher.matches(aligned.get(c), grow.get(c));
                if (match && !grow.get(c).isBlank()) {
                    tp++;
                }
                allMatch &= match;
            }
            if (allMatch) {
                correctRows++;
            }
        }
        List<String> missing = new ArrayList<>();
        for (String k : goldByKey.keySet()) {
            if (!seen.contains(k)) {
                missing.add(k);
            }
        }
        double ip = WideSearchScore.ratio(tp, predictedItems);
        double ir = WideSearchScore.ratio(tp, goldItems);
        double rp = WideSearchScore.ratio(correctRows, predicted.rows().size());
        double rr = WideSearchScore.ratio(correctRows, gold.rows().size());
        return new WideSearchScore(
                ip,
                ir,
                WideSearchScore.f1(ip, ir),
                rp,
                rr,
                WideSearchScore.f1(rp, rr),
                gold.rows().size(),
                predicted.rows().size(),
                matchedRows,
                correctRows,
                missing,
                extra);
    }

    private static int nonEmpty(List<String> row) {
        int n = 0;
        for (String c : row) {
            if (!c.isBlank()) {
                n++;
            }
        }
        return n;
    }

    private static String key(List<String> row, int[] keyCols) {
        List<String> parts = new ArrayList<>();
        for (int c : keyCols) {
            parts.add(CellMatcher.normalise(row.get(c)));
        }
        return String.join(" | ", parts);
    }

    private static int[] indexes(List<String> headers, List<String> names, String which) {
        int[] out = new int[names.size()];
        for (int i = 0; i < names.size(); i++) {
            out[i] = indexOf(headers, names.get(i));
            if (out[i] < 0) {
                throw new IllegalArgumentException(
                        "the " + which + " table has no key column '" + names.get(i) + "'; its columns are " + headers);
            }
        }
        return out;
    }

    private static int indexOf(List<String> headers, String name) {
        String n = CellMatcher.normalise(name);
        for (int i = 0; i < headers.size(); i++) {
            if (CellMatcher.normalise(headers.get(i)).equals(n)) {
                return i;
            }
        }
        return -1;
    }

    private static String abbreviate(String s) {
        return s.length() <= 80 ? s : s.substring(0, 80) + "…";
    }
}

package dev.agentswarm.examples.eval;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * WideSearch-style scoring of a markdown-table answer against a gold table. Rows are matched by their first column
 * (the key); an item is one (key, column, value) cell; values compare after trimming, lower-casing and collapsing
 * spaces. Item-F1 is the F1 of the predicted and gold items; Row-F1 counts a row only when all its cells match.
 * Empty predicted cells are not predictions. A small stand-in for swarm-eval's scorer until that lands on main.
 */
public final class ItemF1 {

    private ItemF1() {}

    /**
     * The scores.
     *
     * @param precision matched items over predicted items
     * @param recall matched items over gold items
     * @param f1 Item-F1
     * @param rowF1 Row-F1
     * @param matched matched items
     * @param predicted predicted (non-empty) items
     * @param gold gold items
     */
    public record Score(double precision, double recall, double f1, double rowF1, int matched, int predicted,
            int gold) {}

    /**
     * Scores an answer.
     *
     * @param answer the answer; its first markdown table is scored
     * @param gold the gold answer, a markdown table
     * @return the scores; all zero when the answer has no table
     * @throws IllegalArgumentException if the gold text has no table
     */
    public static Score score(String answer, String gold) {
        Table g = Table.parse(gold);
        if (g.header.isEmpty()) {
            throw new IllegalArgumentException("the gold text has no markdown table");
        }
        Table p = Table.parse(answer);
        Set<String> goldItems = g.items();
        Set<String> predItems = p.items();
        int matched = 0;
        for (String item : predItems) {
            if (goldItems.contains(item)) {
                matched++;
            }
        }
        double precision = predItems.isEmpty() ? 0 : (double) matched / predItems.size();
        double recall = goldItems.isEmpty() ? 0 : (double) matched / goldItems.size();
        Map<String, Set<String>> goldRows = g.rowItems();
        Map<String, Set<String>> predRows = p.rowItems();
        int rowsMatched = 0;
        for (var e : predRows.entrySet()) {
            Set<String> gr = goldRows.get(e.getKey());
            if (gr != null && gr.equals(e.getValue())) {
                rowsMatched++;
            }
        }
        double rp = predRows.isEmpty() ? 0 : (double) rowsMatched / predRows.size();
        double rr = goldRows.isEmpty() ? 0 : (double) rowsMatched / goldRows.size();
        return new Score(precision, recall, f1(precision, recall), f1(rp, rr), matched, predItems.size(),
                goldItems.size());
    }

    private static double f1(double p, double r) {
        return p + r == 0 ? 0 : 2 * p * r / (p + r);
    }

    static String norm(String s) {
        return s.strip().toLowerCase(Locale.ROOT).replaceAll("\\s+", " ");
    }

    /** The first markdown table of a text. */
    private static final class Table {
        final List<String> header = new ArrayList<>();
        final List<List<String>> rows = new ArrayList<>();

        static Table parse(String text) {
            Table t = new Table();
            boolean inTable = false;
            for (String raw : text.split("\n")) {
                String line = raw.strip();
                if (!line.startsWith("|")) {
                    if (inTable) {
                        break;
                    }
                    continue;
                }
                inTable = true;
                if (line.matches("\\|[\\s:|-]*")) {
                    continue;
                }
                List<String> cells = new ArrayList<>();
                String inner = line.substring(1, line.endsWith("|") && line.length() > 1 ? line.length() - 1
                        : line.length());
                for (String c : inner.split("\\|", -1)) {
                    cells.add(norm(c));
                }
                if (t.header.isEmpty()) {
                    t.header.addAll(cells);
                } else {
                    t.rows.add(cells);
                }
            }
            return t;
        }

        Map<String, Set<String>> rowItems() {
            Map<String, Set<String>> out = new HashMap<>();
            for (List<String> row : rows) {
                if (row.isEmpty() || row.get(0).isEmpty()) {
                    continue;
                }
                Set<String> items = out.computeIfAbsent(row.get(0), k -> new HashSet<>());
                for (int c = 1; c < Math.min(row.size(), header.size()); c++) {
                    if (!row.get(c).isEmpty()) {
                        items.add(header.get(c) + "\u0000" + row.get(c));
                    }
                }
            }
            return out;
        }

        Set<String> items() {
            Set<String> out = new HashSet<>();
            rowItems().forEach((key, cells) -> cells.forEach(c -> out.add(key + "\u0000" + c)));
            return out;
        }
    }
}

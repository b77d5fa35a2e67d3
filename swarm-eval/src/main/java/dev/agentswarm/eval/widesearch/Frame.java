package dev.agentswarm.eval.widesearch;

import java.util.ArrayList;
import java.util.List;

/**
 * A table of strings, the state of a pandas data frame after {@code astype(str)}: column names in order and rows of
 * cells, each row as wide as the header. Mutable, owned by one evaluation.
 */
final class Frame {

    final List<String> columns;
    final List<List<String>> rows;

    Frame(List<String> columns, List<List<String>> rows) {
        this.columns = new ArrayList<>(columns);
        this.rows = new ArrayList<>();
        for (List<String> r : rows) {
            this.rows.add(new ArrayList<>(r));
        }
    }

    /**
     * @param name a column name
     * @return its index, or -1
     */
    int index(String name) {
        return columns.indexOf(name);
    }

    /**
     * @param names column names, all present
     * @return a new frame with only those columns, in that order
     */
    Frame select(List<String> names) {
        List<List<String>> out = new ArrayList<>();
        for (List<String> r : rows) {
            List<String> row = new ArrayList<>();
            for (String n : names) {
                row.add(r.get(index(n)));
            }
            out.add(row);
        }
        return new Frame(names, out);
    }

    /**
     * @param c a column index
     * @return the column's cells
     */
    List<String> column(int c) {
        List<String> out = new ArrayList<>();
        for (List<String> r : rows) {
            out.add(r.get(c));
        }
        return out;
    }
}

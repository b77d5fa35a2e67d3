package dev.agentswarm.eval.widesearch;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A task's gold table: the text of its gold CSV file, checked against the task's required columns.
 */
public final class WideSearchGold {

    private final String source;
    private final String csv;

    private WideSearchGold(String source, String csv) {
        this.source = source;
        this.csv = csv;
    }

    /**
     * Reads a gold CSV file's text as the official loader does (pandas {@code read_csv}; headers stripped,
     * lower-cased, without spaces) and checks that it holds every required column.
     *
     * @param csv the CSV text
     * @param spec the task's evaluation settings
     * @param source the file, named in errors
     * @return the gold table
     * @throws WideSearchDataException if the CSV is malformed or lacks a required column
     */
    public static WideSearchGold parse(String csv, WideSearchSpec spec, String source) {
        Objects.requireNonNull(csv, "csv");
        WideSearchGold g = new WideSearchGold(source, csv);
        g.official(spec);
        g.strict(spec);
        return g;
    }

    /** @return the file the table comes from */
    public String source() {
        return source;
    }

    /**
     * @param spec the settings
     * @return the table as the official evaluation holds it: pandas-rendered cells, required columns only
     */
    Frame official(WideSearchSpec spec) {
        Frame f;
        try {
            f = PandasCsv.read(csv, ',');
        } catch (PandasCsv.ParseException e) {
            throw new WideSearchDataException(source + ": malformed gold CSV: " + e.getMessage(), e);
        }
        List<String> cols = new ArrayList<>();
        for (String c : f.columns) {
            cols.add(ResponseTable.normColumn(PyText.strip(c)));
        }
        return requireColumns(new Frame(cols, f.rows), spec);
    }

    /**
     * @param spec the settings
     * @return the table as strict mode holds it: raw cells (a missing cell is empty), required columns only
     */
    Frame strict(WideSearchSpec spec) {
        List<List<String>> records;
        try {
            records = PandasCsv.tokenize(csv, ',');
        } catch (PandasCsv.ParseException e) {
            throw new WideSearchDataException(source + ": malformed gold CSV: " + e.getMessage(), e);
        }
        if (records.isEmpty()) {
            throw new WideSearchDataException(source + ": malformed gold CSV: no header row");
        }
        List<String> cols = new ArrayList<>();
        for (String c : records.get(0)) {
            cols.add(ResponseTable.normColumn(c));
        }
        List<List<String>> rows = new ArrayList<>();
        for (int i = 1; i < records.size(); i++) {
            List<String> r = new ArrayList<>(records.get(i));
            if (r.size() > cols.size()) {
                throw new WideSearchDataException(source + ": malformed gold CSV: line " + (i + 1) + " has " + r.size()
                        + " fields but the header has " + cols.size());
            }
            while (r.size() < cols.size()) {
                r.add("");
            }
            List<String> stripped = new ArrayList<>();
            for (String cell : r) {
                stripped.add(PyText.strip(cell));
            }
            rows.add(stripped);
        }
        return requireColumns(new Frame(cols, rows), spec);
    }

    private Frame requireColumns(Frame f, WideSearchSpec spec) {
        for (String r : spec.required()) {
            if (f.index(r) < 0) {
                throw new WideSearchDataException(
                        source + ": the gold CSV lacks the required column '" + r + "'; its columns are " + f.columns);
            }
        }
        return f.select(spec.required());
    }
}

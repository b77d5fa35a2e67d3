package dev.agentswarm.eval.widesearch;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/** Finds the answer's table in a response, the official way or the strict way. */
final class ResponseTable {

    private static final Pattern FENCED = Pattern.compile("```markdown(.*?)```", Pattern.DOTALL);
    private static final Pattern ANY_FENCE = Pattern.compile("```[^\\n]*\\n(.*?)```", Pattern.DOTALL);
    private static final Set<Integer> SEPARATOR_CHARS = Set.of((int) '|', (int) '-', (int) ' ', (int) ':');

    private ResponseTable() {}

    /**
     * The official {@code extract_dataframe}: the first {@code ```markdown} block, or else, when the response holds
     * at least 4 pipes, the first run of lines that start with a pipe, counted from the first pipe; the header
     * line lower-cased without spaces; separator and blank lines and lines without a pipe dropped; cells stripped;
     * read by pandas with {@code |} as the delimiter; columns without a name dropped.
     *
     * @param response the response
     * @return the table, or null when the response holds none
     * @throws PandasCsv.ParseException when pandas cannot read it
     */
    static @Nullable Frame official(String response) throws PandasCsv.ParseException {
        String block = null;
        Matcher fenced = FENCED.matcher(response);
        if (fenced.find()) {
            block = fenced.group(1);
        } else {
            List<Integer> pipes = new ArrayList<>();
            for (int i = response.indexOf('|'); i >= 0; i = response.indexOf('|', i + 1)) {
                pipes.add(i);
            }
            if (pipes.size() >= 4) {
                int first = pipes.get(0);
                int last = pipes.get(pipes.size() - 1);
                int start = response.lastIndexOf('\n', first - 1);
                start = start == -1 ? 0 : start;
                int end = response.indexOf('\n', last);
                end = end == -1 ? response.length() : end;
                block = pipeRun(response.substring(start, end));
            }
        }
        if (block == null) {
            return null;
        }
        String[] lines = PyText.strip(block).split("\n", -1);
        lines[0] = PyText.lower(lines[0].replace(" ", ""));
        List<String> kept = new ArrayList<>();
        for (String raw : lines) {
            String line = PyText.strip(raw);
            if (onlySeparatorChars(line) || !line.contains("|")) {
                continue;
            }
            String[] parts = line.split("\\|", -1);
            List<String> cells = new ArrayList<>();
            for (String p : parts) {
                cells.add(PyText.strip(p));
            }
            kept.add(String.join("|", cells));
        }
        Frame frame = PandasCsv.read(String.join("\n", kept), '|');
        List<String> named = new ArrayList<>();
        for (String c : frame.columns) {
            if (!c.startsWith("Unnamed")) {
                named.add(c);
            }
        }
        return frame.select(named);
    }

    /**
     * The first match of the official {@code ((?:\|.*\n?)+)}: from the first pipe to the end of its line, then every
     * following line that starts with a pipe (scanned by hand: Java's regex engine recurses once per repetition and
     * overflows its stack on long tables).
     */
    static @Nullable String pipeRun(String text) {
        int start = text.indexOf('|');
        if (start < 0) {
            return null;
        }
        int pos = start;
        while (true) {
            int nl = text.indexOf('\n', pos);
            if (nl < 0) {
                return text.substring(start);
            }
            pos = nl + 1;
            if (pos >= text.length() || text.charAt(pos) != '|') {
                return text.substring(start, pos);
            }
        }
    }

    private static boolean onlySeparatorChars(String line) {
        return line.codePoints().allMatch(SEPARATOR_CHARS::contains);
    }

    /**
     * The strict reading: the last markdown table of the response (its final answer), inside a fenced block of any
     * language or in the text; a table is a header row, a separator row and the pipe rows under it. {@code \|} is a
     * literal pipe; cells are stripped; a blank cell is empty (never {@code nan}).
     *
     * @param response the response
     * @return the table, or null when the response holds none
     * @throws PandasCsv.ParseException when a row has more cells than the header
     */
    static @Nullable Frame strict(String response) throws PandasCsv.ParseException {
        List<String> candidates = new ArrayList<>();
        Matcher m = ANY_FENCE.matcher(response);
        while (m.find()) {
            candidates.add(m.group(1));
        }
        candidates.add(response);
        Frame last = null;
        for (String text : candidates) {
            Frame f = lastTable(text);
            if (f != null) {
                last = f;
            }
        }
        return last;
    }

    private static @Nullable Frame lastTable(String text) throws PandasCsv.ParseException {
        String[] lines = text.split("\\R", -1);
        Frame found = null;
        for (int i = 0; i + 1 < lines.length; i++) {
            String header = PyText.strip(lines[i]);
            String sep = PyText.strip(lines[i + 1]);
            if (!header.contains("|") || !sep.contains("-") || !sep.contains("|") || !onlySeparatorChars(sep)) {
                continue;
            }
            List<String> headers = new ArrayList<>();
            for (String h : cells(header)) {
                headers.add(normColumn(h));
            }
            Set<String> seen = new HashSet<>();
            for (String h : headers) {
                if (!seen.add(h)) {
                    throw new PandasCsv.ParseException("the table repeats the column '" + h + "'");
                }
            }
            List<List<String>> rows = new ArrayList<>();
            int j = i + 2;
            for (; j < lines.length; j++) {
                String line = PyText.strip(lines[j]);
                if (!line.contains("|")) {
                    break;
                }
                List<String> cells = cells(line);
                if (cells.size() > headers.size()) {
                    throw new PandasCsv.ParseException(
                            "a row has " + cells.size() + " cells but the header has " + headers.size() + ": " + line);
                }
                while (cells.size() < headers.size()) {
                    cells.add("");
                }
                rows.add(cells);
            }
            found = new Frame(headers, rows);
            i = j - 1;
        }
        return found;
    }

    /**
     * @param line a table row
     * @return its cells, stripped; {@code \|} is a literal pipe; an outer pipe on either side is optional
     */
    static List<String> cells(String line) {
        return MarkdownTable.cells(line, PyText::strip);
    }

    /**
     * @param column a header
     * @return the official {@code norm_column}: stripped, lower-cased, without spaces
     */
    static String normColumn(String column) {
        return PyText.lower(PyText.strip(column)).replace(" ", "");
    }
}

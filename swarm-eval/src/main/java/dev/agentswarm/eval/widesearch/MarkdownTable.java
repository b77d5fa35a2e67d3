package dev.agentswarm.eval.widesearch;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * A markdown (GitHub pipe) table: a header row, a separator row of dashes ({@code |---|:--:|}) and body rows. Cells
 * are trimmed; {@code \|} is a literal pipe inside a cell; a body row with fewer cells than the header is padded with
 * empty cells and extra cells are dropped.
 *
 * @param headers the column names, in order
 * @param rows the body rows, each exactly as wide as the header
 */
public record MarkdownTable(List<String> headers, List<List<String>> rows) {

    private static final Pattern SEPARATOR = Pattern.compile("^\\|?\\s*:?-+:?\\s*(\\|\\s*:?-+:?\\s*)*\\|?$");

    /** Validates and copies the table.
     * @param headers the column names, in order
     * @param rows the body rows, each exactly as wide as the header */
    public MarkdownTable {
        headers = List.copyOf(headers);
        List<List<String>> copy = new ArrayList<>();
        for (List<String> r : rows) {
            if (r.size() != headers.size()) {
                throw new IllegalArgumentException(
                        "a row has " + r.size() + " cells but the header has " + headers.size() + ": " + r);
            }
            copy.add(List.copyOf(r));
        }
        rows = List.copyOf(copy);
    }

    /**
     * Finds the first markdown table in a text, which may hold prose around it.
     *
     * @param text the text, for example a model's answer
     * @return the table, or empty when the text holds none
     */
    public static Optional<MarkdownTable> parse(String text) {
        Objects.requireNonNull(text, "text");
        String[] lines = text.split("\\R");
        for (int i = 0; i + 1 < lines.length; i++) {
            String header = lines[i].strip();
            String sep = lines[i + 1].strip();
            if (!header.contains("|")
                    || !sep.contains("-")
                    || !SEPARATOR.matcher(sep).matches()) {
                continue;
            }
            List<String> headers = cells(header);
            List<List<String>> rows = new ArrayList<>();
            for (int j = i + 2; j < lines.length; j++) {
                String line = lines[j].strip();
                if (!line.contains("|")) {
                    break;
                }
                List<String> cells = new ArrayList<>(cells(line));
                while (cells.size() < headers.size()) {
                    cells.add("");
                }
                rows.add(cells.subList(0, headers.size()));
            }
            return Optional.of(new MarkdownTable(headers, rows));
        }
        return Optional.empty();
    }

    static List<String> cells(String line) {
        return cells(line, String::strip);
    }

    /**
     * Splits a table row. The two table readers differ only in how a cell is trimmed: the strict one with Java's
     * {@link String#strip}, the official-compatible one ({@link ResponseTable}) with Python's {@code str.strip}, which
     * also removes characters Java keeps (see {@code PyText}).
     *
     * @param line a table row
     * @param strip how a cell is trimmed
     * @return its cells, trimmed; {@code \|} is a literal pipe; an outer pipe on either side is optional
     */
    static List<String> cells(String line, UnaryOperator<String> strip) {
        String s = line;
        if (s.startsWith("|")) {
            s = s.substring(1);
        }
        if (s.endsWith("|") && !s.endsWith("\\|")) {
            s = s.substring(0, s.length() - 1);
        }
        List<String> out = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length() && s.charAt(i + 1) == '|') {
                cell.append('|');
                i++;
            } else if (c == '|') {
                out.add(strip.apply(cell.toString()));
                cell.setLength(0);
            } else {
                cell.append(c);
            }
        }
        out.add(strip.apply(cell.toString()));
        return out;
    }
}

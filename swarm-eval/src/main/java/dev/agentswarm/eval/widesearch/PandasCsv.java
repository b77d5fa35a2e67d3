package dev.agentswarm.eval.widesearch;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * What {@code pandas.read_csv(...).astype(str)} makes of a delimited text, the way the official evaluation reads both
 * the gold CSV files and the answer's table: the C tokenizer (double-quoted fields, blank lines skipped, short rows
 * padded with missing values, a first data row one field longer than the header turning the first field of every row
 * into an index, any other long row an error), duplicate header names renamed {@code a}, {@code a.1}, blank ones
 * {@code Unnamed: i}; then each column's type inferred (int64, uint64, float64, bool, object) and every cell rendered
 * as Python's {@code str()} renders it: a missing value as {@code nan}, an integer column with a blank as floats
 * ({@code 1958.0}), a boolean as {@code True}/{@code False}.
 */
final class PandasCsv {

    /** pandas' default missing-value strings. */
    static final Set<String> NA_VALUES = Set.of(
            "",
            "#N/A",
            "#N/A N/A",
            "#NA",
            "-1.#IND",
            "-1.#QNAN",
            "-NaN",
            "-nan",
            "1.#IND",
            "1.#QNAN",
            "<NA>",
            "N/A",
            "NA",
            "NULL",
            "NaN",
            "None",
            "n/a",
            "nan",
            "null");

    private static final Set<String> TRUE_VALUES = Set.of("True", "TRUE", "true");
    private static final Set<String> FALSE_VALUES = Set.of("False", "FALSE", "false");
    private static final Pattern INT = Pattern.compile("[+-]?[0-9]+");
    private static final Pattern FLOAT =
            Pattern.compile("[+-]?(?:[0-9]+\\.?[0-9]*|\\.[0-9]+)(?:[eE][+-]?[0-9]+)?|[+-]?(?i:inf|infinity)");
    private static final BigInteger INT64_MIN = BigInteger.valueOf(Long.MIN_VALUE);
    private static final BigInteger UINT64_MAX = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

    private PandasCsv() {}

    /** The text cannot be read as a table; the message is pandas' own. */
    static final class ParseException extends Exception {
        private static final long serialVersionUID = 1L;

        ParseException(String message) {
            super(message);
        }
    }

    /**
     * @param text the delimited text
     * @param sep the delimiter
     * @return the table, every cell rendered as a string
     * @throws ParseException when pandas raises (no columns, a row with too many fields)
     */
    static Frame read(String text, char sep) throws ParseException {
        List<List<String>> records = tokenize(text, sep);
        if (records.isEmpty()) {
            throw new ParseException("No columns to parse from file");
        }
        List<String> header = records.get(0);
        int width = header.size();
        List<List<String>> body = records.subList(1, records.size());
        boolean implicitIndex = !body.isEmpty() && body.get(0).size() == width + 1;
        List<List<String>> rows = new ArrayList<>();
        for (int i = 0; i < body.size(); i++) {
            List<String> r = new ArrayList<>(body.get(i));
            if (implicitIndex) {
                if (r.size() > width + 1) {
                    throw new ParseException("Error tokenizing data. C error: Expected " + (width + 1)
                            + " fields in line " + (i + 2) + ", saw " + r.size());
                }
                r.remove(0);
            } else if (r.size() > width) {
                throw new ParseException("Error tokenizing data. C error: Expected " + width + " fields in line "
                        + (i + 2) + ", saw " + r.size());
            }
            rows.add(r);
        }
        List<String> names = columnNames(header);
        List<List<String>> cells = new ArrayList<>();
        for (int r = 0; r < rows.size(); r++) {
            cells.add(new ArrayList<>());
        }
        for (int c = 0; c < width; c++) {
            List<@Nullable String> raw = new ArrayList<>();
            for (List<String> r : rows) {
                raw.add(c < r.size() ? r.get(c) : null);
            }
            List<String> rendered = renderColumn(raw);
            for (int r = 0; r < rows.size(); r++) {
                cells.get(r).add(rendered.get(r));
            }
        }
        return new Frame(names, cells);
    }

    private static List<String> columnNames(List<String> header) {
        List<String> names = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < header.size(); i++) {
            String h = header.get(i);
            String name = h.isEmpty() ? "Unnamed: " + i : h;
            if (seen.contains(name)) {
                int k = 1;
                while (seen.contains(name + "." + k)) {
                    k++;
                }
                name = name + "." + k;
            }
            seen.add(name);
            names.add(name);
        }
        return names;
    }

    /**
     * Infers a column's type as pandas does and renders each cell as {@code str()} of its value.
     *
     * @param raw the raw fields, null where a short row had none
     * @return the rendered cells
     */
    static List<String> renderColumn(List<@Nullable String> raw) {
        boolean anyNa = false;
        boolean allInt = true;
        boolean allFloat = true;
        boolean allBool = true;
        boolean allIntShaped = true;
        for (String v : raw) {
            if (v == null || NA_VALUES.contains(v)) {
                anyNa = true;
                continue;
            }
            String t = v.strip();
            allInt &= isInt(t);
            allIntShaped &= INT.matcher(t).matches();
            allFloat &= (FLOAT.matcher(t).matches() && !Double.isInfinite(parseNumber(t))) || isSpecialInf(t);
            allBool &= TRUE_VALUES.contains(v) || FALSE_VALUES.contains(v);
        }
        // integers beyond uint64 keep a column of integers as text; among floats they read as floats
        allFloat &= !(allIntShaped && !allInt);
        List<String> out = new ArrayList<>(raw.size());
        for (String v : raw) {
            if (v == null || NA_VALUES.contains(v)) {
                out.add("nan");
            } else if (allInt && !anyNa) {
                out.add(new BigInteger(v.strip().replaceFirst("^\\+", "")).toString());
            } else if (allInt || allFloat) {
                out.add(PyText.floatRepr(parseNumber(v.strip())));
            } else if (allBool) {
                out.add(TRUE_VALUES.contains(v) ? "True" : "False");
            } else {
                out.add(v);
            }
        }
        return out;
    }

    private static boolean isSpecialInf(String t) {
        return t.replaceFirst("^[+-]", "").equalsIgnoreCase("inf")
                || t.replaceFirst("^[+-]", "").equalsIgnoreCase("infinity");
    }

    private static boolean isInt(String t) {
        if (!INT.matcher(t).matches()) {
            return false;
        }
        BigInteger b = new BigInteger(t.replaceFirst("^\\+", ""));
        return b.compareTo(INT64_MIN) >= 0 && b.compareTo(UINT64_MAX) <= 0;
    }

    private static double parseNumber(String t) {
        if (isSpecialInf(t)) {
            return t.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        }
        return Double.parseDouble(t);
    }

    /**
     * The C tokenizer: fields split on {@code sep}, a field that starts with a double quote read up to its closing
     * quote ({@code ""} inside is one quote; delimiters and line breaks inside are kept), blank lines skipped.
     *
     * @throws ParseException when a quoted field never closes
     */
    static List<List<String>> tokenize(String text, char sep) throws ParseException {
        List<List<String>> records = new ArrayList<>();
        List<String> record = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        boolean fieldStart = true;
        boolean lineHasContent = false;
        int i = 0;
        int n = text.length();
        while (i < n) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"') {
                    if (i + 1 < n && text.charAt(i + 1) == '"') {
                        field.append('"');
                        i += 2;
                        continue;
                    }
                    quoted = false;
                } else {
                    field.append(c);
                }
                i++;
                continue;
            }
            if (c == '\r' || c == '\n') {
                if (lineHasContent) {
                    record.add(field.toString());
                    records.add(record);
                }
                record = new ArrayList<>();
                field.setLength(0);
                fieldStart = true;
                lineHasContent = false;
                i += (c == '\r' && i + 1 < n && text.charAt(i + 1) == '\n') ? 2 : 1;
                continue;
            }
            lineHasContent = true;
            if (c == sep) {
                record.add(field.toString());
                field.setLength(0);
                fieldStart = true;
            } else if (c == '"' && fieldStart) {
                quoted = true;
                fieldStart = false;
            } else {
                field.append(c);
                fieldStart = false;
            }
            i++;
        }
        if (quoted) {
            throw new ParseException(
                    "Error tokenizing data. C error: EOF inside string starting at row " + records.size());
        }
        if (lineHasContent) {
            record.add(field.toString());
            records.add(record);
        }
        return records;
    }
}

package dev.agentswarm.eval.widesearch;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Decides whether a predicted cell matches a gold cell. In order:
 * <ol>
 *   <li><b>exact</b>: equal after {@link #normalise} (lower case, markdown emphasis and backticks removed, whitespace
 *       collapsed, a trailing period dropped);</li>
 *   <li><b>near date</b>: both parse as dates in one of the {@link #DATE_PATTERNS} (ISO {@code 2024-03-05},
 *       {@code 2024/03/05}, US {@code 03/05/2024}, European {@code 05.03.2024}, {@code March 5, 2024},
 *       {@code Mar 5, 2024}, {@code 5 March 2024}, {@code 5 Mar 2024}) and lie at most {@code dateToleranceDays}
 *       apart;</li>
 *   <li><b>near number</b>: both parse as numbers (thousands separators, a leading currency sign and a trailing
 *       {@code %} ignored) and {@code |p − g| <= relativeTolerance · max(|p|, |g|)}.</li>
 * </ol>
 *
 * @param relativeTolerance the relative tolerance of numbers, at least 0
 * @param dateToleranceDays the tolerance of dates in days, at least 0
 */
public record CellMatcher(double relativeTolerance, long dateToleranceDays) {

    /** The date patterns tried, in order (English month names, case-insensitive). */
    public static final List<String> DATE_PATTERNS = List.of(
            "yyyy-MM-dd",
            "yyyy/MM/dd",
            "MM/dd/yyyy",
            "dd.MM.yyyy",
            "MMMM d, yyyy",
            "MMM d, yyyy",
            "d MMMM yyyy",
            "d MMM yyyy",
            "MMMM d yyyy");

    private static final List<DateTimeFormatter> FORMATS = DATE_PATTERNS.stream()
            .map(p -> new DateTimeFormatterBuilder()
                    .parseCaseInsensitive()
                    .appendPattern(p)
                    .toFormatter(Locale.ENGLISH))
            .toList();
    private static final Pattern NUMBER = Pattern.compile("[-+]?\\d+(\\.\\d+)?");

    /**
     * Validates the tolerances.
     *
     * @param relativeTolerance the relative tolerance of numbers, at least 0
     * @param dateToleranceDays the tolerance of dates in days, at least 0
     * @throws IllegalArgumentException if a tolerance is negative or not a number
     */
    public CellMatcher {
        if (!(relativeTolerance >= 0) || dateToleranceDays < 0) {
            throw new IllegalArgumentException("tolerances must be >= 0, got relativeTolerance=" + relativeTolerance
                    + ", dateToleranceDays=" + dateToleranceDays);
        }
    }

    /**
     * @param predicted the predicted cell
     * @param gold the gold cell
     * @return whether they match
     */
    public boolean matches(String predicted, String gold) {
        String p = normalise(predicted);
        String g = normalise(gold);
        if (p.equals(g)) {
            return true;
        }
        Optional<LocalDate> pd = date(p);
        Optional<LocalDate> gd = date(g);
        if (pd.isPresent() && gd.isPresent()) {
            return Math.abs(ChronoUnit.DAYS.between(gd.get(), pd.get())) <= dateToleranceDays;
        }
        Optional<Double> pn = number(p);
        Optional<Double> gn = number(g);
        if (pn.isPresent() && gn.isPresent()) {
            double a = pn.get();
            double b = gn.get();
            return Math.abs(a - b) <= relativeTolerance * Math.max(Math.abs(a), Math.abs(b));
        }
        return false;
    }

    /**
     * @param cell a cell
     * @return the cell in lower case, without {@code **}, {@code __}, backticks, surrounding whitespace or a trailing
     *     period, with runs of whitespace collapsed to one space
     */
    public static String normalise(String cell) {
        String s = cell.replace("**", "")
                .replace("__", "")
                .replace("`", "")
                .toLowerCase(Locale.ROOT)
                .replaceAll("\\s+", " ")
                .strip();
        if (s.endsWith(".")) {
            s = s.substring(0, s.length() - 1).strip();
        }
        return s;
    }

    /**
     * @param cell a normalised cell
     * @return its value as a number, if it is one
     */
    static Optional<Double> number(String cell) {
        String s = cell.replaceAll("^[$€£¥]\\s*", "").replaceAll("(?<=\\d),(?=\\d{3}(\\D|$))", "");
        if (s.endsWith("%")) {
            s = s.substring(0, s.length() - 1).strip();
        }
        if (!NUMBER.matcher(s).matches()) {
            return Optional.empty();
        }
        return Optional.of(Double.parseDouble(s));
    }

    /**
     * @param cell a normalised cell
     * @return its value as a date, if it parses in one of the patterns
     */
    static Optional<LocalDate> date(String cell) {
        for (DateTimeFormatter f : FORMATS) {
            try {
                return Optional.of(LocalDate.parse(cell, f));
            } catch (DateTimeParseException e) {
                // try the next pattern
            }
        }
        return Optional.empty();
    }
}

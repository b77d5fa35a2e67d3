package dev.agentswarm.eval.widesearch;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A Java approximation of {@code dateparser.parse(text, settings={"PREFER_DAY_OF_MONTH": "first"})} for the shapes
 * dates take in answer tables (English month names, month-day-year order as dateparser's default for English):
 * <ul>
 *   <li>{@code 2024-03-05}, {@code 2024/03/05}, {@code 2024.03.05}, optionally with a time {@code T10:00[:00]} or
 *       {@code 10:00[:00]};</li>
 *   <li>{@code 03/05/2024}, {@code 03-05-2024}, {@code 03.05.2024}: month first, day first when the first number
 *       exceeds 12;</li>
 *   <li>{@code March 5, 2024}, {@code Mar 5 2024}, {@code March 5th, 2024}, {@code 5 March 2024},
 *       {@code 5th Mar 2024}, with an optional leading weekday;</li>
 *   <li>{@code March 2024}, {@code 2024-03}, {@code 3/2024}: the first of the month;</li>
 *   <li>{@code 2024年3月5日}, {@code 2024年3月};</li>
 *   <li>a year alone ({@code 1958}): the first of today's month in that year, as dateparser fills a missing month
 *       with the current one.</li>
 * </ul>
 * Anything else is unparseable (dateparser reads more, for example relative dates and other languages; the
 * documentation lists the differences). Invalid dates such as {@code 2020-02-30} are unparseable, as in dateparser.
 */
final class DateParsing {

    private static final Map<String, Integer> MONTHS = Map.ofEntries(
            Map.entry("jan", 1),
            Map.entry("january", 1),
            Map.entry("feb", 2),
            Map.entry("february", 2),
            Map.entry("mar", 3),
            Map.entry("march", 3),
            Map.entry("apr", 4),
            Map.entry("april", 4),
            Map.entry("may", 5),
            Map.entry("jun", 6),
            Map.entry("june", 6),
            Map.entry("jul", 7),
            Map.entry("july", 7),
            Map.entry("aug", 8),
            Map.entry("august", 8),
            Map.entry("sep", 9),
            Map.entry("sept", 9),
            Map.entry("september", 9),
            Map.entry("oct", 10),
            Map.entry("october", 10),
            Map.entry("nov", 11),
            Map.entry("november", 11),
            Map.entry("dec", 12),
            Map.entry("december", 12));
    private static final String TIME = "(?:[T ](\\d{1,2}):(\\d{2})(?::(\\d{2}))?)?";
    private static final Pattern YMD = Pattern.compile("(\\d{4})([-/.])(\\d{1,2})\\2(\\d{1,2})" + TIME);
    private static final Pattern MDY = Pattern.compile("(\\d{1,2})([-/.])(\\d{1,2})\\2(\\d{4})");
    private static final Pattern YM = Pattern.compile("(\\d{4})-(\\d{1,2})");
    private static final Pattern MY = Pattern.compile("(\\d{1,2})/(\\d{4})");
    private static final String WEEKDAY =
            "(?:(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(?:day|nesday|sday|urday)?\\.?,?\\s+)?";
    private static final Pattern NAME_DY = Pattern.compile(
            WEEKDAY + "([a-z]+)\\.?\\s+(\\d{1,2})(?:st|nd|rd|th)?,?\\s+(\\d{4})", Pattern.CASE_INSENSITIVE);
    private static final Pattern D_NAME_Y = Pattern.compile(
            WEEKDAY + "(\\d{1,2})(?:st|nd|rd|th)?\\s+(?:of\\s+)?([a-z]+)\\.?,?\\s+(\\d{4})", Pattern.CASE_INSENSITIVE);
    private static final Pattern NAME_Y = Pattern.compile("([a-z]+)\\.?,?\\s+(\\d{4})", Pattern.CASE_INSENSITIVE);
    private static final Pattern CJK = Pattern.compile("(\\d{4})年(\\d{1,2})月(?:(\\d{1,2})日)?");
    private static final Pattern YEAR = Pattern.compile("(\\d{4})");

    private DateParsing() {}

    /**
     * @param text a cell
     * @param today the current date, which fills a missing month
     * @return the date and time, or null when unparseable
     */
    static @Nullable LocalDateTime parse(String text, LocalDate today) {
        String s = PyText.strip(text);
        try {
            Matcher m = YMD.matcher(s);
            if (m.matches()) {
                LocalDate d = LocalDate.of(i(m, 1), i(m, 3), i(m, 4));
                LocalTime t = m.group(5) == null
                        ? LocalTime.MIDNIGHT
                        : LocalTime.of(i(m, 5), i(m, 6), m.group(7) == null ? 0 : i(m, 7));
                return d.atTime(t);
            }
            m = MDY.matcher(s);
            if (m.matches()) {
                int a = i(m, 1);
                int b = i(m, 3);
                return a > 12 ? date(i(m, 4), b, a) : date(i(m, 4), a, b);
            }
            m = YM.matcher(s);
            if (m.matches()) {
                return date(i(m, 1), i(m, 2), 1);
            }
            m = MY.matcher(s);
            if (m.matches()) {
                return date(i(m, 2), i(m, 1), 1);
            }
            m = NAME_DY.matcher(s);
            if (m.matches() && month(m.group(1)) != null) {
                return date(i(m, 3), month(m.group(1)), i(m, 2));
            }
            m = D_NAME_Y.matcher(s);
            if (m.matches() && month(m.group(2)) != null) {
                return date(i(m, 3), month(m.group(2)), i(m, 1));
            }
            m = NAME_Y.matcher(s);
            if (m.matches() && month(m.group(1)) != null) {
                return date(i(m, 2), month(m.group(1)), 1);
            }
            m = CJK.matcher(s);
            if (m.matches()) {
                return date(i(m, 1), i(m, 2), m.group(3) == null ? 1 : i(m, 3));
            }
            m = YEAR.matcher(s);
            if (m.matches()) {
                return date(i(m, 1), today.getMonthValue(), 1);
            }
        } catch (DateTimeException e) {
            return null;
        }
        return null;
    }

    private static @Nullable Integer month(String name) {
        return MONTHS.get(name.toLowerCase(Locale.ROOT));
    }

    private static LocalDateTime date(int year, @Nullable Integer month, int day) {
        if (month == null) {
            throw new DateTimeException("no month");
        }
        return LocalDate.of(year, month, day).atStartOfDay();
    }

    private static int i(Matcher m, int group) {
        String g = m.group(group);
        return g == null ? 0 : Integer.parseInt(g);
    }
}

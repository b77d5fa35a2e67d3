package dev.agentswarm.eval.widesearch;

import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/** The preprocessors and the cell metrics of the official evaluation pipeline, rule for rule. */
final class Methods {

    private static final Pattern NUMBER =
            Pattern.compile("[-+]?\\d*\\.\\d+%?|[-+]?\\d+\\.?\\d*%?", Pattern.UNICODE_CHARACTER_CLASS);
    private static final Pattern URL =
            Pattern.compile("http[s]?://(?:[a-zA-Z]|[0-9]|[$-_@.&+]|[!*\\\\(\\\\),]|(?:%[0-9a-fA-F][0-9a-fA-F]))+");

    private Methods() {}

    /**
     * @param content a cell
     * @return {@code norm_str}: lower case, stripped, without any space or {@code *}
     */
    static String normStr(String content) {
        return PyText.strip(PyText.lower(content)).replace(" ", "").replace("*", "");
    }

    /**
     * @param content a cell
     * @return {@code extract_number}: the first number (with its {@code %}) after commas are removed, or
     *     {@code NULL}
     */
    static String extractNumber(String content) {
        Matcher m = NUMBER.matcher(content.replace(",", ""));
        return m.find() ? m.group() : "NULL";
    }

    /**
     * @param content a cell
     * @param today the current date
     * @return {@code norm_date}: the date as {@code yyyy-MM-dd}, or the cell unchanged when unparseable
     */
    static String normDate(String content, LocalDate today) {
        LocalDateTime d = DateParsing.parse(content, today);
        return d == null ? content : d.toLocalDate().toString();
    }

    /**
     * @param response the answer's cell
     * @param target the gold cell
     * @return {@code exact_match}: equal ignoring case
     */
    static boolean exactMatch(String response, String target) {
        return PyText.lower(response).equals(PyText.lower(target));
    }

    /**
     * @param response the answer's cell
     * @param target the gold cell
     * @return {@code in_match}: the response is a substring of the target
     */
    static boolean inMatch(String response, String target) {
        return target.contains(response);
    }

    /**
     * @param response the answer's cell
     * @param target the gold cell
     * @return {@code url_match}: the sets of hosts (with port) of the URLs in each are equal (two cells without URLs
     *     match)
     */
    static boolean urlMatch(String response, String target) {
        return hosts(response).equals(hosts(target));
    }

    private static Set<String> hosts(String text) {
        Set<String> out = new HashSet<>();
        Matcher m = URL.matcher(text);
        while (m.find()) {
            String url = m.group();
            String rest = url.substring(url.indexOf("//") + 2);
            int end = rest.length();
            for (char c : new char[] {'/', '?', '#'}) {
                int k = rest.indexOf(c);
                if (k >= 0 && k < end) {
                    end = k;
                }
            }
            out.add(rest.substring(0, end));
        }
        return out;
    }

    /**
     * @param response the answer's cell
     * @param target the gold cell
     * @param criterion the relative tolerance
     * @return {@code number_near}: both read as numbers ({@code %} divides by 100) and
     *     {@code |r − t| ≤ |t| · criterion}; two unreadable cells match when equal
     */
    static boolean numberNear(String response, String target, double criterion) {
        Double r = number(response);
        Double t = number(target);
        if (r == null || t == null) {
            return r == null && t == null && response.equals(target);
        }
        return Math.abs(r - t) <= Math.abs(t) * criterion;
    }

    private static @Nullable Double number(String cell) {
        if (cell.contains("%")) {
            Double v = PyText.parseFloat(cell.replace("%", ""));
            return v == null ? null : v / 100.0;
        }
        return PyText.parseFloat(cell);
    }

    /**
     * @param response the answer's cell
     * @param target the gold cell
     * @param today the current date
     * @return {@code date_near}: both parse as dates at most 31 days apart, or neither parses
     */
    static boolean dateNear(String response, String target, LocalDate today) {
        LocalDateTime r = DateParsing.parse(response, today);
        LocalDateTime t = DateParsing.parse(target, today);
        if (r == null || t == null) {
            return r == null && t == null;
        }
        long seconds = Duration.between(t, r).toSeconds();
        return Math.abs(Math.floorDiv(seconds, 86_400L)) <= 31;
    }
}

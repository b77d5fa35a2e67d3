package dev.agentswarm.eval.widesearch;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Python's text semantics where the official evaluation depends on them: {@code str.strip()}, {@code float()},
 * {@code str(float)} and {@code repr()} of strings, lists and dicts (the LLM prompts embed them).
 */
final class PyText {

    private static final Pattern FLOAT_BODY = Pattern.compile(
            "[+-]?(?:(?:\\d(?:_?\\d)*)(?:\\.(?:\\d(?:_?\\d)*)?)?|\\.\\d(?:_?\\d)*)(?:[eE][+-]?\\d(?:_?\\d)*)?");
    private static final Pattern SPECIAL = Pattern.compile("[+-]?(?:inf|infinity|nan)", Pattern.CASE_INSENSITIVE);

    private PyText() {}

    /**
     * @param c a code point
     * @return whether Python's {@code str.isspace()} holds for it
     */
    static boolean isSpace(int c) {
        return (c >= 0x09 && c <= 0x0d)
                || (c >= 0x1c && c <= 0x20)
                || c == 0x85
                || c == 0xa0
                || c == 0x1680
                || (c >= 0x2000 && c <= 0x200a)
                || c == 0x2028
                || c == 0x2029
                || c == 0x202f
                || c == 0x205f
                || c == 0x3000;
    }

    /**
     * @param s a string
     * @return {@code s.strip()} in Python
     */
    static String strip(String s) {
        int start = 0;
        int end = s.length();
        while (start < end && isSpace(s.charAt(start))) {
            start++;
        }
        while (end > start && isSpace(s.charAt(end - 1))) {
            end--;
        }
        return s.substring(start, end);
    }

    /**
     * @param s a string
     * @return {@code s.lower()} in Python (for the characters that occur in tables)
     */
    static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }

    /**
     * Python's {@code float(s)}: surrounding whitespace, a sign, underscores between digits, Unicode decimal digits,
     * {@code inf}, {@code infinity} and {@code nan} in any case.
     *
     * @param s the text
     * @return the value, or null when Python raises {@code ValueError}
     */
    static @Nullable Double parseFloat(String s) {
        String t = asciiDigits(strip(s));
        if (SPECIAL.matcher(t).matches()) {
            boolean negative = t.startsWith("-");
            String body = t.replaceFirst("^[+-]", "").toLowerCase(Locale.ROOT);
            if (body.equals("nan")) {
                return Double.NaN;
            }
            return negative ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        }
        if (!FLOAT_BODY.matcher(t).matches()) {
            return null;
        }
        return Double.parseDouble(t.replace("_", ""));
    }

    /**
     * @param s a string
     * @return s with every Unicode decimal digit replaced by its ASCII digit (Python's {@code float} accepts them)
     */
    static String asciiDigits(String s) {
        StringBuilder b = new StringBuilder(s.length());
        s.codePoints().forEach(c -> {
            if (c > 0x7f && Character.getType(c) == Character.DECIMAL_DIGIT_NUMBER) {
                b.append((char) ('0' + Character.digit(c, 10)));
            } else {
                b.appendCodePoint(c);
            }
        });
        return b.toString();
    }

    /**
     * Python's {@code repr(float)} (equal to {@code str(float)}): the shortest decimal that reads back as the same
     * double; positional from 1e-4 up to 1e16, scientific outside.
     *
     * @param d the value
     * @return the text, for example {@code 1958.0}, {@code 1e+16}, {@code 1.5e-05}, {@code nan}
     */
    static String floatRepr(double d) {
        if (Double.isNaN(d)) {
            return "nan";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "inf" : "-inf";
        }
        if (d == 0) {
            return (1 / d < 0) ? "-0.0" : "0.0";
        }
        BigDecimal exact = new BigDecimal(d);
        BigDecimal shortest = exact;
        for (int p = 1; p <= 17; p++) {
            BigDecimal r = exact.round(new MathContext(p, RoundingMode.HALF_EVEN));
            if (r.doubleValue() == d) {
                shortest = r;
                break;
            }
        }
        shortest = shortest.stripTrailingZeros();
        String digits = shortest.unscaledValue().abs().toString();
        int exponent = digits.length() - 1 - shortest.scale();
        String sign = d < 0 ? "-" : "";
        if (exponent >= -5 + 1 && exponent < 16) {
            String plain = shortest.abs().toPlainString();
            return sign + (plain.contains(".") ? plain : plain + ".0");
        }
        String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
        String exp = String.format(Locale.ROOT, "%02d", Math.abs(exponent));
        return sign + mantissa + "e" + (exponent < 0 ? "-" : "+") + exp;
    }

    /**
     * @param s a string
     * @return Python's {@code repr(s)}: single quotes unless the text holds a single quote and no double quote
     */
    static String repr(String s) {
        char quote = s.indexOf('\'') >= 0 && s.indexOf('"') < 0 ? '"' : '\'';
        StringBuilder b = new StringBuilder(s.length() + 2).append(quote);
        s.codePoints().forEach(c -> {
            if (c == quote || c == '\\') {
                b.append('\\').appendCodePoint(c);
            } else if (c == '\n') {
                b.append("\\n");
            } else if (c == '\r') {
                b.append("\\r");
            } else if (c == '\t') {
                b.append("\\t");
            } else if (printable(c)) {
                b.appendCodePoint(c);
            } else if (c <= 0xff) {
                b.append(String.format(Locale.ROOT, "\\x%02x", c));
            } else if (c <= 0xffff) {
                b.append(String.format(Locale.ROOT, "\\u%04x", c));
            } else {
                b.append(String.format(Locale.ROOT, "\\U%08x", c));
            }
        });
        return b.append(quote).toString();
    }

    private static boolean printable(int c) {
        if (c == ' ') {
            return true;
        }
        int t = Character.getType(c);
        return t != Character.CONTROL
                && t != Character.FORMAT
                && t != Character.SURROGATE
                && t != Character.PRIVATE_USE
                && t != Character.UNASSIGNED
                && t != Character.LINE_SEPARATOR
                && t != Character.PARAGRAPH_SEPARATOR
                && t != Character.SPACE_SEPARATOR;
    }

    /**
     * @param values strings
     * @return Python's {@code repr(list)} of them
     */
    static String repr(List<String> values) {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                b.append(", ");
            }
            b.append(repr(values.get(i)));
        }
        return b.append(']').toString();
    }

    /**
     * @param map an insertion-ordered map of string to string, or of string to such a map
     * @return Python's {@code repr(dict)} of it
     */
    static String reprDict(Map<String, ?> map) {
        StringBuilder b = new StringBuilder("{");
        boolean first = true;
        for (Map.Entry<String, ?> e : map.entrySet()) {
            if (!first) {
                b.append(", ");
            }
            first = false;
            b.append(repr(e.getKey())).append(": ");
            Object v = e.getValue();
            if (v instanceof Map<?, ?> m) {
                @SuppressWarnings("unchecked")
                Map<String, ?> inner = (Map<String, ?>) m;
                b.append(reprDict(inner));
            } else {
                b.append(repr(String.valueOf(v)));
            }
        }
        return b.append('}').toString();
    }
}

package dev.agentswarm.security;

/**
 * Where JSON escape sequences ({@code \n}, {@code \"}, <code>&#92;u000d</code>) begin and end, so that a redacted interval
 * never cuts one in half: a journal line stays valid JSON after redaction.
 */
final class Escapes {

    /** Beyond this many backslashes in a row, parity is not counted and the backslash is taken as an escape. */
    private static final int MAX_RUN = 64;

    private Escapes() {}

    /**
     * @param text the text
     * @param i the index of a backslash
     * @return whether that backslash begins an escape sequence (it is preceded by an even number of backslashes)
     */
    static boolean escapes(String text, int i) {
        int run = 0;
        for (int p = i; p >= 0 && text.charAt(p) == '\\'; p--) {
            run++;
            if (run > MAX_RUN) {
                return true;
            }
        }
        return (run & 1) == 1;
    }

    /**
     * @param text the text
     * @param start the start of an interval
     * @return the start moved back to the backslash of an escape sequence it would otherwise begin inside
     */
    static int widenStart(String text, int start) {
        if (start > 0 && text.charAt(start - 1) == '\\' && escapes(text, start - 1)) {
            return start - 1;
        }
        for (int k = 2; k <= 5 && start - k >= 0; k++) {
            int p = start - k;
            if (text.charAt(p) == '\\' && text.charAt(p + 1) == 'u' && hex(text, p + 2, start) && escapes(text, p)) {
                return p;
            }
        }
        return start;
    }

    /**
     * @param text the text
     * @param end the end (exclusive) of an interval
     * @return the end moved forward past an escape sequence it would otherwise end inside
     */
    static int widenEnd(String text, int end) {
        int n = text.length();
        if (end > 0 && end < n && text.charAt(end - 1) == '\\' && escapes(text, end - 1)) {
            return text.charAt(end) == 'u' ? Math.min(n, end + 5) : end + 1;
        }
        for (int k = 2; k <= 5 && end - k >= 0; k++) {
            int p = end - k;
            if (text.charAt(p) == '\\' && text.charAt(p + 1) == 'u' && hex(text, p + 2, end) && escapes(text, p)) {
                return Math.min(n, p + 6);
            }
        }
        return end;
    }

    /**
     * @param text the text
     * @param from the first index
     * @param to the index after the last
     * @return whether every character in between is a hex digit
     */
    static boolean hex(String text, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) {
                return false;
            }
        }
        return true;
    }
}

package dev.agentswarm.cli;

import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Makes untrusted text safe to print on a terminal. Model output, subagent names, model names from cassettes and
 * error messages may hold characters a terminal acts on: ANSI escape sequences (ESC, or the one-character C1 CSI
 * U+009B) that move the cursor, clear the screen, set the window title or write to the clipboard, a carriage return
 * or backspaces that overwrite what was printed, and Unicode bidirectional overrides that make text read differently
 * from what it is. Each such character is printed as a visible escape such as <code>&#92;u001b</code>, so that the text is shown as
 * it is, never interpreted.
 */
final class Terminal {

    private Terminal() {}

    /**
     * For a value shown on one line (a name, a reason, a message): every control character is escaped, line breaks
     * and tabs included.
     *
     * @param s the untrusted text, or null
     * @return the text, safe on one line ("" for null)
     */
    static String line(@Nullable String s) {
        return escape(s, false);
    }

    /**
     * For multi-line text (an answer): line feeds and tabs are kept, every other control character is escaped.
     *
     * @param s the untrusted text, or null
     * @return the text, safe to print ("" for null)
     */
    static String text(@Nullable String s) {
        return escape(s, true);
    }

    private static String escape(@Nullable String s, boolean multiLine) {
        if (s == null) {
            return "";
        }
        int i = 0;
        while (i < s.length() && !unsafe(s.charAt(i), multiLine)) {
            i++;
        }
        if (i == s.length()) {
            return s;
        }
        StringBuilder sb = new StringBuilder(s.length() + 16).append(s, 0, i);
        for (; i < s.length(); i++) {
            char c = s.charAt(i);
            if (unsafe(c, multiLine)) {
                sb.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    /**
     * C0 controls (but LF and TAB in multi-line text), DEL, C1 controls, the bidirectional marks, embeddings,
     * overrides and isolates, and the Unicode line and paragraph separators.
     */
    static boolean unsafe(char c, boolean multiLine) {
        if (c < 0x20) {
            return !(multiLine && (c == '\n' || c == '\t'));
        }
        return (c >= 0x7f && c <= 0x9f)
                || c == 0x061c
                || c == 0x200e
                || c == 0x200f
                || (c >= 0x202a && c <= 0x202e)
                || (c >= 0x2066 && c <= 0x2069)
                || c == 0x2028
                || c == 0x2029;
    }
}

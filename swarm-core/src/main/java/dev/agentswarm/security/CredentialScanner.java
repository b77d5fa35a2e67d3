package dev.agentswarm.security;

/**
 * Finds credentials by their context or their shape, in one left-to-right pass over the text's tokens (runs of
 * {@code [A-Za-z0-9_-]}); no regular expression, so no backtracking: linear in the text whatever it holds.
 *
 * <ul>
 *   <li>the value after a credential header or parameter name ({@code Authorization}, {@code Proxy-Authorization},
 *       {@code x-api-key}, {@code api-key}, {@code x-goog-api-key}, {@code api_key}, {@code apikey},
 *       {@code access_token}, {@code auth_token}, {@code client_secret}, or a name ending in one of them such as
 *       {@code OPENAI_API_KEY}) and a {@code :} or {@code =}, as in headers, JSON, query strings and map dumps; a
 *       scheme word ({@code Bearer}, {@code Basic}, {@code Token}, {@code Digest}) before the value is kept;</li>
 *   <li>the credential after {@code Bearer}: at least 8 characters with a digit;</li>
 *   <li>well-known key shapes: OpenAI and Anthropic {@code sk-...}, Stripe {@code sk_live_...}, Google
 *       {@code AIza...}, GitHub {@code ghp_...}/{@code github_pat_...}, GitLab {@code glpat-...}, Slack
 *       {@code xoxb-...}, AWS access key ids {@code AKIA...}/{@code ASIA...}, Hugging Face {@code hf_...}, and JWTs
 *       {@code eyJ....eyJ....sig}.</li>
 * </ul>
 * A token right after a JSON escape ({@code \n}, <code>&#92;u000a</code>) counts from after the escape.
 */
final class CredentialScanner {

    /** Credential names; a token that is one of them, or ends with {@code -} or {@code _} and one of them. */
    private static final String[] NAMES = {
        "authorization",
        "api-key",
        "api_key",
        "apikey",
        "access_token",
        "access-token",
        "auth_token",
        "auth-token",
        "client_secret",
        "client-secret",
    };

    private static final String[] SCHEMES = {"bearer", "basic", "token", "digest"};
    private static final String[] GITHUB = {"ghp_", "gho_", "ghu_", "ghs_", "ghr_"};
    private static final String[] STRIPE = {"sk_live_", "sk_test_", "rk_live_", "rk_test_"};
    /** How far past a name its separator may be ({@code "}, {@code '}, {@code \}, blanks, {@code [}). */
    private static final int MAX_SEPARATOR = 6;

    private CredentialScanner() {}

    /**
     * Adds the intervals of every credential found.
     *
     * @param t the text
     * @param spans where intervals go
     */
    static void scan(String t, Spans spans) {
        int n = t.length();
        int i = 0;
        while (i < n) {
            if (!isTokenChar(t.charAt(i))) {
                i++;
                continue;
            }
            int s = i;
            int e = s + 1;
            while (e < n && isTokenChar(t.charAt(e))) {
                e++;
            }
            int es = afterEscape(t, s, e);
            int next = e;
            if (es < e) {
                int shape = shapeEnd(t, es, e);
                if (shape > 0) {
                    spans.add(es, shape);
                    next = shape;
                } else if (isName(t, es, e)) {
                    next = Math.max(e, value(t, e, spans));
                } else if (e - es == 6 && t.regionMatches(true, es, "bearer", 0, 6)) {
                    next = Math.max(e, bearer(t, e, spans));
                }
            }
            i = next;
        }
    }

    /** Where a token starts when its first characters end a JSON escape ({@code \n}, <code>&#92;u000a</code>). */
    private static int afterEscape(String t, int s, int e) {
        if (s == 0 || t.charAt(s - 1) != '\\' || !Escapes.escapes(t, s - 1)) {
            return s;
        }
        char c = t.charAt(s);
        if (c == 'u' && s + 5 <= e && Escapes.hex(t, s + 1, s + 5)) {
            return s + 5;
        }
        return c == 'n' || c == 'r' || c == 't' || c == 'b' || c == 'f' ? s + 1 : s;
    }

    private static boolean isName(String t, int s, int e) {
        // Every name is at least 6 characters long and ends in n, y or t: most tokens are rejected here.
        char last = (char) (t.charAt(e - 1) | 0x20);
        if (e - s < 6 || (last != 'n' && last != 'y' && last != 't')) {
            return false;
        }
        for (String name : NAMES) {
            int nl = name.length();
            int at = e - nl;
            if (at >= s
                    && t.regionMatches(true, at, name, 0, nl)
                    && (at == s || t.charAt(at - 1) == '-' || t.charAt(at - 1) == '_')) {
                return true;
            }
        }
        return false;
    }

    /**
     * The value after a credential name: separator, optional scheme word, then the credential.
     *
     * @return where scanning goes on
     */
    private static int value(String t, int p, Spans spans) {
        int n = t.length();
        p = skip(t, p, false);
        if (p >= n || (t.charAt(p) != ':' && t.charAt(p) != '=')) {
            return p;
        }
        p = skip(t, p + 1, true);
        int marked = markerEnd(t, p);
        if (marked > 0) {
            return marked;
        }
        int w = p;
        while (w < n && isAsciiLetter(t.charAt(w))) {
            w++;
        }
        if (w > p && w < n && (t.charAt(w) == ' ' || t.charAt(w) == '\t') && isScheme(t, p, w)) {
            p = w;
            while (p < n && (t.charAt(p) == ' ' || t.charAt(p) == '\t')) {
                p++;
            }
            marked = markerEnd(t, p);
            if (marked > 0) {
                return marked;
            }
        }
        int v = credentialEnd(t, p);
        if (v > p) {
            spans.add(p, v);
        }
        return v;
    }

    /** The credential after {@code Bearer}: redacted when it is at least 8 characters with a digit. */
    private static int bearer(String t, int p, Spans spans) {
        int n = t.length();
        int q = p;
        while (q < n && (t.charAt(q) == ' ' || t.charAt(q) == '\t')) {
            q++;
        }
        if (q == p || markerEnd(t, q) > 0) {
            return p;
        }
        int v = credentialEnd(t, q);
        if (v - q >= 8 && hasDigit(t, q, v)) {
            spans.add(q, v);
            return v;
        }
        return p;
    }

    /**
     * The end of the marker when it stands at {@code p}, or {@code p} is just after its opening bracket (which the
     * separator skipping may have passed): redacting again must not wrap the marker in another one.
     *
     * @return the index after the marker, or -1
     */
    private static int markerEnd(String t, int p) {
        if (t.startsWith(Redactor.MARKER, p)) {
            return p + Redactor.MARKER.length();
        }
        return p > 0 && t.startsWith(Redactor.MARKER, p - 1) ? p - 1 + Redactor.MARKER.length() : -1;
    }

    private static int skip(String t, int p, boolean bracket) {
        int n = t.length();
        int limit = Math.min(n, p + MAX_SEPARATOR);
        while (p < limit) {
            char c = t.charAt(p);
            if (c == '"' || c == '\'' || c == '\\' || c == ' ' || c == '\t' || (bracket && c == '[')) {
                p++;
            } else {
                break;
            }
        }
        return p;
    }

    private static int credentialEnd(String t, int p) {
        int n = t.length();
        while (p < n && !isTerminator(t.charAt(p))) {
            p++;
        }
        return p;
    }

    private static boolean isTerminator(char c) {
        return c <= ' '
                || Character.isWhitespace(c)
                || Character.isISOControl(c)
                || c == '"'
                || c == '\''
                || c == ','
                || c == ';'
                || c == ']'
                || c == '}'
                || c == ')'
                || c == '<'
                || c == '>'
                || c == '\\'
                || c == '&';
    }

    private static boolean isScheme(String t, int s, int e) {
        for (String scheme : SCHEMES) {
            if (e - s == scheme.length() && t.regionMatches(true, s, scheme, 0, scheme.length())) {
                return true;
            }
        }
        return false;
    }

    /**
     * The end of a well-known key shape that starts at {@code s}, a token ending at {@code e}.
     *
     * @return the end of the key, or -1 when the token is not one
     */
    private static int shapeEnd(String t, int s, int e) {
        int len = e - s;
        if (len < 16) {
            return -1;
        }
        char c0 = t.charAt(s);
        switch (c0) {
            case 's', 'r' -> {
                if (t.startsWith("sk-", s)) {
                    return len >= 23 && hasDigit(t, s + 3, e) ? e : -1;
                }
                for (String p : STRIPE) {
                    if (t.startsWith(p, s)) {
                        return len >= 24 ? e : -1;
                    }
                }
                return -1;
            }
            case 'A' -> {
                if (t.startsWith("AIza", s)) {
                    return len >= 35 ? e : -1;
                }
                if ((t.startsWith("AKIA", s) || t.startsWith("ASIA", s)) && len == 20 && upperOrDigit(t, s + 4, e)) {
                    return e;
                }
                return -1;
            }
            case 'g' -> {
                for (String p : GITHUB) {
                    if (t.startsWith(p, s)) {
                        return len >= 24 ? e : -1;
                    }
                }
                if (t.startsWith("github_pat_", s)) {
                    return len >= 30 ? e : -1;
                }
                if (t.startsWith("glpat-", s)) {
                    return len >= 26 ? e : -1;
                }
                return -1;
            }
            case 'x' -> {
                if (t.startsWith("xox", s) && "abposr".indexOf(t.charAt(s + 3)) >= 0 && t.charAt(s + 4) == '-') {
                    return hasDigit(t, s + 5, e) ? e : -1;
                }
                return -1;
            }
            case 'h' -> {
                return t.startsWith("hf_", s) && len >= 30 ? e : -1;
            }
            case 'e' -> {
                return t.startsWith("eyJ", s) ? jwtEnd(t, e) : -1;
            }
            default -> {
                return -1;
            }
        }
    }

    /** A JWT: this first segment, a dot, a second segment of at least 10 characters, a dot, a signature. */
    private static int jwtEnd(String t, int e) {
        int n = t.length();
        if (e >= n || t.charAt(e) != '.') {
            return -1;
        }
        int p = e + 1;
        int q = p;
        while (q < n && isTokenChar(t.charAt(q))) {
            q++;
        }
        if (q - p < 10 || q >= n || t.charAt(q) != '.') {
            return -1;
        }
        int r = q + 1;
        while (r < n && isTokenChar(t.charAt(r))) {
            r++;
        }
        return r;
    }

    static boolean isTokenChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
    }

    private static boolean isAsciiLetter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    private static boolean hasDigit(String t, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = t.charAt(i);
            if (c >= '0' && c <= '9') {
                return true;
            }
        }
        return false;
    }

    private static boolean upperOrDigit(String t, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = t.charAt(i);
            if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))) {
                return false;
            }
        }
        return true;
    }
}

package dev.agentswarm.security;

import dev.agentswarm.event.SwarmEvent;
import dev.agentswarm.report.SwarmResult;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Replaces secrets in text with {@value #MARKER}. It finds:
 *
 * <ul>
 *   <li><b>registered secrets</b>: each value as given, trimmed, with its whitespace and control characters removed,
 *       JSON-escaped (a carriage return as the two characters {@code \r} or as <code>&#92;u000d</code>), URL-encoded, each
 *       whitespace-separated piece of at least {@value #MIN_SECRET_LENGTH} characters, and any run of at least
 *       {@value #MIN_FRAGMENT_LENGTH} characters of any of these (what is left of a key that a message cut short);</li>
 *   <li><b>credential headers and parameters</b>: the value after {@code Authorization}, {@code Proxy-Authorization},
 *       {@code x-api-key}, {@code api-key}, {@code x-goog-api-key}, {@code api_key}, {@code access_token},
 *       {@code client_secret} (or a name ending in one of them, such as {@code OPENAI_API_KEY}) and {@code :} or
 *       {@code =}; and the credential after {@code Bearer} (at least 8 characters with a digit);</li>
 *   <li><b>well-known key shapes</b>: OpenAI and Anthropic {@code sk-...}, Stripe {@code sk_live_...}, Google
 *       {@code AIza...}, GitHub {@code ghp_...} and {@code github_pat_...}, GitLab {@code glpat-...}, Slack
 *       {@code xox?-...}, AWS {@code AKIA...}/{@code ASIA...}, Hugging Face {@code hf_...}, and JWTs
 *       ({@code eyJ...} with two dots).</li>
 * </ul>
 *
 * <p>Redaction is linear in the length of the text (no regular expressions: a suffix automaton of the secrets and
 * one pass over the text's tokens), allocates nothing more than a small scanner when there is nothing to redact, and
 * never throws: should the scan itself fail, the whole text is withheld. A redacted JSON text stays valid JSON: an
 * interval never starts or ends inside an escape sequence.
 *
 * <p>Immutable and thread-safe. Its {@link #toString()} never shows a secret.
 */
public final class Redactor {

    /** What every secret is replaced with. */
    public static final String MARKER = "[REDACTED]";

    /** The fewest characters a secret may have once trimmed; a shorter value would redact ordinary text. */
    public static final int MIN_SECRET_LENGTH = 8;

    /** The most characters a secret may have. */
    public static final int MAX_SECRET_LENGTH = 16_384;

    /** The shortest run of a registered secret's characters that is redacted wherever it appears. */
    public static final int MIN_FRAGMENT_LENGTH = 12;

    /** What a text becomes in the unexpected case that scanning it failed. */
    static final String WITHHELD = MARKER + " (text withheld: it could not be checked for secrets)";

    private static final Redactor DEFAULTS = new Redactor(List.of());

    private final List<String> secrets;
    private final @Nullable SuffixAutomaton fragments;
    private final String[] shortVariants;

    private Redactor(List<String> secrets) {
        this.secrets = List.copyOf(secrets);
        List<String> longOnes = new ArrayList<>();
        Set<String> shortOnes = new LinkedHashSet<>();
        for (String secret : this.secrets) {
            for (String v : variants(secret)) {
                if (v.length() >= MIN_FRAGMENT_LENGTH) {
                    longOnes.add(v);
                } else if (v.length() >= MIN_SECRET_LENGTH) {
                    shortOnes.add(v);
                }
            }
        }
        this.fragments = longOnes.isEmpty() ? null : SuffixAutomaton.of(longOnes);
        this.shortVariants = shortOnes.toArray(new String[0]);
    }

    /** @return a redactor of credential headers and well-known key shapes, with no registered secret */
    public static Redactor defaults() {
        return DEFAULTS;
    }

    /**
     * A redactor of credential headers, well-known key shapes and these secrets.
     *
     * @param secrets the secret values, such as API keys, as they were read (a trailing newline may stay)
     * @return the redactor
     * @throws IllegalArgumentException if a secret is shorter than {@value #MIN_SECRET_LENGTH} characters once
     *     trimmed, or longer than {@value #MAX_SECRET_LENGTH}; the message never shows the value
     */
    public static Redactor of(Collection<String> secrets) {
        return DEFAULTS.withSecrets(secrets);
    }

    /**
     * This redactor with one more secret.
     *
     * @param secret the secret value, as it was read
     * @return a new redactor
     * @throws IllegalArgumentException if the secret is shorter than {@value #MIN_SECRET_LENGTH} characters once
     *     trimmed, or longer than {@value #MAX_SECRET_LENGTH}; the message never shows the value
     */
    public Redactor withSecret(String secret) {
        return withSecrets(List.of(Objects.requireNonNull(secret, "secret")));
    }

    /**
     * This redactor with more secrets.
     *
     * @param more the secret values, as they were read
     * @return a new redactor, or this one when {@code more} is empty
     * @throws IllegalArgumentException if a secret is shorter than {@value #MIN_SECRET_LENGTH} characters once
     *     trimmed, or longer than {@value #MAX_SECRET_LENGTH}; the message never shows the value
     */
    public Redactor withSecrets(Collection<String> more) {
        Objects.requireNonNull(more, "secrets");
        if (more.isEmpty()) {
            return this;
        }
        List<String> all = new ArrayList<>(secrets);
        for (String s : more) {
            Objects.requireNonNull(s, "a secret is null");
            int length = s.strip().length();
            if (length < MIN_SECRET_LENGTH) {
                throw new IllegalArgumentException("a secret must have at least " + MIN_SECRET_LENGTH
                        + " characters once trimmed, this one has " + length + ": a shorter value would redact "
                        + "ordinary text. Register only real keys and tokens.");
            }
            if (s.length() > MAX_SECRET_LENGTH) {
                throw new IllegalArgumentException(
                        "a secret may have at most " + MAX_SECRET_LENGTH + " characters, this one has " + s.length());
            }
            if (!all.contains(s)) {
                all.add(s);
            }
        }
        return new Redactor(all);
    }

    /** @return how many secret values are registered */
    public int secretCount() {
        return secrets.size();
    }

    /**
     * Redacts a text.
     *
     * @param text the text
     * @return the text with every secret replaced by {@value #MARKER}; the same instance when there was none
     */
    public String redact(String text) {
        Objects.requireNonNull(text, "text");
        if (text.length() < MIN_SECRET_LENGTH) {
            return text;
        }
        try {
            // Registered secrets first; credentials are then found in what is left, so that a marker that now
            // separates a name from a secret glued to it is seen the way a second redaction would see it.
            String out = text;
            Spans secretSpans = new Spans();
            SuffixAutomaton f = fragments;
            if (f != null) {
                f.findRuns(text, MIN_FRAGMENT_LENGTH, secretSpans);
            }
            for (String v : shortVariants) {
                for (int at = text.indexOf(v); at >= 0; at = text.indexOf(v, at + 1)) {
                    secretSpans.add(at, at + v.length());
                }
            }
            if (!secretSpans.isEmpty()) {
                out = secretSpans.apply(text, MARKER);
            }
            Spans credentialSpans = new Spans();
            CredentialScanner.scan(out, credentialSpans);
            return credentialSpans.isEmpty() ? out : credentialSpans.apply(out, MARKER);
        } catch (RuntimeException e) {
            return WITHHELD;
        }
    }

    /**
     * Redacts an event: every text it carries (task, answer, reason, error, model text, tool arguments and results,
     * prompts, names chosen by models), not its ids, model and tool names, numbers and times.
     *
     * @param event the event
     * @return the redacted event; the same instance when there was nothing to redact
     */
    public SwarmEvent redact(SwarmEvent event) {
        return Records.event(this, Objects.requireNonNull(event, "event"));
    }

    /**
     * Redacts a result: its answer and reason, the subagents' names and prompts, and every task's prompt, final
     * message and reason, and the limit lines of its report.
     *
     * @param result the result
     * @return the redacted result; the same instance when there was nothing to redact
     */
    public SwarmResult redact(SwarmResult result) {
        return Records.result(this, Objects.requireNonNull(result, "result"));
    }

    /**
     * @param text a text, or null
     * @return it redacted, or null
     */
    @Nullable
    String redactNullable(@Nullable String text) {
        return text == null ? null : redact(text);
    }

    /**
     * A one-line description of a failure, for reasons, events and logs: its class and the first line of its message
     * (at most 500 characters), redacted. The whole message is redacted before it is cut, so that the cut never
     * leaves part of a secret unrecognised. The one place failures are described.
     *
     * @param error the failure
     * @return its description
     */
    public String describe(Throwable error) {
        String msg = error.getMessage();
        return error.getClass().getSimpleName() + (msg == null || msg.isBlank() ? "" : ": " + firstLine(redact(msg)));
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        String line = nl < 0 ? s : s.substring(0, nl);
        return line.length() > 500 ? line.substring(0, 500) + "…" : line;
    }

    @Override
    public String toString() {
        return "Redactor[" + secrets.size() + " secret" + (secrets.size() == 1 ? "" : "s")
                + ", credential headers, key shapes]";
    }

    /** The forms a secret may take in recorded text. */
    static List<String> variants(String secret) {
        Set<String> v = new LinkedHashSet<>();
        v.add(secret);
        String stripped = secret.strip();
        v.add(stripped);
        StringBuilder compact = new StringBuilder(secret.length());
        StringBuilder piece = new StringBuilder();
        List<String> pieces = new ArrayList<>();
        for (int i = 0; i < secret.length(); i++) {
            char c = secret.charAt(i);
            if (Character.isWhitespace(c) || Character.isISOControl(c) || Character.isSpaceChar(c)) {
                pieces.add(piece.toString());
                piece.setLength(0);
            } else {
                compact.append(c);
                piece.append(c);
            }
        }
        pieces.add(piece.toString());
        v.add(compact.toString());
        for (String s : List.of(secret, stripped, compact.toString())) {
            v.add(jsonEscape(s, Escaping.SHORT));
            v.add(jsonEscape(s, Escaping.SHORT_AND_SLASH));
            v.add(jsonEscape(s, Escaping.UNICODE_LOWER));
            v.add(jsonEscape(s, Escaping.UNICODE_UPPER));
            v.add(URLEncoder.encode(s, StandardCharsets.UTF_8));
            v.add(URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20"));
        }
        for (String p : pieces) {
            if (p.length() >= MIN_SECRET_LENGTH) {
                v.add(p);
            }
        }
        return List.copyOf(v);
    }

    private enum Escaping {
        SHORT,
        SHORT_AND_SLASH,
        UNICODE_LOWER,
        UNICODE_UPPER
    }

    private static String jsonEscape(String s, Escaping how) {
        StringBuilder out = new StringBuilder(s.length() + 8);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean shortForm = how == Escaping.SHORT || how == Escaping.SHORT_AND_SLASH;
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '/' -> out.append(how == Escaping.SHORT_AND_SLASH ? "\\/" : "/");
                case '\n' -> out.append(shortForm ? "\\n" : unicode(c, how));
                case '\r' -> out.append(shortForm ? "\\r" : unicode(c, how));
                case '\t' -> out.append(shortForm ? "\\t" : unicode(c, how));
                case '\b' -> out.append(shortForm ? "\\b" : unicode(c, how));
                case '\f' -> out.append(shortForm ? "\\f" : unicode(c, how));
                default -> out.append(c < 0x20 ? unicode(c, how) : String.valueOf(c));
            }
        }
        return out.toString();
    }

    private static String unicode(char c, Escaping how) {
        String hex = String.format("\\u%04x", (int) c);
        return how == Escaping.UNICODE_UPPER
                ? hex.toUpperCase(java.util.Locale.ROOT).replace("\\U", "\\u")
                : hex;
    }
}

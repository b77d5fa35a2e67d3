package dev.agentswarm.observability;

import dev.agentswarm.security.Redactor;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Whether a run's traces carry prompt and completion content (the user's task and the final answer, task prompts
 * and final messages, subagent system prompts, the orchestrator's turns, tool arguments and results). Off by
 * default: spans then hold names, ids, numbers and statuses only. When on, every text is redacted (the run's events
 * are already redacted by the run's {@code Redactor}; this one adds its own secrets and credential shapes) and cut
 * to a number of characters.
 *
 * <pre>{@code
 * swarm.run(task, RunOptions.defaults().withListener(telemetry.listener(ContentCapture.upTo(4_096))));
 * }</pre>
 *
 * @param enabled whether content is recorded
 * @param maxChars the most characters of one text that are recorded
 * @param redactor what is removed from each text before it is cut
 */
public record ContentCapture(boolean enabled, int maxChars, Redactor redactor) {

    /** The default: no content. */
    public static final ContentCapture OFF = new ContentCapture(false, 0, Redactor.defaults());

    /**
     * Checks the values.
     *
     * @param enabled whether content is recorded
     * @param maxChars the most characters of one text; at least 1 when enabled
     * @param redactor what is removed from each text
     */
    public ContentCapture {
        Objects.requireNonNull(redactor, "redactor");
        if (enabled && maxChars < 1) {
            throw new IllegalArgumentException("maxChars must be at least 1 when content is captured, got " + maxChars
                    + "; use ContentCapture.OFF to record no content");
        }
    }

    /**
     * Content on, each text redacted of credential shapes and cut to {@code maxChars}.
     *
     * @param maxChars the most characters of one text, at least 1
     * @return the setting
     */
    public static ContentCapture upTo(int maxChars) {
        return new ContentCapture(true, maxChars, Redactor.defaults());
    }

    /**
     * The same setting with another redactor, e.g. {@code Redactor.defaults().withSecret(apiKey)}.
     *
     * @param redactor what is removed from each text
     * @return the setting
     */
    public ContentCapture withRedactor(Redactor redactor) {
        return new ContentCapture(enabled, maxChars, redactor);
    }

    /**
     * A text as it may be recorded: redacted, then cut with a marker that gives its length.
     *
     * @param text a text, or null
     * @return what to record, or null when content is off or there is no text
     */
    @Nullable
    String apply(@Nullable String text) {
        if (!enabled || text == null) {
            return null;
        }
        String clean = redactor.redact(text);
        if (clean.length() <= maxChars) {
            return clean;
        }
        int keep = maxChars;
        if (Character.isHighSurrogate(clean.charAt(keep - 1))) {
            keep--;
        }
        return clean.substring(0, keep) + "…[cut: " + clean.length() + " characters]";
    }
}

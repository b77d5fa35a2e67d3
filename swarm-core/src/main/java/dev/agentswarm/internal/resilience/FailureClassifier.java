package dev.agentswarm.internal.resilience;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.agentswarm.resilience.ProviderHttpException;
import dev.langchain4j.exception.HttpException;
import dev.langchain4j.exception.NonRetriableException;
import dev.langchain4j.exception.RetriableException;
import java.io.IOException;
import java.time.Duration;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;

/**
 * Decides whether a failed model call may be retried. The cause chain is searched from the outside in, and the
 * first decisive link wins:
 * <ul>
 *   <li>retryable: HTTP 408, 429 and 5xx (as {@link ProviderHttpException}, LangChain4j's {@link HttpException}, or
 *       its {@code RateLimitException}, {@code InternalServerException} and {@code TimeoutException}, all
 *       {@link RetriableException}s); timeouts ({@link TimeoutException}, {@code HttpTimeoutException},
 *       {@code SocketTimeoutException}); connection failures (any other {@link IOException}: connection reset,
 *       refused, closed, end of stream);</li>
 *   <li>not retryable: other HTTP 4xx such as 400, 401, 403, 404 (LangChain4j's {@link NonRetriableException}s:
 *       invalid request, authentication, model not found, content filtered); a malformed response body (a JSON
 *       parsing error; also the JDK client's "WWW-Authenticate header missing" for a bare 401): retrying a provider that sends garbage burns the budget for nothing; and anything else
 *       (programming errors are not transient).</li>
 * </ul>
 */
final class FailureClassifier {

    private FailureClassifier() {}

    /**
     * The verdict on a failure.
     *
     * @param retryable whether another attempt may succeed
     * @param retryAfter the wait the server asked for, or null
     * @param kind a short name of the failure, e.g. {@code HTTP 429} or {@code connection}
     */
    public record Verdict(boolean retryable, @Nullable Duration retryAfter, String kind) {}

    /**
     * Classifies a failure.
     *
     * @param error the failure
     * @return the verdict
     */
    public static Verdict classify(Throwable error) {
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Throwable t = error; t != null && seen.add(t); t = t.getCause()) {
            Verdict v = decisive(t);
            if (v != null) {
                return v;
            }
            for (Throwable s : t.getSuppressed()) {
                Verdict sv = classify(s);
                if (sv.retryable()) {
                    return sv;
                }
            }
        }
        return new Verdict(false, null, error.getClass().getSimpleName());
    }

    private static @Nullable Verdict decisive(Throwable t) {
        if (t instanceof ProviderHttpException p) {
            return byStatus(p.statusCode(), p.retryAfter());
        }
        if (t instanceof HttpException h) {
            return byStatus(h.statusCode(), null);
        }
        if (t instanceof JsonProcessingException) {
            return new Verdict(false, null, "malformed response");
        }
        if (t instanceof TimeoutException
                || t instanceof java.net.SocketTimeoutException
                || t instanceof java.net.http.HttpTimeoutException) {
            return new Verdict(true, null, "timeout");
        }
        if (t instanceof IOException && String.valueOf(t.getMessage()).contains("WWW-Authenticate header missing")) {
            // The JDK HTTP client reports a 401 without a WWW-Authenticate header (as OpenAI sends it) this way.
            return new Verdict(false, null, "HTTP 401");
        }
        if (t instanceof IOException) {
            return isJsonInCauses(t)
                    ? new Verdict(false, null, "malformed response")
                    : new Verdict(true, null, "connection");
        }
        if (t instanceof NonRetriableException) {
            return hasDecisiveCause(t)
                    ? null
                    : new Verdict(false, null, t.getClass().getSimpleName());
        }
        if (t instanceof RetriableException) {
            return hasDecisiveCause(t)
                    ? null
                    : new Verdict(true, null, t.getClass().getSimpleName());
        }
        return null;
    }

    private static boolean hasDecisiveCause(Throwable t) {
        for (Throwable c = t.getCause(); c != null && c != t; c = c.getCause()) {
            if (c instanceof ProviderHttpException || c instanceof HttpException) {
                return true;
            }
        }
        return false;
    }

    private static boolean isJsonInCauses(Throwable t) {
        for (Throwable c = t.getCause(); c != null && c != t; c = c.getCause()) {
            if (c instanceof JsonProcessingException) {
                return true;
            }
        }
        return false;
    }

    private static Verdict byStatus(int status, @Nullable Duration retryAfter) {
        boolean retryable = status == 408 || status == 429 || (status >= 500 && status < 600);
        return new Verdict(retryable, retryable ? retryAfter : null, "HTTP " + status);
    }
}

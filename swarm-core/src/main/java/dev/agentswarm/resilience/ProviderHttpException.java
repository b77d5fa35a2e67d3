package dev.agentswarm.resilience;

import java.io.IOException;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * An unsuccessful provider HTTP response that carried a {@code Retry-After} header, raised by
 * {@link RetryAfterHttpClient}. LangChain4j's own HTTP exception keeps the status code but drops the headers; this
 * one keeps the wait the server asked for, so that the swarm's retries can honour it.
 */
public final class ProviderHttpException extends IOException {

    private final int statusCode;
    private final @Nullable Duration retryAfter;

    /**
     * @param statusCode the HTTP status
     * @param retryAfter the parsed {@code Retry-After}, or null
     * @param body the response body, for the message
     */
    public ProviderHttpException(int statusCode, @Nullable Duration retryAfter, String body) {
        super("HTTP " + statusCode + (retryAfter == null ? "" : " (Retry-After " + retryAfter.toMillis() + " ms)")
                + (body.isBlank() ? "" : ": " + body));
        this.statusCode = statusCode;
        this.retryAfter = retryAfter;
    }

    /** @return the HTTP status */
    public int statusCode() {
        return statusCode;
    }

    /** @return the wait the server asked for, or null */
    public @Nullable Duration retryAfter() {
        return retryAfter;
    }
}

package dev.agentswarm.tools.http;

import dev.agentswarm.tools.HtmlText;
import dev.agentswarm.tools.ToolRefusedException;
import dev.langchain4j.agent.tool.P;
import dev.langchain4j.agent.tool.Tool;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A LangChain4j tool that fetches an http(s) URL and returns its content as readable text.
 *
 * <p>Every request, including every redirect hop, is first approved by an {@link SsrfGuard} (strict by default):
 * redirects are never followed by the HTTP client but one by one here, so a public URL that redirects to an
 * internal address is refused before any connection to that address is made. Only {@code GET} is used, without
 * cookies, credentials or a proxy.
 *
 * <p>Limits: at most {@code maxBytes} of a body are downloaded (the rest is not read, and the result carries a
 * truncation marker); the whole fetch, redirects and body included, must finish within {@code timeout}, and each
 * connection must be established within {@code connectTimeout}; at most {@code maxRedirects} redirects are
 * followed. Only textual content types are returned: HTML and XHTML are converted to text (title and body, links
 * optionally), other {@code text/*}, JSON and XML are returned as they are, anything else is refused.
 *
 * <p>See {@link SsrfGuard} for the residual DNS-rebinding risk of host names. Instances are immutable and
 * thread-safe.
 */
public final class FetchTool {

    private static final Logger LOG = LoggerFactory.getLogger(FetchTool.class);
    private static final Set<Integer> REDIRECTS = Set.of(301, 302, 303, 307, 308);
    private static final Pattern CHARSET = Pattern.compile("(?i)charset=\"?([^\";\\s]+)");
    private static final int MAX_LINKS = 100;

    private final SsrfGuard guard;
    private final int maxBytes;
    private final Duration connectTimeout;
    private final Duration timeout;
    private final int maxRedirects;
    private final boolean includeLinks;
    private final String userAgent;
    private final HttpClient client;

    private FetchTool(Builder builder) {
        this.guard = builder.guard;
        this.maxBytes = builder.maxBytes;
        this.connectTimeout = builder.connectTimeout;
        this.timeout = builder.timeout;
        this.maxRedirects = builder.maxRedirects;
        this.includeLinks = builder.includeLinks;
        this.userAgent = builder.userAgent;
        this.client = HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(connectTimeout)
                .proxy(HttpClient.Builder.NO_PROXY)
                .version(HttpClient.Version.HTTP_1_1)
                .build();
    }

    /**
     * Returns a builder.
     *
     * @return a new builder with the strict default guard and default limits
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Creates a fetch tool with the strict default SSRF guard and default limits; use {@link #builder()} to change
     * them.
     */
    public FetchTool() {
        this(builder());
    }

    /**
     * Fetches a URL and returns its final address, status, content type and text.
     *
     * @param url an absolute http or https URL
     * @return a header block ({@code URL:}, {@code Status:}, {@code Content-Type:}) followed by the content as text,
     *     with a truncation marker if the body exceeded the size limit
     * @throws ToolRefusedException if the URL or a redirect target is refused by the SSRF guard, there are too
     *     many redirects, or the content type is not textual
     * @throws IllegalArgumentException if the URL is malformed or its host cannot be resolved
     * @throws UncheckedIOException if the request fails or times out
     */
    @Tool("Fetch a public web page or text resource by http(s) URL and return it as readable text. Internal and"
            + " private network addresses are refused; large responses are truncated.")
    public String fetch(@P("absolute http:// or https:// URL") String url) {
        URI uri = parse(url.strip());
        long deadline = System.nanoTime() + timeout.toNanos();
        guard.check(uri);
        for (int redirects = 0; ; redirects++) {
            HttpResponse<LimitedBodySubscriber.Body> response = send(uri, deadline);
            int status = response.statusCode();
            if (!REDIRECTS.contains(status)) {
                return render(uri, response);
            }
            String location = response.headers()
                    .firstValue("Location")
                    .orElseThrow(() -> failure(
                            "Fetch of " + url + " failed: " + status + " redirect without a Location header.", null));
            if (redirects >= maxRedirects) {
                throw new ToolRefusedException("Refused to fetch " + url + ": more than " + maxRedirects
                        + " redirects. The URL probably redirects in a loop.");
            }
            URI next = resolveRedirect(uri, location);
            LOG.debug("redirect {} {} -> {}", status, uri, next);
            try {
                guard.check(next);
            } catch (ToolRefusedException e) {
                throw new ToolRefusedException(
                        "Refused redirect from " + uri + " (" + status + ") to " + next + ": " + e.getMessage(), e);
            }
            uri = next;
        }
    }

    private HttpResponse<LimitedBodySubscriber.Body> send(URI uri, long deadline) {
        long remaining = deadline - System.nanoTime();
        if (remaining <= 0) {
            throw timedOut(uri);
        }
        HttpRequest request = HttpRequest.newBuilder(uri)
                .GET()
                .timeout(Duration.ofNanos(remaining))
                .header("User-Agent", userAgent)
                .header("Accept", "text/html,application/xhtml+xml,text/plain;q=0.9,application/json;q=0.8,*/*;q=0.5")
                .build();
        CompletableFuture<HttpResponse<LimitedBodySubscriber.Body>> future = client.sendAsync(
                request,
                info -> REDIRECTS.contains(info.statusCode())
                        ? HttpResponse.BodySubscribers.replacing(LimitedBodySubscriber.Body.EMPTY)
                        : new LimitedBodySubscriber(maxBytes));
        try {
            return future.get(remaining, TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw timedOut(uri);
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw failure("Fetch of " + uri + " was interrupted.", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            if (cause instanceof HttpConnectTimeoutException) {
                throw failure(
                        "Fetch of " + uri + " failed: could not connect within " + connectTimeout.toMillis() + " ms.",
                        cause);
            }
            if (cause instanceof HttpTimeoutException) {
                throw timedOut(uri);
            }
            if (cause instanceof ConnectException) {
                throw failure("Fetch of " + uri + " failed: connection refused or host unreachable.", cause);
            }
            throw failure("Fetch of " + uri + " failed: " + cause, cause);
        }
    }

    private String render(URI uri, HttpResponse<LimitedBodySubscriber.Body> response) {
        LimitedBodySubscriber.Body body = response.body();
        String contentType =
                response.headers().firstValue("Content-Type").orElse("").strip();
        String mime = contentType.toLowerCase(Locale.ROOT).split(";", 2)[0].strip();
        String text = new String(body.bytes(), charset(contentType));
        boolean html = mime.equals("text/html")
                || mime.equals("application/xhtml+xml")
                || (mime.isEmpty() && looksLikeHtml(text));
        if (!html && (!isTextual(mime) || (mime.isEmpty() && text.indexOf('\0') >= 0))) {
            throw new ToolRefusedException("Refused to return " + uri + ": its content type '"
                    + (mime.isEmpty() ? "(none, binary data)" : mime) + "' is not text. Only HTML, plain text, JSON"
                    + " and XML can be fetched.");
        }
        StringBuilder out = new StringBuilder()
                .append("URL: ")
                .append(uri)
                .append('\n')
                .append("Status: ")
                .append(response.statusCode())
                .append('\n')
                .append("Content-Type: ")
                .append(contentType.isEmpty() ? "(none)" : contentType)
                .append("\n\n");
        out.append(html ? HtmlText.parse(text, uri.toString()).render(includeLinks, MAX_LINKS) : text);
        if (body.truncated()) {
            out.append("\n\n[truncated: the response is larger than the ")
                    .append(maxBytes)
                    .append("-byte limit; only the first ")
                    .append(maxBytes)
                    .append(" bytes were downloaded]");
        }
        LOG.debug("fetched {} ({} bytes, truncated={})", uri, body.bytes().length, body.truncated());
        return out.toString();
    }

    private static boolean isTextual(String mime) {
        return mime.startsWith("text/")
                || mime.equals("application/json")
                || mime.endsWith("+json")
                || mime.equals("application/xml")
                || mime.endsWith("+xml")
                || mime.equals("application/javascript")
                || mime.isEmpty();
    }

    private static boolean looksLikeHtml(String text) {
        String start = text.stripLeading().toLowerCase(Locale.ROOT);
        return start.startsWith("<!doctype html") || start.startsWith("<html");
    }

    private static Charset charset(String contentType) {
        Matcher matcher = CHARSET.matcher(contentType);
        if (matcher.find()) {
            try {
                return Charset.forName(matcher.group(1));
            } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
                LOG.debug("unknown charset in '{}', using UTF-8", contentType);
            }
        }
        return StandardCharsets.UTF_8;
    }

    private static URI parse(String url) {
        try {
            URI uri = new URI(url);
            if (!uri.isAbsolute()) {
                throw new IllegalArgumentException(
                        "Invalid URL '" + url + "': it must be absolute, starting with" + " http:// or https://.");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(
                    "Invalid URL '" + url + "': " + e.getReason() + " at index " + e.getIndex()
                            + ". Percent-encode spaces and special characters.",
                    e);
        }
    }

    private static URI resolveRedirect(URI base, String location) {
        try {
            return base.resolve(new URI(location.strip()));
        } catch (URISyntaxException | IllegalArgumentException e) {
            throw failure(
                    "Fetch of " + base + " failed: the server redirected to an invalid URL '" + location + "'.", e);
        }
    }

    private UncheckedIOException timedOut(URI uri) {
        String message =
                "Fetch of " + uri + " timed out: the time limit of " + timeout.toMillis() + " ms was exceeded.";
        return new UncheckedIOException(message, new HttpTimeoutException(message));
    }

    private static UncheckedIOException failure(String message, @Nullable Throwable cause) {
        return new UncheckedIOException(message, new IOException(message, cause));
    }

    @Override
    public String toString() {
        return "FetchTool[guard=" + guard + ", maxBytes=" + maxBytes + ", timeout=" + timeout + "]";
    }

    /** Builds a {@link FetchTool}; validates every limit. */
    public static final class Builder {

        private SsrfGuard guard = SsrfGuard.defaults();
        private int maxBytes = 1024 * 1024;
        private Duration connectTimeout = Duration.ofSeconds(5);
        private Duration timeout = Duration.ofSeconds(20);
        private int maxRedirects = 5;
        private boolean includeLinks;
        private String userAgent = "agent-swarm-fetch/1.0";

        private Builder() {}

        /**
         * Sets the SSRF guard (default {@link SsrfGuard#defaults()}, which allows no internal address).
         *
         * @param guard the guard
         * @return this builder
         */
        public Builder guard(SsrfGuard guard) {
            this.guard = Objects.requireNonNull(guard, "guard");
            return this;
        }

        /**
         * Sets the maximum number of body bytes downloaded per fetch (default 1 MiB).
         *
         * @param maxBytes a positive number of bytes
         * @return this builder
         * @throws IllegalArgumentException if not positive
         */
        public Builder maxBytes(int maxBytes) {
            if (maxBytes <= 0) {
                throw new IllegalArgumentException("maxBytes must be positive: " + maxBytes);
            }
            this.maxBytes = maxBytes;
            return this;
        }

        /**
         * Sets the time allowed to establish each connection (default 5 seconds).
         *
         * @param connectTimeout a positive duration
         * @return this builder
         * @throws IllegalArgumentException if not positive
         */
        public Builder connectTimeout(Duration connectTimeout) {
            this.connectTimeout = positive(connectTimeout, "connectTimeout");
            return this;
        }

        /**
         * Sets the time allowed for a whole fetch, redirects and body included (default 20 seconds).
         *
         * @param timeout a positive duration
         * @return this builder
         * @throws IllegalArgumentException if not positive
         */
        public Builder timeout(Duration timeout) {
            this.timeout = positive(timeout, "timeout");
            return this;
        }

        /**
         * Sets how many redirects are followed at most (default 5; 0 refuses every redirect).
         *
         * @param maxRedirects a non-negative count
         * @return this builder
         * @throws IllegalArgumentException if negative
         */
        public Builder maxRedirects(int maxRedirects) {
            if (maxRedirects < 0) {
                throw new IllegalArgumentException("maxRedirects must not be negative: " + maxRedirects);
            }
            this.maxRedirects = maxRedirects;
            return this;
        }

        /**
         * Sets whether the text of an HTML page ends with a numbered list of its links (default false).
         *
         * @param includeLinks whether to list links
         * @return this builder
         */
        public Builder includeLinks(boolean includeLinks) {
            this.includeLinks = includeLinks;
            return this;
        }

        /**
         * Sets the {@code User-Agent} header (default {@code agent-swarm-fetch/1.0}).
         *
         * @param userAgent a non-blank value
         * @return this builder
         * @throws IllegalArgumentException if blank
         */
        public Builder userAgent(String userAgent) {
            if (userAgent.isBlank()) {
                throw new IllegalArgumentException("userAgent must not be blank");
            }
            this.userAgent = userAgent;
            return this;
        }

        /**
         * Builds the tool.
         *
         * @return the fetch tool
         */
        public FetchTool build() {
            return new FetchTool(this);
        }

        private static Duration positive(Duration value, String name) {
            if (value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException(name + " must be positive: " + value);
            }
            return value;
        }
    }
}

package dev.agentswarm.resilience;

import java.io.IOException;
import java.net.Authenticator;
import java.net.CookieHandler;
import java.net.ProxySelector;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import org.jspecify.annotations.Nullable;

/**
 * A JDK {@link HttpClient} that turns an unsuccessful response carrying a {@code Retry-After} header into a
 * {@link ProviderHttpException}, so that the wait the provider asked for survives LangChain4j's exception mapping
 * (whose {@code HttpException} keeps only the status and the body). Every other call and response passes through
 * unchanged. Plug it into LangChain4j's JDK HTTP client:
 *
 * <pre>{@code
 * OpenAiChatModel.builder()
 *         .httpClientBuilder(JdkHttpClient.builder()
 *                 .httpClientBuilder(RetryAfterHttpClient.wrap(HttpClient.newBuilder())))
 *         ...
 * }</pre>
 */
public final class RetryAfterHttpClient extends HttpClient {

    private final HttpClient delegate;

    private RetryAfterHttpClient(HttpClient delegate) {
        this.delegate = delegate;
    }

    /**
     * Wraps a builder so that the clients it builds honour {@code Retry-After}.
     *
     * @param builder the JDK client builder to configure and build with
     * @return a builder of wrapped clients
     */
    public static HttpClient.Builder wrap(HttpClient.Builder builder) {
        return new WrappingBuilder(builder);
    }

    /**
     * Wraps a built client.
     *
     * @param client the JDK client
     * @return the wrapped client
     */
    public static HttpClient wrap(HttpClient client) {
        return new RetryAfterHttpClient(client);
    }

    @Override
    public <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler)
            throws IOException, InterruptedException {
        return check(delegate.send(request, handler));
    }

    @Override
    public <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
        return delegate.sendAsync(request, handler).thenApply(RetryAfterHttpClient::checkUnchecked);
    }

    @Override
    public <T> CompletableFuture<HttpResponse<T>> sendAsync(
            HttpRequest request,
            HttpResponse.BodyHandler<T> handler,
            HttpResponse.@Nullable PushPromiseHandler<T> pushPromiseHandler) {
        return delegate.sendAsync(request, handler, pushPromiseHandler).thenApply(RetryAfterHttpClient::checkUnchecked);
    }

    private static <T> HttpResponse<T> checkUnchecked(HttpResponse<T> response) {
        try {
            return check(response);
        } catch (ProviderHttpException e) {
            throw new CompletionException(e);
        }
    }

    private static <T> HttpResponse<T> check(HttpResponse<T> response) throws ProviderHttpException {
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
            return response;
        }
        Optional<String> header = response.headers().firstValue("Retry-After");
        if (header.isEmpty()) {
            return response;
        }
        Duration retryAfter = parseRetryAfter(header.get(), System.currentTimeMillis());
        throw new ProviderHttpException(status, retryAfter, bodyText(response.body()));
    }

    private static String bodyText(@Nullable Object body) {
        if (body instanceof byte[] bytes) {
            return new String(bytes, StandardCharsets.UTF_8);
        }
        if (body instanceof String s) {
            return s;
        }
        if (body instanceof java.io.InputStream in) {
            try (in) {
                return new String(in.readNBytes(4096), StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "";
            }
        }
        return "";
    }

    @Override
    public Optional<CookieHandler> cookieHandler() {
        return delegate.cookieHandler();
    }

    @Override
    public Optional<Duration> connectTimeout() {
        return delegate.connectTimeout();
    }

    @Override
    public Redirect followRedirects() {
        return delegate.followRedirects();
    }

    @Override
    public Optional<ProxySelector> proxy() {
        return delegate.proxy();
    }

    @Override
    public SSLContext sslContext() {
        return delegate.sslContext();
    }

    @Override
    public SSLParameters sslParameters() {
        return delegate.sslParameters();
    }

    @Override
    public Optional<Authenticator> authenticator() {
        return delegate.authenticator();
    }

    @Override
    public Version version() {
        return delegate.version();
    }

    @Override
    public Optional<Executor> executor() {
        return delegate.executor();
    }

    /** A builder that configures the delegate's builder and wraps what it builds. */
    private static final class WrappingBuilder implements HttpClient.Builder {
        private final HttpClient.Builder b;

        WrappingBuilder(HttpClient.Builder b) {
            this.b = b;
        }

        @Override
        public HttpClient.Builder cookieHandler(CookieHandler cookieHandler) {
            b.cookieHandler(cookieHandler);
            return this;
        }

        @Override
        public HttpClient.Builder connectTimeout(Duration duration) {
            b.connectTimeout(duration);
            return this;
        }

        @Override
        public HttpClient.Builder sslContext(SSLContext sslContext) {
            b.sslContext(sslContext);
            return this;
        }

        @Override
        public HttpClient.Builder sslParameters(SSLParameters sslParameters) {
            b.sslParameters(sslParameters);
            return this;
        }

        @Override
        public HttpClient.Builder executor(Executor executor) {
            b.executor(executor);
            return this;
        }

        @Override
        public HttpClient.Builder followRedirects(Redirect policy) {
            b.followRedirects(policy);
            return this;
        }

        @Override
        public HttpClient.Builder version(Version version) {
            b.version(version);
            return this;
        }

        @Override
        public HttpClient.Builder priority(int priority) {
            b.priority(priority);
            return this;
        }

        @Override
        public HttpClient.Builder proxy(ProxySelector proxySelector) {
            b.proxy(proxySelector);
            return this;
        }

        @Override
        public HttpClient.Builder authenticator(Authenticator authenticator) {
            b.authenticator(authenticator);
            return this;
        }

        @Override
        public HttpClient build() {
            return new RetryAfterHttpClient(b.build());
        }
    }

    /**
     * Parses a {@code Retry-After} value: seconds ({@code "120"}, fractions accepted) or an HTTP date.
     *
     * @param value the header value
     * @param nowMillis the current time, for an HTTP date
     * @return the wait, never negative, or null when the value is not understood
     */
    static @Nullable Duration parseRetryAfter(@Nullable String value, long nowMillis) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String v = value.trim();
        try {
            double seconds = Double.parseDouble(v);
            if (seconds >= 0 && !Double.isInfinite(seconds)) {
                return Duration.ofMillis(Math.round(seconds * 1000));
            }
            return null;
        } catch (NumberFormatException notSeconds) {
            try {
                long at = java.time.ZonedDateTime.parse(v, java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME)
                        .toInstant()
                        .toEpochMilli();
                return Duration.ofMillis(Math.max(0, at - nowMillis));
            } catch (java.time.format.DateTimeParseException notADate) {
                return null;
            }
        }
    }
}

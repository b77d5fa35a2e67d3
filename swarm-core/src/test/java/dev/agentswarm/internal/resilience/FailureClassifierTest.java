package dev.agentswarm.internal.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonParseException;
import dev.agentswarm.resilience.ProviderHttpException;
import dev.langchain4j.exception.AuthenticationException;
import dev.langchain4j.exception.HttpException;
import dev.langchain4j.exception.InternalServerException;
import dev.langchain4j.exception.InvalidRequestException;
import dev.langchain4j.exception.LangChain4jException;
import dev.langchain4j.exception.RateLimitException;
import java.io.IOException;
import java.net.SocketException;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

class FailureClassifierTest {

    static boolean retryable(Throwable t) {
        return FailureClassifier.classify(t).retryable();
    }

    @Test
    void transientFailuresAreRetryable() {
        assertThat(retryable(new RateLimitException(new HttpException(429, "slow down"))))
                .isTrue();
        assertThat(retryable(new InternalServerException(new HttpException(503, "overloaded"))))
                .isTrue();
        assertThat(retryable(new HttpException(502, "bad gateway"))).isTrue();
        assertThat(retryable(new HttpException(408, "request timeout"))).isTrue();
        assertThat(retryable(new dev.langchain4j.exception.TimeoutException("read timed out")))
                .isTrue();
        assertThat(retryable(new TimeoutException("no signal"))).isTrue();
        assertThat(retryable(new RuntimeException(new SocketException("Connection reset"))))
                .isTrue();
        assertThat(retryable(new LangChain4jException(new IOException("HTTP/1.1 header parser received no bytes"))))
                .isTrue();
    }

    @Test
    void permanentFailuresAreNot() {
        assertThat(retryable(new InvalidRequestException(new HttpException(400, "bad"))))
                .isFalse();
        assertThat(retryable(new AuthenticationException(new HttpException(401, "key"))))
                .isFalse();
        assertThat(retryable(new HttpException(403, "forbidden"))).isFalse();
        assertThat(retryable(new RuntimeException(new JsonParseException(null, "Unexpected character"))))
                .isFalse();
        assertThat(retryable(new IOException("WWW-Authenticate header missing for response code 401")))
                .isFalse();
        assertThat(retryable(new IllegalStateException("a bug"))).isFalse();
    }

    @Test
    void retryAfterFromTheProviderIsKept() {
        FailureClassifier.Verdict v = FailureClassifier.classify(new LangChain4jException(
                new RuntimeException(new ProviderHttpException(429, Duration.ofSeconds(7), ""))));
        assertThat(v.retryable()).isTrue();
        assertThat(v.retryAfter()).isEqualTo(Duration.ofSeconds(7));
        assertThat(v.kind()).isEqualTo("HTTP 429");
        assertThat(FailureClassifier.classify(new ProviderHttpException(400, Duration.ofSeconds(7), ""))
                        .retryable())
                .isFalse();
    }
}

package dev.agentswarm.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** How {@link RetryAfterHttpClient} reads a {@code Retry-After} header. */
class RetryAfterParsingTest {

    @Test
    void parsesRetryAfterSecondsAndDates() {
        assertThat(RetryAfterHttpClient.parseRetryAfter("2", 0)).isEqualTo(Duration.ofSeconds(2));
        assertThat(RetryAfterHttpClient.parseRetryAfter("0.5", 0)).isEqualTo(Duration.ofMillis(500));
        assertThat(RetryAfterHttpClient.parseRetryAfter("Thu, 01 Jan 1970 00:00:10 GMT", 4_000))
                .isEqualTo(Duration.ofSeconds(6));
        assertThat(RetryAfterHttpClient.parseRetryAfter("soon", 0)).isNull();
        assertThat(RetryAfterHttpClient.parseRetryAfter(null, 0)).isNull();
    }
}

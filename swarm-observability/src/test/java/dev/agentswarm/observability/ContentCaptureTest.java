package dev.agentswarm.observability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentswarm.security.Redactor;
import java.util.List;
import org.junit.jupiter.api.Test;

class ContentCaptureTest {

    @Test
    void offRecordsNothing() {
        assertThat(ContentCapture.OFF.apply("anything")).isNull();
        assertThat(ContentCapture.upTo(10).apply(null)).isNull();
    }

    @Test
    void aLongTextIsRedactedThenCutWithItsLength() {
        ContentCapture capture = ContentCapture.upTo(12).withRedactor(Redactor.of(List.of("password-1234")));
        assertThat(capture.apply("short")).isEqualTo("short");
        String cut = capture.apply("the password-1234 is here");
        assertThat(cut).isEqualTo("the [REDACTE…[cut: 22 characters]").doesNotContain("password-1234");
    }

    @Test
    void aCredentialShapeIsRedactedByDefault() {
        String key = "sk-proj-Q7vR2mK9xW4tY8pL3nB6cD1fG5hJ0sAe_-Zz";
        assertThat(ContentCapture.upTo(1_000).apply("key " + key)).doesNotContain(key);
    }

    @Test
    void aCutNeverSplitsASurrogatePair() {
        String text = "ab\uD83D\uDE00cd";
        assertThat(ContentCapture.upTo(3).apply(text)).startsWith("ab…");
    }

    @Test
    void capturingWithoutRoomIsAClearError() {
        assertThatThrownBy(() -> ContentCapture.upTo(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ContentCapture.OFF");
    }
}

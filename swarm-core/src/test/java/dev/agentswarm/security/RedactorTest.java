package dev.agentswarm.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RedactorTest {

    static final String M = Redactor.MARKER;
    /** A key of no well-known shape, as pasted with a trailing carriage return. */
    static final String KEY = "9f2Kq7vRmZ4xW8tYpL3nB6cD1fG5hJ0sUw\r";

    static final String K = KEY.strip();
    static final Redactor R = Redactor.of(List.of(KEY));
    static final ObjectMapper JSON = new ObjectMapper();

    // --- registered secrets -------------------------------------------------------------------------------------

    @Test
    void describeGivesTheClassAndTheFirstLineRedactedBeforeItIsCut() {
        String key = "sk-proj-Q7vR2mK9xW4tY8pL3nB6cD1fG5hJ0sAe_-Zz";
        // The key straddles the 500-character cut: redacting after cutting would leave its head readable.
        String message = "x".repeat(480) + " Authorization: Bearer " + key + "\nsecond line " + key;
        String described = Redactor.defaults().describe(new IllegalStateException(message));

        assertThat(described)
                .startsWith("IllegalStateException: xxx")
                .doesNotContain("sk-proj-Q7vR")
                .doesNotContain("Q7vR2mK9xW4t")
                .doesNotContain("second line");
        assertThat(Redactor.defaults().describe(new IllegalStateException("Authorization: Bearer " + key)))
                .isEqualTo("IllegalStateException: Authorization: Bearer " + Redactor.MARKER);
        assertThat(Redactor.defaults().describe(new RuntimeException())).isEqualTo("RuntimeException");
        assertThat(Redactor.defaults().describe(new RuntimeException("a\nb"))).isEqualTo("RuntimeException: a");
        assertThat(Redactor.defaults().describe(new RuntimeException("y".repeat(600))))
                .hasSize("RuntimeException: ".length() + 501)
                .endsWith("…");
    }

    @Test
    void aRegisteredSecretIsRedactedAsGivenTrimmedEscapedAndEncoded() {
        assertThat(R.redact("invalid header value: \"Bearer " + KEY + "\""))
                .isEqualTo("invalid header value: \"Bearer " + M + "\"");
        assertThat(R.redact("key=" + K + ".")).isEqualTo("key=" + M + ".");
        assertThat(R.redact("json \"" + K + "\\r\" end")).isEqualTo("json \"" + M + "\" end");
        assertThat(R.redact("json \"" + K + "\\u000d\" end")).isEqualTo("json \"" + M + "\" end");
        assertThat(R.redact("json \"" + K + "\\u000D\" end")).isEqualTo("json \"" + M + "\" end");
        assertThat(R.redact("url ?k=" + URLEncoder.encode(KEY, StandardCharsets.UTF_8) + "&x=1"))
                .isEqualTo("url ?k=" + M + "&x=1");
    }

    @Test
    void anyTwelveCharactersOfASecretInARowAreRedactedButElevenAreNot() {
        String twelve = K.substring(5, 17);
        String eleven = K.substring(5, 16);
        assertThat(R.redact("cut: " + twelve + "…")).isEqualTo("cut: " + M + "…");
        assertThat(R.redact("cut: " + eleven + "…")).isEqualTo("cut: " + eleven + "…");
        // The prefix and the suffix a message cut short.
        assertThat(R.redact("Bearer-ish " + K.substring(0, 14))).isEqualTo("Bearer-ish " + M);
        assertThat(R.redact(K.substring(K.length() - 13) + " tail")).isEqualTo(M + " tail");
    }

    @Test
    void aSecretWithALineBreakInsideIsRedactedWholeAndInItsPieces() {
        Redactor r = Redactor.of(List.of("abcd1234WXYZ\nefgh5678STUV\n"));
        assertThat(r.redact("k=abcd1234WXYZ\nefgh5678STUV\n.")).isEqualTo("k=" + M + ".");
        assertThat(r.redact("k=abcd1234WXYZefgh5678STUV.")).isEqualTo("k=" + M + ".");
        assertThat(r.redact("first line abcd1234WXYZ")).isEqualTo("first line " + M);
        assertThat(r.redact("json abcd1234WXYZ\\nefgh5678STUV\\n\"")).isEqualTo("json " + M + "\"");
    }

    @Test
    void aShortSecretIsRedactedOnlyWhole() {
        Redactor r = Redactor.of(List.of("Zq7vR2mK9x"));
        assertThat(r.redact("the key Zq7vR2mK9x was refused")).isEqualTo("the key " + M + " was refused");
        assertThat(r.redact("Zq7vR2mK9 is fine")).isEqualTo("Zq7vR2mK9 is fine");
    }

    @Test
    void aTooShortSecretIsRefusedWithoutShowingIt() {
        assertThatThrownBy(() -> Redactor.of(List.of("hunter2\n")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least 8")
                .hasMessageNotContaining("hunter2");
        assertThatThrownBy(() -> Redactor.of(List.of("   \r\n"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Redactor.defaults().withSecret("x".repeat(Redactor.MAX_SECRET_LENGTH + 1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at most");
    }

    @Test
    void toStringNeverShowsASecret() {
        assertThat(R.toString()).doesNotContain(K.substring(0, 4)).contains("1 secret");
        assertThat(R.secretCount()).isEqualTo(1);
        assertThat(R.withSecret(KEY).secretCount()).isEqualTo(1);
        assertThat(Redactor.defaults().secretCount()).isZero();
    }

    // --- credential headers and parameters ----------------------------------------------------------------------

    @Test
    void credentialHeaderValuesAreRedactedKeepingTheScheme() {
        Redactor d = Redactor.defaults();
        assertThat(d.redact("Authorization: Bearer abc")).isEqualTo("Authorization: Bearer " + M);
        assertThat(d.redact("authorization:Basic dXNlcjpwYXNz\nnext")).isEqualTo("authorization:Basic " + M + "\nnext");
        assertThat(d.redact("Proxy-Authorization: token xyz")).isEqualTo("Proxy-Authorization: token " + M);
        assertThat(d.redact("x-api-key: secretvalue")).isEqualTo("x-api-key: " + M);
        assertThat(d.redact("x-goog-api-key = secretvalue;")).isEqualTo("x-goog-api-key = " + M + ";");
        assertThat(d.redact("api-key: abc, other: 1")).isEqualTo("api-key: " + M + ", other: 1");
        assertThat(d.redact("GET /v1?api_key=abcdef&q=1")).isEqualTo("GET /v1?api_key=" + M + "&q=1");
        assertThat(d.redact("env OPENAI_API_KEY=whatever here")).isEqualTo("env OPENAI_API_KEY=" + M + " here");
        assertThat(d.redact("{Authorization=[Bearer abc], Host=[x]}"))
                .isEqualTo("{Authorization=[Bearer " + M + "], Host=[x]}");
        assertThat(d.redact("{\"access_token\": \"ya29.a0Af\", \"n\": 1}"))
                .isEqualTo("{\"access_token\": \"" + M + "\", \"n\": 1}");
        assertThat(d.redact("{\\\"Authorization\\\":\\\"Bearer abc\\\"}"))
                .isEqualTo("{\\\"Authorization\\\":\\\"" + "Bearer " + M + "\\\"}");
    }

    @Test
    void aBearerCredentialIsRedactedWhenItLooksLikeOne() {
        Redactor d = Redactor.defaults();
        assertThat(d.redact("invalid header value: \"Bearer x9Yz5521Qw\r\""))
                .isEqualTo("invalid header value: \"Bearer " + M + "\r\"");
        assertThat(d.redact("send a bearer\ttoken-42abcdef now")).isEqualTo("send a bearer\t" + M + " now");
        // Prose is left alone.
        assertThat(d.redact("Use Bearer authentication here")).isEqualTo("Use Bearer authentication here");
        assertThat(d.redact("the authorization header is missing")).isEqualTo("the authorization header is missing");
    }

    // --- key shapes ---------------------------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(
            strings = {
                "sk-abcdefghijklmnopqrstuvwxyz0123456789ABCD",
                "sk-proj-Q7vR2mK9xW4tY8pL3nB6cD1fG5hJ0sAe_-Zz",
                "sk-ant-api03-Q7vR2mK9xW4tY8pL3nB6cD1fG5hJ0sAe-AA",
                "sk_live_4eC39HqLyjWDarjtT1zdp7dc",
                "AIzaSyA1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q",
                "ghp_16C7e42F292c6912E7710c838347Ae178B4a",
                "github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz",
                "glpat-xxxxxxxxxxxxxxxxxxxx1234",
                "xoxb-123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx",
                "AKIAIOSFODNN7EXAMPLE",
                "hf_abcdefghijklmnopqrstuvwxyz012345",
                "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk",
            })
    void wellKnownKeyShapesAreRedacted(String key) {
        Redactor d = Redactor.defaults();
        assertThat(d.redact("key " + key + " refused")).isEqualTo("key " + M + " refused");
        assertThat(d.redact("{\"k\":\"" + key + "\"}")).isEqualTo("{\"k\":\"" + M + "\"}");
        assertThat(d.redact("line\\n" + key)).isEqualTo("line\\n" + M);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "scikit-learn and sk-learn are libraries",
                "the task-sk-abcdefghijklmnopqrstuvwxyz012 id",
                "class sk-navigation-menu-items-for-the-header",
                "AKIA1234 is too short, AKIAIOSFODNN7EXAMPLEX too long",
                "eyJhbGciOiJIUzI1NiJ9 alone is a header, not a token",
                "ghp_short",
                "plain prose: nothing to see, 12345, done.",
            })
    void ordinaryTextIsLeftAloneAndNotCopied(String text) {
        assertThat(Redactor.defaults().redact(text)).isSameAs(text);
        assertThat(R.redact(text)).isSameAs(text);
    }

    @Test
    void redactingTwiceChangesNothingMore() {
        for (String text : List.of(
                "Authorization: Bearer abc",
                "api_key=abc",
                "{Authorization=[Bearer abc]}",
                "x-api-key: zz9",
                "Bearer x9Yz5521Qw!",
                "key " + KEY + " and " + K.substring(2, 16),
                "\"authorization\":\"Basic dXNlcjpwYXNz\"",
                "sk-proj-Q7vR2mK9xW4tY8pL3nB6cD1fG5hJ0sAe")) {
            String once = R.redact(text);
            assertThat(once).as(text).contains(M).doesNotContain("[" + M);
            assertThat(R.redact(once)).as(text).isSameAs(once);
        }
    }

    // --- JSON stays JSON ----------------------------------------------------------------------------------------

    @Test
    void aRedactedJsonTextStaysValidJsonAndHoldsNoSecret() throws Exception {
        Random random = new Random(42);
        String[] parts = {
            KEY,
            K,
            K.substring(3, 20),
            "\"",
            "\\",
            "\r",
            "\n",
            "\u000b",
            "Bearer ",
            "Authorization: ",
            "api_key=",
            "sk-proj-",
            "x",
            " ",
            "\\u",
            "é",
            "Q7vR2mK9xW4tY8pL3nB6cD1fG5hJ0sAe",
            "eyJhbGciOiJIUzI1NiJ9",
            ".",
            "\\u000d",
            "\\\\",
            "n",
            "u00",
            "\uD83D\uDE00",
            ":",
            "=",
            "[",
            "]"
        };
        for (int round = 0; round < 5_000; round++) {
            StringBuilder text = new StringBuilder();
            int n = 1 + random.nextInt(12);
            for (int i = 0; i < n; i++) {
                text.append(parts[random.nextInt(parts.length)]);
            }
            ObjectNode node = JSON.createObjectNode().put("text", text.toString());
            String line = JSON.writeValueAsString(node);
            String redacted = R.redact(line);
            assertThat(R.redact(redacted)).as("idempotent").isEqualTo(redacted);
            JsonNode back = JSON.readTree(redacted);
            String value = back.get("text").asText();
            assertThat(value)
                    .as("round %d: %s", round, line)
                    .doesNotContain(K.substring(0, 12))
                    .doesNotContain(K.substring(K.length() - 12));
            assertThat(redacted).doesNotContain(K.substring(0, 12));
        }
    }

    // --- fast and total -----------------------------------------------------------------------------------------

    @Test
    void hugeAndAdversarialInputsAreRedactedInLinearTime() {
        int size = 4 * 1024 * 1024;
        List<String> inputs = List.of(
                random(size, 7),
                repeat("Bearer ", size),
                repeat("Authorization: ", size),
                repeat("api_key=", size),
                repeat("api_key=x\"", size),
                repeat("sk-", size),
                repeat("sk-a", size),
                repeat("eyJ", size),
                repeat("eyJabcdefghijklmnop.", size),
                repeat("xoxb-", size),
                repeat(K.substring(0, 11), size),
                repeat(K.substring(0, 20) + "#", size),
                repeat("\\", size),
                repeat("\\u00", size),
                "a".repeat(size),
                "x".repeat(size) + KEY);
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            for (String input : inputs) {
                String out = R.redact(input);
                assertThat(out.length()).isLessThanOrEqualTo(input.length() + M.length() * (input.length() / 8 + 1));
            }
        });
        assertThat(R.redact("x".repeat(size) + KEY)).endsWith(M).doesNotContain(K.substring(0, 12));
        assertThat(R.redact(repeat(K.substring(0, 20) + "#", 1000))).doesNotContain(K.substring(0, 12));
    }

    @Test
    void neverThrowsOnArbitraryText() {
        Random random = new Random(3);
        for (int round = 0; round < 2_000; round++) {
            char[] chars = new char[random.nextInt(200)];
            for (int i = 0; i < chars.length; i++) {
                chars[i] = (char) random.nextInt(random.nextBoolean() ? 128 : 0x10000);
            }
            String text = new String(chars);
            String out = R.redact(text);
            assertThat(out).isNotNull();
            if (out.equals(text)) {
                assertThat(out).isSameAs(text);
            }
        }
    }

    private static String repeat(String s, int size) {
        return s.repeat(Math.max(1, size / s.length()));
    }

    private static String random(int size, long seed) {
        Random random = new Random(seed);
        String alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_ .:=\"\\\n";
        char[] chars = new char[size];
        for (int i = 0; i < size; i++) {
            chars[i] = alphabet.charAt(random.nextInt(alphabet.length()));
        }
        return new String(chars);
    }
}

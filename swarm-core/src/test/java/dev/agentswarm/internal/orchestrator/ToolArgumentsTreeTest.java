package dev.agentswarm.internal.orchestrator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.List;
import java.util.SplittableRandom;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * The arguments of a swarm tool call are read into the same tree {@code ObjectMapper.readTree} builds, straight from
 * the streaming parser; what readTree refuses, this refuses.
 */
class ToolArgumentsTreeTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static @Nullable JsonNode tree(String json) throws IOException {
        try (JsonParser p = JSON.createParser(json)) {
            return ToolArguments.tree(p);
        }
    }

    @Test
    void fiveThousandRandomDocumentsReadAsReadTreeReadsThem() throws IOException {
        SplittableRandom random = new SplittableRandom(20_261_202);
        for (int i = 0; i < 5_000; i++) {
            String json = value(random, 0);
            JsonNode expected = JSON.readTree(json);
            JsonNode actual = tree(json);
            assertThat(actual).as(json).isEqualTo(expected);
            assertThat(actual == null ? null : actual.getClass()).as(json).isEqualTo(expected.getClass());
        }
    }

    @Test
    void numbersKeepTheirKindAndDuplicateKeysTheLastValue() throws IOException {
        JsonNode n = tree(
                "{\"i\":1,\"l\":12345678901,\"b\":123456789012345678901234567890,\"d\":1.5e3," + "\"k\":1,\"k\":2}");
        assertThat(n).isNotNull();
        assertThat(n.get("i").isInt()).isTrue();
        assertThat(n.get("l").isLong()).isTrue();
        assertThat(n.get("b").isBigInteger()).isTrue();
        assertThat(n.get("d").isDouble()).isTrue();
        assertThat(n.get("k").asInt()).isEqualTo(2);
        assertThat(n)
                .isEqualTo(JSON.readTree("{\"i\":1,\"l\":12345678901,\"b\":123456789012345678901234567890,"
                        + "\"d\":1.5e3,\"k\":1,\"k\":2}"));
    }

    @Test
    void whatReadTreeRefusesThisRefusesWithTheParsersMessage() {
        for (String bad : List.of(
                "{", "{\"a\":", "{\"a\":1", "[1,2", "{\"a\" 1}", "{a:1}", "[1,]", "{\"a\":tru}", "\"open", "{}}")) {
            boolean readTreeRefuses;
            try {
                JSON.readTree(bad);
                readTreeRefuses = false;
            } catch (JsonProcessingException e) {
                readTreeRefuses = true;
            }
            if (readTreeRefuses) {
                assertThatThrownBy(() -> tree(bad)).as(bad).isInstanceOf(JsonProcessingException.class);
            }
        }
        assertThat(List.of("", "   "))
                .allSatisfy(empty -> assertThat(tree(empty)).isNull());
    }

    @Test
    void deepNestingIsTheParsersErrorNotAStackOverflow() {
        String deep = "[".repeat(100_000) + "]".repeat(100_000);
        assertThatThrownBy(() -> tree(deep))
                .isInstanceOf(JsonProcessingException.class)
                .hasMessageContaining("nesting depth");
    }

    private static String value(SplittableRandom r, int depth) {
        int kind = depth > 4 ? 2 + r.nextInt(6) : r.nextInt(8);
        switch (kind) {
            case 0 -> {
                StringBuilder sb = new StringBuilder("{");
                int n = r.nextInt(5);
                for (int i = 0; i < n; i++) {
                    sb.append(i == 0 ? "" : ",").append(string(r)).append(':').append(value(r, depth + 1));
                }
                return sb.append('}').toString();
            }
            case 1 -> {
                StringBuilder sb = new StringBuilder("[");
                int n = r.nextInt(5);
                for (int i = 0; i < n; i++) {
                    sb.append(i == 0 ? "" : ", ").append(value(r, depth + 1));
                }
                return sb.append(']').toString();
            }
            case 2 -> {
                return string(r);
            }
            case 3 -> {
                long[] ints = {0, -1, 7, Integer.MAX_VALUE, Integer.MIN_VALUE, 1L + Integer.MAX_VALUE, Long.MAX_VALUE};
                return r.nextInt(8) == 0 ? "98765432109876543210987" : Long.toString(ints[r.nextInt(ints.length)]);
            }
            case 4 -> {
                String[] floats = {"0.5", "-1.25e-3", "3E10", "1.0", "-0.0", "6.02214076e23"};
                return floats[r.nextInt(floats.length)];
            }
            case 5 -> {
                return r.nextBoolean() ? "true" : "false";
            }
            case 6 -> {
                return "null";
            }
            default -> {
                return " " + string(r) + " ";
            }
        }
    }

    private static String string(SplittableRandom r) {
        String[] parts = {"agent", "prompt", "a", "\\n", "\\\"", "\\u00e9", "é", "日本", "\\ud83d\\ude00", " ", "x"};
        StringBuilder sb = new StringBuilder("\"");
        int n = r.nextInt(4);
        for (int i = 0; i < n; i++) {
            sb.append(parts[r.nextInt(parts.length)]);
        }
        return sb.append('"').toString();
    }
}

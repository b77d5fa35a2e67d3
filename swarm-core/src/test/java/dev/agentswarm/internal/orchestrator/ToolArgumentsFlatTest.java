package dev.agentswarm.internal.orchestrator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.SplittableRandom;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * The arguments most swarm tool calls carry, a JSON object of strings, are read without a Jackson parser; whatever
 * that reading accepts, the parser reads into the same tree, and whatever else the parser reads (or refuses).
 */
class ToolArgumentsFlatTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String EXAMPLE = "{\"agent\": \"researcher\", \"prompt\": \"Find ...\"}";

    /** The parser's reading of one complete JSON value, or null when it refuses the input or finds more after it. */
    private static @Nullable JsonNode parserTree(String json) {
        try (JsonParser p = JSON.createParser(json)) {
            JsonNode node = ToolArguments.tree(p);
            return ToolArguments.trailing(p) == null ? node : null;
        } catch (java.io.IOException e) {
            return null;
        }
    }

    @Test
    void objectsOfStringsAreReadWithoutTheParserAsTheParserReadsThem() {
        for (String json : List.of(
                "{\"agent\":\"worker\",\"prompt\":\"item 7\"}",
                " \t\r\n{ \"agent\" : \"worker\" ,\n\"prompt\":\"item 7\" }\n ",
                "{}",
                " { } ",
                "{\"a\":\"\"}",
                "{\"k\":\"1\",\"j\":\"x\",\"k\":\"2\"}",
                "{\"p\":\"line\\nnext \\\"quoted\\\" back\\\\slash \\/ \\b\\f\\r\\t \\u00e9\\u00E9 \\u0041\"}",
                "{\"na\\u006de\":\"v\"}",
                "{\"p\":\"é 日本 \u2028 \u007f\"}")) {
            ObjectNode fast = ToolArguments.flatObject(json);
            assertThat(fast).as(json).isNotNull();
            assertThat(fast).as(json).isEqualTo(parserTree(json));
            assertThat(fast.properties().stream()
                            .map(java.util.Map.Entry::getKey)
                            .toList())
                    .as(json)
                    .isEqualTo(iterationOrder(parserTree(json)));
        }
    }

    @Test
    void everythingElseIsLeftToTheParser() {
        for (String json : List.of(
                "",
                "   ",
                "[]",
                "\"s\"",
                "1",
                "{",
                "{\"a\"}",
                "{\"a\":}",
                "{\"a\":\"b\"",
                "{\"a\":\"b\",}",
                "{\"a\":\"b\" \"c\":\"d\"}",
                "{\"a\":\"b\"}}",
                "{\"a\":\"b\"} {}",
                "{\"a\":\"b\"}x",
                "{\"a\":1}",
                "{\"a\":null}",
                "{\"a\":true}",
                "{\"a\":[\"x\"]}",
                "{\"a\":{}}",
                "{'a':'b'}",
                "{a:\"b\"}",
                "\uFEFF{\"a\":\"b\"}",
                "{\"a\":\"b\"}\u000b",
                "\u00a0{\"a\":\"b\"}",
                "{\"a\":\"tab\there\"}",
                "{\"a\":\"\\x\"}",
                "{\"a\":\"\\u00g1\"}",
                "{\"a\":\"\\u12\"}",
                "{\"a\":\"\\ud83d\\ude00\"}",
                "{\"a\":\"\ud83d\ude00\"}",
                "{\"a\":\"\\u0660\\u0661\"}".replace("\\u0660", "\\u\u0660\u0660\u0660\u0660"),
                "{\"a\":\"b\\",
                "{\"a\":\"b\"} // comment")) {
            assertThat(ToolArguments.flatObject(json)).as(json).isNull();
        }
    }

    @Test
    void randomAndDamagedObjectsAreReadAsTheParserReadsThemOrLeftToIt() {
        SplittableRandom random = new SplittableRandom(20_261_202);
        String[] parts = {
            "agent",
            "prompt",
            " ",
            "\\n",
            "\\\"",
            "\\\\",
            "\\u00e9",
            "\\u00E9",
            "é",
            "日本",
            "\\ud83d\\ude00",
            "\t",
            "\\x",
            "x",
            "\"",
            ",",
            ":",
            "{",
            "}",
            "\\"
        };
        String[] space = {"", " ", "\n", "\r\n\t", "\u000b", "\u00a0"};
        int fast = 0;
        for (int i = 0; i < 20_000; i++) {
            StringBuilder sb = new StringBuilder(space[random.nextInt(4)]).append('{');
            int fields = random.nextInt(4);
            for (int f = 0; f < fields; f++) {
                sb.append(f == 0 ? "" : ",").append(space[random.nextInt(space.length)]);
                sb.append('"');
                for (int k = random.nextInt(3); k > 0; k--) {
                    sb.append(parts[random.nextInt(random.nextInt(4) == 0 ? parts.length : 11)]);
                }
                sb.append('"').append(space[random.nextInt(4)]).append(':').append(space[random.nextInt(4)]);
                sb.append('"');
                for (int k = random.nextInt(4); k > 0; k--) {
                    sb.append(parts[random.nextInt(random.nextInt(4) == 0 ? parts.length : 11)]);
                }
                sb.append('"');
            }
            sb.append(space[random.nextInt(4)]).append('}').append(space[random.nextInt(space.length)]);
            String json = sb.toString();
            if (random.nextInt(3) == 0) {
                int at = random.nextInt(json.length());
                json = json.substring(0, at) + parts[random.nextInt(parts.length)] + json.substring(at + 1);
            }
            ObjectNode read = ToolArguments.flatObject(json);
            JsonNode expected = parserTree(json);
            if (read != null) {
                fast++;
                assertThat(read).as(json).isEqualTo(expected);
            } else if (expected != null && expected.isObject() && allStrings(expected) && !json.contains("\\ud")) {
                assertThat(read)
                        .as("an object of strings without surrogates left to the parser: " + json)
                        .isNotNull();
            }
        }
        assertThat(fast).isGreaterThan(3_000);
    }

    @Test
    void parseGivesTheSameArgumentsAndTheSameErrorsEitherWay() {
        ToolArguments args = ToolArguments.parse("assign_task", "{\"agent\":\"worker\",\"prompt\":\" \"}", EXAMPLE);
        assertThat(args.requiredString("agent")).isEqualTo("worker");
        assertThatThrownBy(() -> args.requiredString("prompt"))
                .hasMessage("Error: assign_task needs a non-empty 'prompt'.");
        assertThatThrownBy(() -> args.requiredString("other"))
                .hasMessage("Error: assign_task needs the string argument 'other', which is missing.");
        assertThatThrownBy(() -> ToolArguments.parse("assign_task", "{\"agent\":\"w\"} {}", EXAMPLE))
                .hasMessage("Error: the arguments of assign_task are not valid JSON (they hold more than one JSON"
                        + " value: another one begins at column 15). Send a JSON object like " + EXAMPLE + ".");
        assertThatThrownBy(() -> ToolArguments.parse("assign_task", "[\"agent\"]", EXAMPLE))
                .hasMessage(
                        "Error: the arguments of assign_task must be a JSON object like " + EXAMPLE + ", got array.");
        assertThatThrownBy(() -> ToolArguments.parse("assign_task", "{\"agent\":\"a\tb\"}", EXAMPLE))
                .hasMessageStartingWith(
                        "Error: the arguments of assign_task are not valid JSON (Illegal unquoted" + " character");
    }

    @Test
    void everyAccessorAnswersAsOnTheParsersTree() {
        List<String> docs = List.of(
                "{\"agent\":\"worker\",\"prompt\":\"item 7\"}",
                "{\"agent\":\"worker\",\"prompt\":\"  \\t \"}",
                "{\"agent\":\"\",\"prompt\":\"\\u2003x\"}",
                "{\"agent\":\"\\u2003\"}",
                "{\"prompt\":\"a\",\"prompt\":\" \",\"attachments\":\"image-1\",\"tools\":\"t\"}",
                "{\"output_schema\":\"{\\\"type\\\":\\\"object\\\"}\",\"name\":\"n\"}",
                "{\"output_schema\":\"not json\"}",
                "{\"output_schema\":\"[1]\"}",
                "{}");
        for (String json : docs) {
            assertThat(ToolArguments.flatFields(json)).as(json).isNotNull();
            ToolArguments flat = ToolArguments.parse("assign_task", json, EXAMPLE);
            JsonNode tree = parserTree(json);
            assertThat(tree).as(json).isNotNull();
            ToolArguments parsed = ToolArguments.of("assign_task", tree);
            for (String field : List.of("agent", "prompt", "attachments", "tools", "output_schema", "name", "x")) {
                String what = json + " " + field;
                assertThat(outcome(() -> flat.requiredString(field)))
                        .as(what)
                        .isEqualTo(outcome(() -> parsed.requiredString(field)));
                assertThat(outcome(() -> flat.optionalIds(field, "attachment ids")))
                        .as(what)
                        .isEqualTo(outcome(() -> parsed.optionalIds(field, "attachment ids")));
                assertThat(outcome(() -> flat.optionalStringList(field)))
                        .as(what)
                        .isEqualTo(outcome(() -> parsed.optionalStringList(field)));
                assertThat(outcome(() -> flat.optionalObject(field)))
                        .as(what)
                        .isEqualTo(outcome(() -> parsed.optionalObject(field)));
            }
        }
        ToolArguments blank = ToolArguments.parse("assign_task", "{\"agent\":\"\\u2003\"}", EXAMPLE);
        assertThatThrownBy(() -> blank.requiredString("agent"))
                .hasMessage("Error: assign_task needs a non-empty 'agent'.");
    }

    @Test
    void manyFieldsAreLeftToTheParser() {
        StringBuilder sb = new StringBuilder("{");
        for (int i = 0; i < 17; i++) {
            sb.append(i == 0 ? "" : ",").append("\"f").append(i).append("\":\"v\"");
        }
        String seventeen = sb.append('}').toString();
        assertThat(ToolArguments.flatFields(seventeen)).isNull();
        String sixteen = seventeen.replace(",\"f16\":\"v\"", "");
        assertThat(ToolArguments.flatFields(sixteen)).hasSize(32);
        assertThat(ToolArguments.flatFields(sixteen.replace("}", ",\"f3\":\"w\"}")))
                .hasSize(32)
                .containsSubsequence("f3", "w", "f4", "v");
    }

    private static Object outcome(java.util.function.Supplier<?> accessor) {
        try {
            return String.valueOf(accessor.get());
        } catch (ToolArguments.InvalidArguments e) {
            return "refused: " + e.getMessage();
        }
    }

    @Test
    void theLengthReadWithoutTheParserStaysWithinItsLimits() {
        assertThat(ToolArguments.flatMaxLength(StreamReadConstraints.defaults()))
                .isEqualTo(50_000);
        assertThat(ToolArguments.flatMaxLength(
                        StreamReadConstraints.builder().maxDocumentLength(100).build()))
                .isEqualTo(100);
        assertThat(ToolArguments.flatMaxLength(
                        StreamReadConstraints.builder().maxStringLength(10).build()))
                .isEqualTo(10);
        assertThat(ToolArguments.flatMaxLength(
                        StreamReadConstraints.builder().maxTokenCount(10).build()))
                .isEqualTo(-1);
        String longPrompt = "{\"agent\":\"w\",\"prompt\":\"" + "x".repeat(60_000) + "\"}";
        assertThat(ToolArguments.flatObject(longPrompt)).isNull();
        assertThat(ToolArguments.parse("assign_task", longPrompt, EXAMPLE).requiredString("prompt"))
                .hasSize(60_000);
    }

    private static boolean allStrings(JsonNode node) {
        for (JsonNode v : node) {
            if (!v.isTextual()) {
                return false;
            }
        }
        return true;
    }

    private static List<String> iterationOrder(@Nullable JsonNode node) {
        assertThat(node).isNotNull();
        return node.properties().stream().map(java.util.Map.Entry::getKey).toList();
    }
}

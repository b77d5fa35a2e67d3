package dev.agentswarm.internal.orchestrator;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The parsed JSON arguments of one swarm tool call. Every problem becomes an {@link InvalidArguments} whose message
 * is written for the model: what is wrong and what to send instead.
 */
final class ToolArguments {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String tool;
    private final JsonNode node;

    private ToolArguments(String tool, JsonNode node) {
        this.tool = tool;
        this.node = node;
    }

    static ToolArguments parse(String tool, @Nullable String arguments, String example) {
        if (arguments == null || arguments.isBlank()) {
            throw new InvalidArguments(
                    "Error: " + tool + " was called without arguments. Send a JSON object like " + example + ".");
        }
        JsonNode node;
        try (JsonParser parser = JSON.createParser(arguments)) {
            node = tree(parser);
            String trailing = trailing(parser);
            if (trailing != null) {
                throw new InvalidArguments("Error: the arguments of " + tool + " are not valid JSON (" + trailing
                        + "). Send a JSON object like " + example + ".");
            }
        } catch (JsonProcessingException e) {
            throw new InvalidArguments("Error: the arguments of " + tool + " are not valid JSON ("
                    + e.getOriginalMessage() + "). Send a JSON object like " + example + ".");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        if (node == null || !node.isObject()) {
            throw new InvalidArguments("Error: the arguments of " + tool + " must be a JSON object like " + example
                    + ", got "
                    + (node == null ? "nothing" : node.getNodeType().toString().toLowerCase(Locale.ROOT)) + ".");
        }
        return new ToolArguments(tool, node);
    }

    /**
     * Reads one JSON value into a tree, straight from the streaming parser: the nodes {@code ObjectMapper.readTree}
     * makes (ints, longs and big integers by size, floats as doubles, the last of duplicate keys), without its
     * per-call deserialization context, which cost more than the parse itself at 100,000 calls a turn. The parser's
     * limits (nesting depth, string and number lengths) apply as they do to {@code readTree}.
     *
     * @param parser a parser before the value
     * @return the value, or null when the input holds none
     * @throws IOException if the input is not JSON
     */
    static @Nullable JsonNode tree(JsonParser parser) throws IOException {
        JsonToken token = parser.nextToken();
        return token == null ? null : value(parser, token);
    }

    private static JsonNode value(JsonParser parser, @Nullable JsonToken token) throws IOException {
        if (token == null) {
            throw new JsonParseException(parser, "unexpected end of input");
        }
        JsonNodeFactory nodes = JsonNodeFactory.instance;
        switch (token) {
            case START_OBJECT -> {
                ObjectNode object = nodes.objectNode();
                JsonToken next;
                while ((next = parser.nextToken()) == JsonToken.FIELD_NAME) {
                    String name = parser.currentName();
                    object.set(name, value(parser, parser.nextToken()));
                }
                if (next != JsonToken.END_OBJECT) {
                    throw new JsonParseException(parser, "unexpected " + next + " in an object");
                }
                return object;
            }
            case START_ARRAY -> {
                ArrayNode array = nodes.arrayNode();
                JsonToken next;
                while ((next = parser.nextToken()) != JsonToken.END_ARRAY) {
                    if (next == null) {
                        throw new JsonParseException(parser, "unexpected end of input in an array");
                    }
                    array.add(value(parser, next));
                }
                return array;
            }
            case VALUE_STRING -> {
                return nodes.textNode(parser.getText());
            }
            case VALUE_NUMBER_INT -> {
                return switch (parser.getNumberType()) {
                    case INT -> nodes.numberNode(parser.getIntValue());
                    case LONG -> nodes.numberNode(parser.getLongValue());
                    default -> nodes.numberNode(parser.getBigIntegerValue());
                };
            }
            case VALUE_NUMBER_FLOAT -> {
                return nodes.numberNode(parser.getDoubleValue());
            }
            case VALUE_TRUE -> {
                return nodes.booleanNode(true);
            }
            case VALUE_FALSE -> {
                return nodes.booleanNode(false);
            }
            case VALUE_NULL -> {
                return nodes.nullNode();
            }
            default -> throw new JsonParseException(parser, "unexpected " + token);
        }
    }

    /**
     * Checks that a parser that has read one JSON value is at the end of its input: arguments are one JSON value,
     * with nothing after it but whitespace.
     *
     * @param parser the parser, just after the value
     * @return what follows the value, or null when nothing does
     */
    static @Nullable String trailing(JsonParser parser) {
        JsonToken next;
        try {
            next = parser.nextToken();
        } catch (IOException e) {
            String why = e instanceof JsonProcessingException p ? p.getOriginalMessage() : e.getMessage();
            return "unexpected content after the JSON value at column "
                    + parser.currentLocation().getColumnNr() + ": " + why;
        }
        if (next == null) {
            return null;
        }
        return "they hold more than one JSON value: another one begins at column "
                + parser.currentTokenLocation().getColumnNr();
    }

    String requiredString(String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            throw new InvalidArguments(
                    "Error: " + tool + " needs the string argument '" + field + "', which is missing.");
        }
        if (!v.isTextual()) {
            throw new InvalidArguments("Error: " + tool + " needs '" + field + "' to be a string, got "
                    + v.getNodeType().toString().toLowerCase(Locale.ROOT) + ".");
        }
        String s = v.asText();
        if (s.isBlank()) {
            throw new InvalidArguments("Error: " + tool + " needs a non-empty '" + field + "'.");
        }
        return s;
    }

    @Nullable
    List<String> optionalStringList(String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isArray()) {
            throw new InvalidArguments("Error: " + tool + " needs '" + field + "' to be an array of tool names, got "
                    + v.getNodeType().toString().toLowerCase(Locale.ROOT) + ".");
        }
        List<String> out = new ArrayList<>();
        for (JsonNode item : v) {
            if (!item.isTextual()) {
                throw new InvalidArguments(
                        "Error: every entry of '" + field + "' in " + tool + " must be a tool name (a string), got "
                                + item.getNodeType().toString().toLowerCase(Locale.ROOT) + ".");
            }
            out.add(item.asText());
        }
        return out;
    }

    /**
     * An optional JSON object argument; a string that holds a JSON object is taken as that object (models sometimes
     * send nested JSON as a string).
     */
    @Nullable
    JsonNode optionalObject(String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (v.isTextual()) {
            try {
                JsonNode parsed = JSON.readTree(v.asText());
                if (parsed != null && parsed.isObject()) {
                    return parsed;
                }
            } catch (JsonProcessingException e) {
                throw new InvalidArguments("Error: " + tool + " needs '" + field + "' to be a JSON object, got a string"
                        + " that is not JSON (" + e.getOriginalMessage() + ").");
            }
        }
        if (!v.isObject()) {
            throw new InvalidArguments("Error: " + tool + " needs '" + field + "' to be a JSON object, got "
                    + v.getNodeType().toString().toLowerCase(java.util.Locale.ROOT) + ".");
        }
        return v;
    }

    /** An optional array of strings (ids, names); null when absent. */
    @Nullable
    List<String> optionalIds(String field, String what) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isArray()) {
            throw new InvalidArguments("Error: " + tool + " needs '" + field + "' to be an array of " + what + ", got "
                    + v.getNodeType().toString().toLowerCase(java.util.Locale.ROOT) + ".");
        }
        List<String> out = new ArrayList<>();
        for (JsonNode item : v) {
            if (!item.isTextual()) {
                throw new InvalidArguments("Error: every entry of '" + field + "' in " + tool + " must be one of the "
                        + what + " (a string), got "
                        + item.getNodeType().toString().toLowerCase(java.util.Locale.ROOT) + ".");
            }
            out.add(item.asText());
        }
        return out;
    }

    /** A problem with a swarm tool call, reported to the model as that call's tool result. */
    static class InvalidArguments extends RuntimeException {
        InvalidArguments(String message) {
            super(message, null, false, false);
        }

        /** The message, never null: every InvalidArguments is made with one. */
        @Override
        public String getMessage() {
            return Objects.requireNonNull(super.getMessage());
        }
    }
}

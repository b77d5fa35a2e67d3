package dev.agentswarm.internal.orchestrator;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
            node = JSON.readTree(parser);
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

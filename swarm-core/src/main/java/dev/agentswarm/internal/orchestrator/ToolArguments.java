package dev.agentswarm.internal.orchestrator;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
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

    /** The most fields {@link #flatFields} reads; an object with more is left to the parser. */
    private static final int FLAT_MAX_FIELDS = 16;

    private final String tool;
    /** The object of strings {@link #flatFields} read: name, value, name, value, ...; else null. */
    private final String @Nullable [] fields;
    /** The arguments' object; made from the fields when an accessor other than requiredString needs it. */
    private @Nullable JsonNode node;

    private ToolArguments(String tool, JsonNode node) {
        this.tool = tool;
        this.node = node;
        this.fields = null;
    }

    private ToolArguments(String tool, String[] fields) {
        this.tool = tool;
        this.fields = fields;
    }

    /**
     * @param tool the tool's name, for the messages
     * @param node the arguments' object, as the parser reads it
     * @return the arguments
     */
    static ToolArguments of(String tool, JsonNode node) {
        return new ToolArguments(tool, node);
    }

    private JsonNode node() {
        JsonNode n = node;
        if (n == null) {
            n = object(java.util.Objects.requireNonNull(fields));
            node = n;
        }
        return n;
    }

    static ToolArguments parse(String tool, @Nullable String arguments, String example) {
        if (arguments == null || arguments.isBlank()) {
            throw new InvalidArguments(
                    "Error: " + tool + " was called without arguments. Send a JSON object like " + example + ".");
        }
        String[] flat = flatFields(arguments);
        if (flat != null) {
            return new ToolArguments(tool, flat);
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
     * The longest arguments {@link #flatObject} reads: well below the parser's limits on names, strings and documents,
     * so that whatever it reads the parser would read too.
     */
    private static final int FLAT_MAX_LENGTH = flatMaxLength(JSON.getFactory().streamReadConstraints());

    static int flatMaxLength(StreamReadConstraints limits) {
        if (limits.hasMaxTokenCount() || limits.getMaxNestingDepth() < 1) {
            return -1;
        }
        long max = Math.min(1L << 16, Math.min(limits.getMaxNameLength(), limits.getMaxStringLength()));
        if (limits.hasMaxDocumentLength()) {
            max = Math.min(max, limits.getMaxDocumentLength());
        }
        return (int) max;
    }

    /**
     * The tree {@link #tree} builds of what {@link #flatFields} reads.
     *
     * @param json the arguments
     * @return the object, or null when the parser must read the arguments
     */
    static @Nullable ObjectNode flatObject(String json) {
        String[] fields = flatFields(json);
        return fields == null ? null : object(fields);
    }

    private static ObjectNode object(String[] fields) {
        ObjectNode object = JsonNodeFactory.instance.objectNode();
        for (int i = 0; i < fields.length; i += 2) {
            object.set(fields[i], JsonNodeFactory.instance.textNode(fields[i + 1]));
        }
        return object;
    }

    /**
     * Reads the common shape of a swarm tool call's arguments, a JSON object whose values are all strings
     * ({@code {"agent": "researcher", "prompt": "Find ..."}}), without a Jackson parser: at 100,000 calls a turn,
     * making one cost more than reading the few fields. Returns the fields as {@link #tree} reads them (the last of
     * duplicate keys, in the place of the first), or null for anything else: another value, a nested one, a number, a
     * literal, more than {@value #FLAT_MAX_FIELDS} fields, whitespace other than space, tab, line feed and carriage
     * return, a control character or a surrogate in a string, an escape other than JSON's, and any input that is not
     * valid JSON; the parser then reads it, and refuses what it refuses with its own message.
     *
     * @param json the arguments
     * @return name, value, name, value, ...; or null when the parser must read the arguments
     */
    static String @Nullable [] flatFields(String json) {
        int n = json.length();
        if (n > FLAT_MAX_LENGTH) {
            return null;
        }
        int i = skipSpace(json, 0);
        if (i >= n || json.charAt(i) != '{') {
            return null;
        }
        String[] fields = new String[4];
        int count = 0;
        i = skipSpace(json, i + 1);
        if (i < n && json.charAt(i) == '}') {
            return skipSpace(json, i + 1) == n ? new String[0] : null;
        }
        Cursor cursor = new Cursor(json);
        while (true) {
            cursor.at = i;
            String name = cursor.string();
            if (name == null) {
                return null;
            }
            i = skipSpace(json, cursor.at);
            if (i >= n || json.charAt(i) != ':') {
                return null;
            }
            cursor.at = skipSpace(json, i + 1);
            String value = cursor.string();
            if (value == null) {
                return null;
            }
            int at = 0;
            while (at < count && !fields[at].equals(name)) {
                at += 2;
            }
            if (at == count) {
                if (count == 2 * FLAT_MAX_FIELDS) {
                    return null;
                }
                if (count == fields.length) {
                    fields = java.util.Arrays.copyOf(fields, 2 * count);
                }
                fields[count] = name;
                count += 2;
            }
            fields[at + 1] = value;
            i = skipSpace(json, cursor.at);
            if (i >= n) {
                return null;
            }
            char c = json.charAt(i);
            if (c == '}') {
                return skipSpace(json, i + 1) == n ? java.util.Arrays.copyOf(fields, count) : null;
            }
            if (c != ',') {
                return null;
            }
            i = skipSpace(json, i + 1);
        }
    }

    /** Where {@link #flatFields} reads, and the buffer of the strings with escapes it read. */
    private static final class Cursor {
        private final String json;
        /** The index to read at; after a string, the index just past its closing quote. */
        int at;

        private @Nullable StringBuilder scratch;

        Cursor(String json) {
            this.json = json;
        }

        /** @return the JSON string that starts at {@link #at}, or null for anything the parser must read */
        @Nullable
        String string() {
            int i = at;
            if (i >= json.length() || json.charAt(i) != '"') {
                return null;
            }
            int end = stringEnd(json, i + 1);
            if (end < 0) {
                return null;
            }
            String s;
            if (json.charAt(end) == '\\') {
                StringBuilder out = scratch == null ? new StringBuilder() : scratch;
                scratch = out;
                end = unescape(json, i + 1, out);
                if (end < 0) {
                    return null;
                }
                s = out.toString();
            } else {
                s = json.substring(i + 1, end);
            }
            at = end + 1;
            return s;
        }
    }

    /** @return the index of the first character at or after from that is not JSON whitespace */
    private static int skipSpace(String json, int from) {
        int i = from;
        int n = json.length();
        while (i < n) {
            char c = json.charAt(i);
            if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
                break;
            }
            i++;
        }
        return i;
    }

    /**
     * @return the index of the closing quote of a string whose content starts at from, or of its first backslash;
     *     -1 at the end of the input, a control character or a surrogate
     */
    private static int stringEnd(String json, int from) {
        int n = json.length();
        for (int i = from; i < n; i++) {
            char c = json.charAt(i);
            if (c == '"' || c == '\\') {
                return i;
            }
            if (c < 0x20 || Character.isSurrogate(c)) {
                return -1;
            }
        }
        return -1;
    }

    /**
     * Reads a string with escapes into out (cleared first).
     *
     * @return the index of its closing quote; -1 for anything {@link #flatObject} leaves to the parser
     */
    private static int unescape(String json, int from, StringBuilder out) {
        out.setLength(0);
        int n = json.length();
        int i = from;
        while (i < n) {
            char c = json.charAt(i);
            if (c == '"') {
                return i;
            }
            if (c < 0x20 || Character.isSurrogate(c)) {
                return -1;
            }
            if (c != '\\') {
                out.append(c);
                i++;
                continue;
            }
            if (i + 1 >= n) {
                return -1;
            }
            char e = json.charAt(i + 1);
            switch (e) {
                case '"', '\\', '/' -> out.append(e);
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                case 't' -> out.append('\t');
                case 'u' -> {
                    if (i + 6 > n) {
                        return -1;
                    }
                    int code = 0;
                    for (int k = i + 2; k < i + 6; k++) {
                        int digit = Character.digit(json.charAt(k), 16);
                        if (digit < 0 || json.charAt(k) > 'f') {
                            return -1;
                        }
                        code = (code << 4) | digit;
                    }
                    if (Character.isSurrogate((char) code)) {
                        return -1;
                    }
                    out.append((char) code);
                    i += 4;
                }
                default -> {
                    return -1;
                }
            }
            i += 2;
        }
        return -1;
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
        String[] f = fields;
        if (f != null) {
            for (int i = 0; i < f.length; i += 2) {
                if (f[i].equals(field)) {
                    return nonBlank(field, f[i + 1]);
                }
            }
            throw new InvalidArguments(
                    "Error: " + tool + " needs the string argument '" + field + "', which is missing.");
        }
        JsonNode v = node().get(field);
        if (v == null || v.isNull()) {
            throw new InvalidArguments(
                    "Error: " + tool + " needs the string argument '" + field + "', which is missing.");
        }
        if (!v.isTextual()) {
            throw new InvalidArguments("Error: " + tool + " needs '" + field + "' to be a string, got "
                    + v.getNodeType().toString().toLowerCase(Locale.ROOT) + ".");
        }
        return nonBlank(field, v.asText());
    }

    /** @return whether the arguments are an object of strings without that field; then no tree is needed */
    private boolean absentFromFields(String field) {
        String[] f = fields;
        if (f == null) {
            return false;
        }
        for (int i = 0; i < f.length; i += 2) {
            if (f[i].equals(field)) {
                return false;
            }
        }
        return true;
    }

    private String nonBlank(String field, String s) {
        // Not blank when it begins with other than whitespace; isBlank looks at every character only otherwise.
        if (s.isEmpty() || (Character.isWhitespace(s.charAt(0)) && s.isBlank())) {
            throw new InvalidArguments("Error: " + tool + " needs a non-empty '" + field + "'.");
        }
        return s;
    }

    @Nullable
    List<String> optionalStringList(String field) {
        if (absentFromFields(field)) {
            return null;
        }
        JsonNode v = node().get(field);
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
        JsonNode v = node().get(field);
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
        if (absentFromFields(field)) {
            return null;
        }
        JsonNode v = node().get(field);
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

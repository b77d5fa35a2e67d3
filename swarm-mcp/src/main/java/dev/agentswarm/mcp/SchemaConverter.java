package dev.agentswarm.mcp;

import dev.langchain4j.model.chat.request.json.JsonAnyOfSchema;
import dev.langchain4j.model.chat.request.json.JsonArraySchema;
import dev.langchain4j.model.chat.request.json.JsonBooleanSchema;
import dev.langchain4j.model.chat.request.json.JsonEnumSchema;
import dev.langchain4j.model.chat.request.json.JsonIntegerSchema;
import dev.langchain4j.model.chat.request.json.JsonNullSchema;
import dev.langchain4j.model.chat.request.json.JsonNumberSchema;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.request.json.JsonReferenceSchema;
import dev.langchain4j.model.chat.request.json.JsonSchemaElement;
import dev.langchain4j.model.chat.request.json.JsonStringSchema;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Turns an MCP tool's input schema (JSON Schema as a map) into a LangChain4j {@link JsonObjectSchema}: nested objects,
 * arrays, enums, required fields, {@code anyOf}/{@code oneOf}, nullable types and local {@code $ref}s. A schema a
 * model could not be given (not an object, malformed, too deep or too large) is rejected with the reason; keywords a
 * tool specification cannot carry (formats, bounds, patterns) are dropped, the server still checks them.
 */
final class SchemaConverter {

    static final int MAX_DEPTH = 16;
    static final int MAX_PROPERTIES = 500;
    static final int MAX_DESCRIPTION = 1_000;

    private int properties;

    private SchemaConverter() {}

    /** A schema that cannot be offered to a model. */
    static final class InvalidSchema extends RuntimeException {
        private static final long serialVersionUID = 1L;

        InvalidSchema(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * Converts a tool's input schema.
     *
     * @param schema the {@code inputSchema} of an MCP tool
     * @return the parameters of a tool specification
     * @throws InvalidSchema with the reason when it cannot be offered to a model
     */
    static JsonObjectSchema convert(@Nullable Map<String, Object> schema) {
        if (schema == null || schema.isEmpty()) {
            return JsonObjectSchema.builder().build();
        }
        Object type = schema.get("type");
        if (type != null && !"object".equals(type)) {
            throw new InvalidSchema("its input schema has type " + type + ", but a tool's input must be an object");
        }
        SchemaConverter c = new SchemaConverter();
        JsonObjectSchema.Builder b = c.object(schema, "", 0);
        Map<String, JsonSchemaElement> defs = new LinkedHashMap<>();
        for (String key : List.of("$defs", "definitions")) {
            Object d = schema.get(key);
            if (d != null) {
                for (Map.Entry<String, Object> e : map(d, key).entrySet()) {
                    defs.put(e.getKey(), c.element(e.getValue(), key + "/" + e.getKey(), 1));
                }
            }
        }
        if (!defs.isEmpty()) {
            b.definitions(defs);
        }
        return b.build();
    }

    private JsonObjectSchema.Builder object(Map<String, Object> schema, String path, int depth) {
        JsonObjectSchema.Builder b = JsonObjectSchema.builder();
        String description = description(schema);
        if (description != null) {
            b.description(description);
        }
        Object props = schema.get("properties");
        Map<String, JsonSchemaElement> converted = new LinkedHashMap<>();
        if (props != null) {
            for (Map.Entry<String, Object> e : map(props, path + "/properties").entrySet()) {
                if (++properties > MAX_PROPERTIES) {
                    throw new InvalidSchema("its input schema has more than " + MAX_PROPERTIES + " properties");
                }
                converted.put(e.getKey(), element(e.getValue(), path + "/" + e.getKey(), depth + 1));
            }
            b.addProperties(converted);
        }
        Object required = schema.get("required");
        if (required != null) {
            if (!(required instanceof List<?> list)) {
                throw new InvalidSchema("'required' at " + where(path) + " is not a list of property names");
            }
            List<String> names = new ArrayList<>();
            for (Object r : list) {
                if (!(r instanceof String s)) {
                    throw new InvalidSchema("'required' at " + where(path) + " holds " + r + ", not a property name");
                }
                if (!converted.containsKey(s)) {
                    throw new InvalidSchema("'required' at " + where(path) + " names '" + s
                            + "', which is not one of its properties " + converted.keySet());
                }
                names.add(s);
            }
            b.required(names);
        }
        if (schema.get("additionalProperties") instanceof Boolean additional) {
            b.additionalProperties(additional);
        }
        return b;
    }

    private JsonSchemaElement element(Object raw, String path, int depth) {
        if (depth > MAX_DEPTH) {
            throw new InvalidSchema("its input schema nests deeper than " + MAX_DEPTH + " levels at " + where(path));
        }
        if (raw instanceof Boolean) {
            // true: any value; false cannot be satisfied, and a model is better told "any" than nothing.
            return JsonStringSchema.builder().description("any value").build();
        }
        Map<String, Object> schema = map(raw, path);
        String description = description(schema);
        Object ref = schema.get("$ref");
        if (ref != null) {
            if (!(ref instanceof String s) || !(s.startsWith("#/$defs/") || s.startsWith("#/definitions/"))) {
                throw new InvalidSchema("$ref " + ref + " at " + where(path)
                        + " is not a local reference (#/$defs/… or #/definitions/…)");
            }
            return JsonReferenceSchema.builder()
                    .reference(s.substring(s.lastIndexOf('/') + 1))
                    .build();
        }
        Object enumValues = schema.get("enum");
        if (enumValues != null) {
            if (!(enumValues instanceof List<?> values) || values.isEmpty()) {
                throw new InvalidSchema("'enum' at " + where(path) + " is not a non-empty list");
            }
            List<String> strings = new ArrayList<>();
            for (Object v : values) {
                strings.add(String.valueOf(v));
            }
            return JsonEnumSchema.builder()
                    .enumValues(strings)
                    .description(description)
                    .build();
        }
        for (String key : List.of("anyOf", "oneOf")) {
            Object options = schema.get(key);
            if (options != null) {
                if (!(options instanceof List<?> list) || list.isEmpty()) {
                    throw new InvalidSchema("'" + key + "' at " + where(path) + " is not a non-empty list");
                }
                List<JsonSchemaElement> elements = new ArrayList<>();
                for (Object o : list) {
                    elements.add(element(o, path, depth + 1));
                }
                return JsonAnyOfSchema.builder()
                        .anyOf(elements)
                        .description(description)
                        .build();
            }
        }
        Object type = schema.get("type");
        if (type instanceof List<?> types) {
            if (types.isEmpty()) {
                throw new InvalidSchema("'type' at " + where(path) + " is an empty list");
            }
            if (types.size() == 1) {
                return typed(String.valueOf(types.get(0)), schema, description, path, depth);
            }
            List<JsonSchemaElement> elements = new ArrayList<>();
            for (Object t : types) {
                elements.add(typed(String.valueOf(t), schema, null, path, depth));
            }
            return JsonAnyOfSchema.builder()
                    .anyOf(elements)
                    .description(description)
                    .build();
        }
        if (type == null) {
            if (schema.containsKey("properties")) {
                return object(schema, path, depth).build();
            }
            return JsonStringSchema.builder()
                    .description(description == null ? "any JSON value" : description)
                    .build();
        }
        if (!(type instanceof String t)) {
            throw new InvalidSchema("'type' at " + where(path) + " is " + type + ", not a type name");
        }
        return typed(t, schema, description, path, depth);
    }

    private JsonSchemaElement typed(
            String type, Map<String, Object> schema, @Nullable String description, String path, int depth) {
        return switch (type) {
            case "object" -> object(schema, path, depth).build();
            case "array" -> {
                JsonArraySchema.Builder a = JsonArraySchema.builder().description(description);
                Object items = schema.get("items");
                a.items(
                        items == null
                                ? JsonStringSchema.builder()
                                        .description("any JSON value")
                                        .build()
                                : element(items, path + "[]", depth + 1));
                yield a.build();
            }
            case "string" -> JsonStringSchema.builder().description(description).build();
            case "integer" ->
                JsonIntegerSchema.builder().description(description).build();
            case "number" -> JsonNumberSchema.builder().description(description).build();
            case "boolean" ->
                JsonBooleanSchema.builder().description(description).build();
            case "null" -> new JsonNullSchema();
            default ->
                throw new InvalidSchema("'type' at " + where(path) + " is '" + type
                        + "', not a JSON Schema type (object, array, string, integer, number, boolean, null)");
        };
    }

    private static @Nullable String description(Map<String, Object> schema) {
        Object d = schema.get("description");
        if (!(d instanceof String s) || s.isBlank()) {
            return null;
        }
        return s.length() > MAX_DESCRIPTION ? s.substring(0, MAX_DESCRIPTION) + "…" : s;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object raw, String path) {
        if (!(raw instanceof Map<?, ?> m)) {
            throw new InvalidSchema("the schema at " + where(path) + " is " + abbreviate(raw) + ", not an object");
        }
        for (Object k : m.keySet()) {
            if (!(k instanceof String)) {
                throw new InvalidSchema("the schema at " + where(path) + " has a key that is not a string");
            }
        }
        return (Map<String, Object>) m;
    }

    private static String abbreviate(@Nullable Object o) {
        String s = String.valueOf(o);
        return s.length() > 60 ? s.substring(0, 60) + "…" : s;
    }

    private static String where(String path) {
        return path.isEmpty() ? "the top level" : "'" + path + "'";
    }
}

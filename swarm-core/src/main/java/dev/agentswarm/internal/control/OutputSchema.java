package dev.agentswarm.internal.control;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaException;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A subagent's output schema, compiled once: checks that a schema is a valid JSON Schema (draft 2020-12 unless it
 * names another with {@code $schema}), and validates final messages against it. A final message may be wrapped in a
 * Markdown code fence ({@code ```json ... ```}); it must hold exactly one JSON value.
 */
public final class OutputSchema {

    /** The most validation errors a message lists. */
    static final int MAX_ERRORS = 10;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SchemaRegistry REGISTRY =
            SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
    private static final Schema META =
            REGISTRY.getSchema(SchemaLocation.of(SpecificationVersion.DRAFT_2020_12.getDialectId()));

    private final JsonNode node;
    private final Schema schema;

    private OutputSchema(JsonNode node, Schema schema) {
        this.node = node;
        this.schema = schema;
    }

    /**
     * Compiles a schema.
     *
     * @param schema the JSON Schema
     * @return it, compiled
     * @throws InvalidSchema if it is not a JSON object, or not a valid JSON Schema; the message lists the problems
     */
    public static OutputSchema compile(JsonNode schema) {
        if (!schema.isObject()) {
            throw new InvalidSchema("it must be a JSON object (a JSON Schema), got "
                    + schema.getNodeType().toString().toLowerCase(java.util.Locale.ROOT));
        }
        String text = schema.toString();
        try {
            List<Error> problems = META.validate(text, InputFormat.JSON);
            if (!problems.isEmpty()) {
                throw new InvalidSchema(describe(problems));
            }
            return new OutputSchema(schema, REGISTRY.getSchema(text, InputFormat.JSON));
        } catch (SchemaException | IllegalArgumentException | IllegalStateException e) {
            if (e instanceof InvalidSchema i) {
                throw i;
            }
            throw new InvalidSchema(String.valueOf(e.getMessage()));
        }
    }

    /** @return the schema as given */
    public JsonNode node() {
        return node;
    }

    /**
     * Validates a final message.
     *
     * @param message the subagent's final message
     * @return the parsed value, or the problems
     */
    public Validation validate(String message) {
        String body = unfenced(message.strip());
        JsonNode value;
        try (JsonParser parser = JSON.createParser(body)) {
            value = JSON.readTree(parser);
            if (value == null || value.isMissingNode()) {
                return Validation.invalid(List.of("the final message is empty; it must be one JSON value"));
            }
            if (parser.nextToken() != null) {
                return Validation.invalid(
                        List.of("the final message holds more than one JSON value; it must be exactly one"));
            }
        } catch (JsonProcessingException e) {
            return Validation.invalid(List.of("the final message is not JSON: " + e.getOriginalMessage()));
        } catch (IOException e) {
            return Validation.invalid(List.of("the final message could not be read: " + e.getMessage()));
        }
        List<Error> errors;
        try {
            errors = schema.validate(value.toString(), InputFormat.JSON);
        } catch (RuntimeException e) {
            return Validation.invalid(List.of("the schema could not be applied: " + e.getMessage()));
        }
        if (!errors.isEmpty()) {
            List<String> out = new ArrayList<>();
            for (Error err : errors) {
                if (out.size() == MAX_ERRORS) {
                    out.add("… " + (errors.size() - MAX_ERRORS) + " more");
                    break;
                }
                out.add(err.toString());
            }
            return Validation.invalid(out);
        }
        return new Validation(value, List.of());
    }

    private static String unfenced(String s) {
        if (!s.startsWith("```")) {
            return s;
        }
        int firstLine = s.indexOf('\n');
        int close = s.lastIndexOf("```");
        if (firstLine < 0 || close <= firstLine) {
            return s;
        }
        return s.substring(firstLine + 1, close).strip();
    }

    private static String describe(List<Error> problems) {
        List<String> out = new ArrayList<>();
        for (Error e : problems) {
            if (out.size() == MAX_ERRORS) {
                out.add("… " + (problems.size() - MAX_ERRORS) + " more");
                break;
            }
            out.add(e.toString());
        }
        return String.join("; ", out);
    }

    /**
     * The outcome of validating a final message.
     *
     * @param value the parsed value when it is valid, else null
     * @param errors what is wrong; empty when valid
     */
    public record Validation(@Nullable JsonNode value, List<String> errors) {

        /**
         * Copies the errors.
         *
         * @param value the parsed value, or null
         * @param errors what is wrong
         */
        public Validation {
            errors = List.copyOf(errors);
        }

        static Validation invalid(List<String> errors) {
            return new Validation(null, errors);
        }

        /** @return whether the message is valid */
        public boolean valid() {
            return value != null && errors.isEmpty();
        }
    }

    /** A schema that is not a valid JSON Schema; its message lists the problems. */
    public static final class InvalidSchema extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        InvalidSchema(String message) {
            super(message);
        }
    }
}

package dev.agentswarm.temporal.workflow;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentswarm.event.SwarmEvents;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessageDeserializer;
import dev.langchain4j.data.message.ChatMessageSerializer;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.json.JsonAnyOfSchema;
import dev.langchain4j.model.chat.request.json.JsonArraySchema;
import dev.langchain4j.model.chat.request.json.JsonBooleanSchema;
import dev.langchain4j.model.chat.request.json.JsonEnumSchema;
import dev.langchain4j.model.chat.request.json.JsonIntegerSchema;
import dev.langchain4j.model.chat.request.json.JsonNullSchema;
import dev.langchain4j.model.chat.request.json.JsonNumberSchema;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.request.json.JsonRawSchema;
import dev.langchain4j.model.chat.request.json.JsonReferenceSchema;
import dev.langchain4j.model.chat.request.json.JsonSchemaElement;
import dev.langchain4j.model.chat.request.json.JsonStringSchema;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.FinishReason;
import dev.langchain4j.model.output.TokenUsage;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The JSON forms in which chat requests, chat responses and tool specifications cross the boundary between workflow
 * code and activities. Payloads are strings so that Temporal's converter never has to know LangChain4j's types.
 */
public final class Codec {

    private static final ObjectMapper JSON = SwarmEvents.mapper();

    private Codec() {}

    /**
     * @param request a chat request as the swarm builds it: messages and tool specifications
     * @return its JSON form
     */
    public static String encodeRequest(ChatRequest request) {
        ObjectNode root = JSON.createObjectNode();
        root.set("messages", read(ChatMessageSerializer.messagesToJson(request.messages())));
        ArrayNode tools = root.putArray("tools");
        List<ToolSpecification> specs = request.toolSpecifications();
        if (specs != null) {
            for (ToolSpecification spec : specs) {
                tools.add(encodeTool(spec));
            }
        }
        return write(root);
    }

    /**
     * @param json the form {@link #encodeRequest} wrote
     * @return the request
     */
    public static ChatRequest decodeRequest(String json) {
        JsonNode root = read(json);
        List<ToolSpecification> specs = new ArrayList<>();
        for (JsonNode t : root.path("tools")) {
            specs.add(decodeTool(t));
        }
        ChatRequest.Builder b =
                ChatRequest.builder().messages(ChatMessageDeserializer.messagesFromJson(write(root.path("messages"))));
        if (!specs.isEmpty()) {
            b.toolSpecifications(specs);
        }
        return b.build();
    }

    /**
     * @param response a model's response
     * @return its JSON form: the AI message, the token usage, the finish reason, the id and the model name
     */
    public static String encodeResponse(ChatResponse response) {
        ObjectNode root = JSON.createObjectNode();
        root.set("aiMessage", read(ChatMessageSerializer.messageToJson(response.aiMessage())));
        TokenUsage usage = response.tokenUsage();
        if (usage != null) {
            ObjectNode u = root.putObject("tokenUsage");
            putInt(u, "input", usage.inputTokenCount());
            putInt(u, "output", usage.outputTokenCount());
            putInt(u, "total", usage.totalTokenCount());
        }
        FinishReason finish = response.finishReason();
        if (finish != null) {
            root.put("finishReason", finish.name());
        }
        if (response.id() != null) {
            root.put("id", response.id());
        }
        if (response.modelName() != null) {
            root.put("modelName", response.modelName());
        }
        return write(root);
    }

    /**
     * @param json the form {@link #encodeResponse} wrote
     * @return the response
     */
    public static ChatResponse decodeResponse(String json) {
        JsonNode root = read(json);
        AiMessage ai = (AiMessage) ChatMessageDeserializer.messageFromJson(write(root.path("aiMessage")));
        ChatResponse.Builder b = ChatResponse.builder().aiMessage(ai);
        JsonNode u = root.get("tokenUsage");
        if (u != null) {
            b.tokenUsage(new TokenUsage(intOrNull(u, "input"), intOrNull(u, "output"), intOrNull(u, "total")));
        }
        JsonNode finish = root.get("finishReason");
        if (finish != null) {
            b.finishReason(FinishReason.valueOf(finish.asText()));
        }
        JsonNode id = root.get("id");
        if (id != null) {
            b.id(id.asText());
        }
        JsonNode modelName = root.get("modelName");
        if (modelName != null) {
            b.modelName(modelName.asText());
        }
        return b.build();
    }

    static ObjectNode encodeTool(ToolSpecification spec) {
        ObjectNode t = JSON.createObjectNode();
        t.put("name", spec.name());
        if (spec.description() != null) {
            t.put("description", spec.description());
        }
        if (spec.parameters() != null) {
            t.set("parameters", encodeSchema(spec.parameters()));
        }
        return t;
    }

    static ToolSpecification decodeTool(JsonNode t) {
        ToolSpecification.Builder b =
                ToolSpecification.builder().name(t.path("name").asText());
        JsonNode d = t.get("description");
        if (d != null) {
            b.description(d.asText());
        }
        JsonNode p = t.get("parameters");
        if (p != null) {
            b.parameters((JsonObjectSchema) decodeSchema(p));
        }
        return b.build();
    }

    static ObjectNode encodeSchema(JsonSchemaElement e) {
        ObjectNode n = JSON.createObjectNode();
        if (e instanceof JsonObjectSchema o) {
            n.put("kind", "object");
            putText(n, "description", o.description());
            ObjectNode props = n.putObject("properties");
            o.properties().forEach((k, v) -> props.set(k, encodeSchema(v)));
            ArrayNode req = n.putArray("required");
            if (o.required() != null) {
                o.required().forEach(req::add);
            }
            if (o.additionalProperties() != null) {
                n.put("additionalProperties", o.additionalProperties());
            }
            if (o.definitions() != null) {
                ObjectNode defs = n.putObject("definitions");
                o.definitions().forEach((k, v) -> defs.set(k, encodeSchema(v)));
            }
        } else if (e instanceof JsonStringSchema s) {
            n.put("kind", "string");
            putText(n, "description", s.description());
        } else if (e instanceof JsonIntegerSchema s) {
            n.put("kind", "integer");
            putText(n, "description", s.description());
        } else if (e instanceof JsonNumberSchema s) {
            n.put("kind", "number");
            putText(n, "description", s.description());
        } else if (e instanceof JsonBooleanSchema s) {
            n.put("kind", "boolean");
            putText(n, "description", s.description());
        } else if (e instanceof JsonNullSchema) {
            n.put("kind", "null");
        } else if (e instanceof JsonEnumSchema s) {
            n.put("kind", "enum");
            putText(n, "description", s.description());
            ArrayNode values = n.putArray("values");
            s.enumValues().forEach(values::add);
        } else if (e instanceof JsonArraySchema s) {
            n.put("kind", "array");
            putText(n, "description", s.description());
            if (s.items() != null) {
                n.set("items", encodeSchema(s.items()));
            }
        } else if (e instanceof JsonAnyOfSchema s) {
            n.put("kind", "anyOf");
            putText(n, "description", s.description());
            ArrayNode any = n.putArray("anyOf");
            s.anyOf().forEach(x -> any.add(encodeSchema(x)));
        } else if (e instanceof JsonReferenceSchema s) {
            n.put("kind", "reference");
            putText(n, "reference", s.reference());
        } else if (e instanceof JsonRawSchema s) {
            n.put("kind", "raw");
            n.put("schema", s.schema());
        } else {
            throw new IllegalArgumentException(
                    "tool parameter schema element " + e.getClass().getName()
                            + " cannot be sent to a Temporal activity; describe the tool's parameters with LangChain4j's"
                            + " JsonObjectSchema elements");
        }
        return n;
    }

    static JsonSchemaElement decodeSchema(JsonNode n) {
        String description = n.hasNonNull("description") ? n.get("description").asText() : null;
        return switch (n.path("kind").asText()) {
            case "object" -> decodeObject(n, description);
            case "string" -> JsonStringSchema.builder().description(description).build();
            case "integer" ->
                JsonIntegerSchema.builder().description(description).build();
            case "number" -> JsonNumberSchema.builder().description(description).build();
            case "boolean" ->
                JsonBooleanSchema.builder().description(description).build();
            case "null" -> new JsonNullSchema();
            case "enum" -> {
                List<String> values = new ArrayList<>();
                n.path("values").forEach(v -> values.add(v.asText()));
                yield JsonEnumSchema.builder()
                        .description(description)
                        .enumValues(values)
                        .build();
            }
            case "array" -> {
                JsonArraySchema.Builder b = JsonArraySchema.builder().description(description);
                if (n.has("items")) {
                    b.items(decodeSchema(n.get("items")));
                }
                yield b.build();
            }
            case "anyOf" -> {
                List<JsonSchemaElement> any = new ArrayList<>();
                n.path("anyOf").forEach(x -> any.add(decodeSchema(x)));
                yield JsonAnyOfSchema.builder()
                        .description(description)
                        .anyOf(any)
                        .build();
            }
            case "reference" ->
                JsonReferenceSchema.builder()
                        .reference(n.path("reference").asText())
                        .build();
            case "raw" -> JsonRawSchema.from(n.path("schema").asText());
            default ->
                throw new IllegalArgumentException(
                        "unknown schema element kind '" + n.path("kind").asText() + "'");
        };
    }

    private static JsonObjectSchema decodeObject(JsonNode n, @Nullable String description) {
        Map<String, JsonSchemaElement> props = new LinkedHashMap<>();
        n.path("properties").properties().forEach(f -> props.put(f.getKey(), decodeSchema(f.getValue())));
        List<String> required = new ArrayList<>();
        n.path("required").forEach(r -> required.add(r.asText()));
        JsonObjectSchema.Builder b =
                JsonObjectSchema.builder().description(description).addProperties(props);
        if (!required.isEmpty()) {
            b.required(required);
        }
        if (n.has("additionalProperties")) {
            b.additionalProperties(n.get("additionalProperties").asBoolean());
        }
        if (n.has("definitions")) {
            Map<String, JsonSchemaElement> defs = new LinkedHashMap<>();
            n.get("definitions").properties().forEach(f -> defs.put(f.getKey(), decodeSchema(f.getValue())));
            b.definitions(defs);
        }
        return b.build();
    }

    private static void putText(ObjectNode n, String field, @Nullable String value) {
        if (value != null) {
            n.put(field, value);
        }
    }

    private static void putInt(ObjectNode n, String field, @Nullable Integer value) {
        if (value != null) {
            n.put(field, value);
        }
    }

    private static @Nullable Integer intOrNull(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asInt();
    }

    static JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * @param value a value Jackson can write under the event mapper's setup
     * @return its JSON
     */
    public static String write(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * @param json JSON text
     * @param type the type to read
     * @param <T> the type
     * @return the value
     */
    public static <T> T read(String json, Class<T> type) {
        try {
            return JSON.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}

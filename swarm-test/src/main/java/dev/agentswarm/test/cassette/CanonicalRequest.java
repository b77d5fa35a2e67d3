package dev.agentswarm.test.cassette;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.internal.JsonSchemaElementUtils;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.jspecify.annotations.Nullable;

/**
 * The canonical JSON of a model request, and its SHA-256 key. It holds what determines the answer: the model's name;
 * every message with its role and text, an assistant message's tool calls (name and arguments, with JSON arguments
 * re-serialised with sorted keys) and a tool result's tool name, text and error flag; the tools on offer (name,
 * description, parameter schema); and the request parameters that are set. It leaves out tool call ids, which
 * providers and scripted models generate afresh, and treats a missing text as an empty one. Keys are therefore equal
 * for equal conversations whatever the order in which parallel tasks sent them.
 */
public final class CanonicalRequest {

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .build();

    private CanonicalRequest() {}

    /**
     * @param model the model's name
     * @param request the request
     * @return its canonical JSON tree
     */
    public static ObjectNode of(String model, ChatRequest request) {
        ObjectNode root = JSON.createObjectNode();
        root.put("model", model);
        ArrayNode messages = root.putArray("messages");
        for (ChatMessage m : request.messages()) {
            messages.add(message(m));
        }
        ArrayNode tools = root.putArray("tools");
        for (ToolSpecification t : request.toolSpecifications()) {
            ObjectNode n = tools.addObject();
            n.put("name", t.name());
            n.put("description", t.description() == null ? "" : t.description());
            n.set(
                    "parameters",
                    t.parameters() == null ? null : JSON.valueToTree(JsonSchemaElementUtils.toMap(t.parameters())));
        }
        root.set("parameters", parameters(request.parameters()));
        return root;
    }

    /**
     * @param model the model's name
     * @param request the request
     * @return the canonical JSON, compact
     */
    public static String json(String model, ChatRequest request) {
        return write(of(model, request));
    }

    /**
     * @param model the model's name
     * @param request the request
     * @return the hex SHA-256 of the canonical JSON: the cassette key
     */
    public static String key(String model, ChatRequest request) {
        return sha256(json(model, request));
    }

    /**
     * @param canonical a canonical JSON tree
     * @return its hex SHA-256
     */
    public static String key(JsonNode canonical) {
        return sha256(write(canonical));
    }

    /**
     * @param canonical a canonical JSON tree
     * @return it pretty-printed, one property per line, for diffs
     */
    public static String pretty(JsonNode canonical) {
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(canonical);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ObjectNode message(ChatMessage m) {
        ObjectNode n = JSON.createObjectNode();
        if (m instanceof SystemMessage s) {
            n.put("role", "system");
            n.put("text", s.text());
        } else if (m instanceof UserMessage u) {
            n.put("role", "user");
            n.put("text", u.hasSingleText() ? u.singleText() : String.valueOf(u.contents()));
        } else if (m instanceof AiMessage a) {
            n.put("role", "assistant");
            n.put("text", a.text() == null ? "" : a.text());
            ArrayNode calls = n.putArray("toolCalls");
            if (a.hasToolExecutionRequests()) {
                for (ToolExecutionRequest c : a.toolExecutionRequests()) {
                    ObjectNode cn = calls.addObject();
                    cn.put("name", c.name());
                    cn.put("arguments", canonicalArguments(c.arguments()));
                }
            }
        } else if (m instanceof ToolExecutionResultMessage t) {
            n.put("role", "tool");
            n.put("toolName", t.toolName());
            n.put("text", t.text());
            n.put("isError", Boolean.TRUE.equals(t.isError()));
        } else {
            n.put("role", String.valueOf(m.type()));
            n.put("text", String.valueOf(m));
        }
        return n;
    }

    private static String canonicalArguments(@Nullable String arguments) {
        if (arguments == null) {
            return "";
        }
        try {
            Object tree = JSON.readValue(arguments, Object.class);
            return JSON.writeValueAsString(tree);
        } catch (JsonProcessingException e) {
            return arguments;
        }
    }

    private static ObjectNode parameters(@Nullable ChatRequestParameters p) {
        ObjectNode n = JSON.createObjectNode();
        if (p == null) {
            return n;
        }
        putIfSet(n, "modelName", p.modelName());
        putIfSet(n, "temperature", p.temperature());
        putIfSet(n, "topP", p.topP());
        putIfSet(n, "topK", p.topK());
        putIfSet(n, "frequencyPenalty", p.frequencyPenalty());
        putIfSet(n, "presencePenalty", p.presencePenalty());
        putIfSet(n, "maxOutputTokens", p.maxOutputTokens());
        if (p.stopSequences() != null && !p.stopSequences().isEmpty()) {
            n.set("stopSequences", JSON.valueToTree(p.stopSequences()));
        }
        putIfSet(n, "toolChoice", p.toolChoice());
        putIfSet(n, "responseFormat", p.responseFormat());
        return n;
    }

    private static void putIfSet(ObjectNode n, String field, @Nullable Object value) {
        if (value != null) {
            n.put(field, String.valueOf(value));
        }
    }

    private static String write(JsonNode node) {
        try {
            return JSON.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String sha256(String s) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }
}

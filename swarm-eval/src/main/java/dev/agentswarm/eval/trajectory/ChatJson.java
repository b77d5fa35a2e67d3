package dev.agentswarm.eval.trajectory;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.Content;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.TextContent;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.internal.JsonSchemaElementJsonUtils;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.request.json.JsonSchemaElement;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.TokenUsage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * LangChain4j chat requests and responses as OpenAI-style chat JSON, and back: the message and tool shapes of the
 * chat-completions API that common RL trainers read.
 * <ul>
 *   <li>{@code {"role":"system","content":…}}, {@code {"role":"user","content":…[,"name":…]}} (a text, or a list of
 *       {@code {"type":"text","text":…}} parts);</li>
 *   <li>{@code {"role":"assistant","content":…|null[,"reasoning_content":…],"tool_calls":[{"id":…,"type":"function",
 *       "function":{"name":…,"arguments":"…"}}]}}, {@code tool_calls} only when there are some; a call id is kept as
 *       the model sent it, null and empty included;</li>
 *   <li>{@code {"role":"tool","tool_call_id":…,"name":…,"content":…[,"is_error":…]}};</li>
 *   <li>a tool: {@code {"type":"function","function":{"name":…,"description":…,"parameters":{JSON schema}
 *       [,"strict":…]}}}.</li>
 * </ul>
 * {@link #toRequest} rebuilds a {@link ChatRequest} equal to the one written (messages and tool specifications) when
 * nothing was redacted. Text goes through the given redaction on the way out, so that secrets never reach a
 * trajectory file. Thread-safe.
 */
public final class ChatJson {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ChatJson() {}

    /**
     * @param request a request
     * @param redact applied to every text and argument string
     * @return {@code {"messages":[…],"tools":[…]}}
     */
    public static ObjectNode request(ChatRequest request, UnaryOperator<String> redact) {
        ObjectNode out = JSON.createObjectNode();
        ArrayNode messages = out.putArray("messages");
        for (ChatMessage m : request.messages()) {
            messages.add(message(m, redact));
        }
        ArrayNode tools = out.putArray("tools");
        List<ToolSpecification> specs = request.toolSpecifications();
        if (specs != null) {
            for (ToolSpecification t : specs) {
                tools.add(tool(t));
            }
        }
        return out;
    }

    /**
     * @param response a response
     * @param redact applied to every text and argument string
     * @return {@code {"message":{assistant},"finish_reason":…,"usage":{"prompt_tokens":…,"completion_tokens":…}}}
     */
    public static ObjectNode response(ChatResponse response, UnaryOperator<String> redact) {
        ObjectNode out = JSON.createObjectNode();
        out.set("message", message(response.aiMessage(), redact));
        out.put(
                "finish_reason",
                response.finishReason() == null
                        ? null
                        : response.finishReason().name().toLowerCase(java.util.Locale.ROOT));
        TokenUsage usage = response.tokenUsage();
        ObjectNode u = out.putObject("usage");
        u.put("prompt_tokens", usage == null ? null : usage.inputTokenCount());
        u.put("completion_tokens", usage == null ? null : usage.outputTokenCount());
        return out;
    }

    /**
     * @param message a message
     * @param redact applied to every text and argument string
     * @return the message in OpenAI-style JSON
     */
    public static ObjectNode message(ChatMessage message, UnaryOperator<String> redact) {
        ObjectNode out = JSON.createObjectNode();
        if (message instanceof SystemMessage s) {
            out.put("role", "system");
            out.put("content", redact.apply(s.text()));
        } else if (message instanceof UserMessage u) {
            out.put("role", "user");
            if (u.hasSingleText()) {
                out.put("content", redact.apply(u.singleText()));
            } else {
                ArrayNode parts = out.putArray("content");
                for (Content c : u.contents()) {
                    ObjectNode part = parts.addObject();
                    if (c instanceof TextContent t) {
                        part.put("type", "text");
                        part.put("text", redact.apply(t.text()));
                    } else {
                        part.put("type", "unsupported:" + c.type());
                    }
                }
            }
            if (u.name() != null) {
                out.put("name", u.name());
            }
        } else if (message instanceof AiMessage a) {
            out.put("role", "assistant");
            out.put("content", a.text() == null ? null : redact.apply(a.text()));
            if (a.thinking() != null) {
                out.put("reasoning_content", redact.apply(a.thinking()));
            }
            if (a.hasToolExecutionRequests()) {
                ArrayNode calls = out.putArray("tool_calls");
                for (ToolExecutionRequest c : a.toolExecutionRequests()) {
                    ObjectNode call = calls.addObject();
                    call.put("id", c.id());
                    call.put("type", "function");
                    ObjectNode f = call.putObject("function");
                    f.put("name", c.name());
                    f.put("arguments", c.arguments() == null ? null : redact.apply(c.arguments()));
                }
            }
        } else if (message instanceof ToolExecutionResultMessage t) {
            out.put("role", "tool");
            out.put("tool_call_id", t.id());
            out.put("name", t.toolName());
            out.put("content", t.text() == null ? null : redact.apply(t.text()));
            if (t.isError() != null) {
                out.put("is_error", t.isError());
            }
        } else {
            out.put("role", "unsupported:" + message.type());
        }
        return out;
    }

    /**
     * @param tool a tool specification
     * @return the tool in OpenAI-style JSON
     */
    public static ObjectNode tool(ToolSpecification tool) {
        ObjectNode out = JSON.createObjectNode();
        out.put("type", "function");
        ObjectNode f = out.putObject("function");
        f.put("name", tool.name());
        f.put("description", tool.description());
        if (tool.parameters() != null) {
            f.set("parameters", JSON.valueToTree(JsonSchemaElementJsonUtils.toMap(tool.parameters())));
        }
        if (tool.strict() != null) {
            f.put("strict", tool.strict());
        }
        return out;
    }

    /**
     * Rebuilds a request from {@link #request}'s JSON.
     *
     * @param json {@code {"messages":[…],"tools":[…]}}
     * @return the request
     * @throws IllegalArgumentException if the JSON is not of that shape, naming the message or tool at fault
     */
    public static ChatRequest toRequest(JsonNode json) {
        JsonNode messages = json.path("messages");
        if (!messages.isArray() || messages.isEmpty()) {
            throw new IllegalArgumentException("a request needs a non-empty \"messages\" array");
        }
        List<ChatMessage> out = new ArrayList<>();
        for (int i = 0; i < messages.size(); i++) {
            try {
                out.add(toMessage(messages.get(i)));
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("message " + i + ": " + e.getMessage(), e);
            }
        }
        List<ToolSpecification> tools = new ArrayList<>();
        JsonNode t = json.path("tools");
        for (int i = 0; i < t.size(); i++) {
            try {
                tools.add(toTool(t.get(i)));
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("tool " + i + ": " + e.getMessage(), e);
            }
        }
        ChatRequest.Builder b = ChatRequest.builder().messages(out);
        if (!tools.isEmpty()) {
            b.toolSpecifications(tools);
        }
        return b.build();
    }

    /**
     * Rebuilds a message from {@link #message}'s JSON.
     *
     * @param json one message
     * @return the message
     * @throws IllegalArgumentException if its role is unknown or a field is missing
     */
    public static ChatMessage toMessage(JsonNode json) {
        String role = json.path("role").asText("");
        switch (role) {
            case "system" -> {
                return SystemMessage.from(text(json, "content"));
            }
            case "user" -> {
                JsonNode content = json.path("content");
                @Nullable
                String name = json.hasNonNull("name") ? json.get("name").asText() : null;
                if (content.isTextual()) {
                    return name == null ? UserMessage.from(content.asText()) : UserMessage.from(name, content.asText());
                }
                List<Content> parts = new ArrayList<>();
                for (JsonNode p : content) {
                    if (!"text".equals(p.path("type").asText())) {
                        throw new IllegalArgumentException("a user message part of type '"
                                + p.path("type").asText() + "' cannot be rebuilt; only text parts can");
                    }
                    parts.add(TextContent.from(text(p, "text")));
                }
                return name == null ? UserMessage.from(parts) : UserMessage.from(name, parts);
            }
            case "assistant" -> {
                AiMessage.Builder b = AiMessage.builder().text(nullableText(json, "content"));
                if (json.hasNonNull("reasoning_content")) {
                    b.thinking(json.get("reasoning_content").asText());
                }
                List<ToolExecutionRequest> calls = new ArrayList<>();
                for (JsonNode c : json.path("tool_calls")) {
                    JsonNode f = c.path("function");
                    calls.add(ToolExecutionRequest.builder()
                            .id(nullableText(c, "id"))
                            .name(nullableText(f, "name"))
                            .arguments(nullableText(f, "arguments"))
                            .build());
                }
                if (!calls.isEmpty()) {
                    b.toolExecutionRequests(calls);
                }
                return b.build();
            }
            case "tool" -> {
                ToolExecutionResultMessage.Builder b = ToolExecutionResultMessage.builder()
                        .id(nullableText(json, "tool_call_id"))
                        .toolName(nullableText(json, "name"))
                        .text(nullableText(json, "content"));
                if (json.has("is_error")) {
                    b.isError(json.get("is_error").asBoolean());
                }
                return b.build();
            }
            default -> throw new IllegalArgumentException("unknown role '" + role + "'");
        }
    }

    /**
     * Rebuilds a tool specification from {@link #tool}'s JSON.
     *
     * @param json one tool
     * @return the specification
     * @throws IllegalArgumentException if it has no function name or its parameters are not an object schema
     */
    public static ToolSpecification toTool(JsonNode json) {
        JsonNode f = json.path("function");
        ToolSpecification.Builder b = ToolSpecification.builder().name(text(f, "name"));
        b.description(nullableText(f, "description"));
        if (f.hasNonNull("parameters")) {
            Map<String, Object> map =
                    JSON.convertValue(f.get("parameters"), new TypeReference<Map<String, Object>>() {});
            JsonSchemaElement schema = JsonSchemaElementJsonUtils.fromMap(map);
            if (!(schema instanceof JsonObjectSchema o)) {
                throw new IllegalArgumentException(
                        "the parameters of tool '" + text(f, "name") + "' are not an object schema");
            }
            b.parameters(o);
        }
        if (f.hasNonNull("strict")) {
            b.strict(f.get("strict").asBoolean());
        }
        return b.build();
    }

    /**
     * @param json a JSON value
     * @return its compact text, the bytes a trajectory line holds
     */
    public static String write(JsonNode json) {
        try {
            return JSON.writeValueAsString(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree could not be written: " + e.getOriginalMessage(), e);
        }
    }

    private static String text(JsonNode json, String field) {
        JsonNode v = json.get(field);
        if (v == null || !v.isTextual()) {
            throw new IllegalArgumentException("field \"" + field + "\" must be a string");
        }
        return v.asText();
    }

    private static @Nullable String nullableText(JsonNode json, String field) {
        JsonNode v = json.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }
}

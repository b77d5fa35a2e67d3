package dev.agentswarm.test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.AiMessage;

/**
 * Bodies of OpenAI chat-completion responses, for fake OpenAI-compatible servers (WireMock on loopback) that tests
 * put behind the real LangChain4j OpenAI client.
 */
public final class OpenAiCompletions {

    private static final ObjectMapper JSON = new ObjectMapper();

    private OpenAiCompletions() {}

    /**
     * Renders an assistant message as a {@code chat.completion} body.
     *
     * @param message the assistant message: text, tool calls or both
     * @param model the model name to report
     * @param promptTokens the usage's prompt tokens
     * @param completionTokens the usage's completion tokens
     * @return the JSON body
     */
    public static String body(AiMessage message, String model, int promptTokens, int completionTokens) {
        ObjectNode msg = JSON.createObjectNode().put("role", "assistant");
        if (message.text() == null) {
            msg.putNull("content");
        } else {
            msg.put("content", message.text());
        }
        if (message.hasToolExecutionRequests()) {
            ArrayNode calls = msg.putArray("tool_calls");
            for (ToolExecutionRequest r : message.toolExecutionRequests()) {
                ObjectNode call = calls.addObject().put("id", r.id()).put("type", "function");
                call.putObject("function").put("name", r.name()).put("arguments", r.arguments());
            }
        }
        ObjectNode root = JSON.createObjectNode()
                .put("id", "chatcmpl-fake")
                .put("object", "chat.completion")
                .put("created", 1_700_000_000L)
                .put("model", model);
        ObjectNode choice = root.putArray("choices")
                .addObject()
                .put("index", 0)
                .put("finish_reason", message.hasToolExecutionRequests() ? "tool_calls" : "stop");
        choice.set("message", msg);
        root.putObject("usage")
                .put("prompt_tokens", promptTokens)
                .put("completion_tokens", completionTokens)
                .put("total_tokens", promptTokens + completionTokens);
        return root.toString();
    }
}

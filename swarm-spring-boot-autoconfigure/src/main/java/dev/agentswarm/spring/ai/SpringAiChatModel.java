package dev.agentswarm.spring.ai;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.Content;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.TextContent;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.internal.JsonSchemaElementUtils;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.ChatResponseMetadata;
import dev.langchain4j.model.output.FinishReason;
import dev.langchain4j.model.output.TokenUsage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.messages.Message;
import org.springframework.ai.chat.messages.ToolResponseMessage;
import org.springframework.ai.chat.metadata.Usage;
import org.springframework.ai.chat.model.Generation;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.ai.model.tool.ToolCallingChatOptions;
import org.springframework.ai.tool.ToolCallback;
import org.springframework.ai.tool.definition.ToolDefinition;

/**
 * A Spring AI {@link org.springframework.ai.chat.model.ChatModel} as a LangChain4j {@link ChatModel}, so that a swarm
 * runs on it. Messages, tool specifications and tool calls are mapped both ways, with token usage and the finish
 * reason. Spring AI never runs the tools itself (internal tool execution is off): the tool calls come back to the
 * swarm, which runs them.
 *
 * <p>Text only: a user message with images or other media fails with an {@link IllegalArgumentException}.
 */
public final class SpringAiChatModel implements ChatModel {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final org.springframework.ai.chat.model.ChatModel delegate;

    /**
     * Wraps a Spring AI model.
     *
     * @param delegate the Spring AI model
     */
    public SpringAiChatModel(org.springframework.ai.chat.model.ChatModel delegate) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
    }

    /**
     * Sends the request through the Spring AI model.
     *
     * @param request the conversation, the tools on offer and the parameters
     * @return the answer, with its tool calls, token usage and finish reason
     */
    @Override
    public ChatResponse doChat(ChatRequest request) {
        org.springframework.ai.chat.model.ChatResponse response = delegate.call(toPrompt(request));
        return fromResponse(response);
    }

    static Prompt toPrompt(ChatRequest request) {
        List<Message> messages = new ArrayList<>();
        for (ChatMessage m : request.messages()) {
            messages.add(toMessage(m));
        }
        ToolCallingChatOptions.Builder options =
                ToolCallingChatOptions.builder().internalToolExecutionEnabled(false);
        List<ToolSpecification> tools = request.toolSpecifications();
        if (tools != null && !tools.isEmpty()) {
            List<ToolCallback> callbacks = new ArrayList<>();
            for (ToolSpecification tool : tools) {
                callbacks.add(new DefinitionOnly(ToolDefinition.builder()
                        .name(tool.name())
                        .description(tool.description() == null ? "" : tool.description())
                        .inputSchema(schema(tool.parameters()))
                        .build()));
            }
            options.toolCallbacks(callbacks);
        }
        ChatRequestParameters p = request.parameters();
        if (p != null) {
            if (p.modelName() != null) {
                options.model(p.modelName());
            }
            if (p.temperature() != null) {
                options.temperature(p.temperature());
            }
            if (p.topP() != null) {
                options.topP(p.topP());
            }
            if (p.maxOutputTokens() != null) {
                options.maxTokens(p.maxOutputTokens());
            }
            if (p.stopSequences() != null && !p.stopSequences().isEmpty()) {
                options.stopSequences(p.stopSequences());
            }
        }
        return new Prompt(messages, options.build());
    }

    private static Message toMessage(ChatMessage m) {
        if (m instanceof SystemMessage s) {
            return new org.springframework.ai.chat.messages.SystemMessage(s.text());
        }
        if (m instanceof UserMessage u) {
            StringBuilder text = new StringBuilder();
            for (Content c : u.contents()) {
                if (!(c instanceof TextContent t)) {
                    throw new IllegalArgumentException("a user message with " + c.type()
                            + " content cannot go through a Spring AI model here: only text is mapped");
                }
                text.append(t.text());
            }
            return new org.springframework.ai.chat.messages.UserMessage(text.toString());
        }
        if (m instanceof AiMessage a) {
            List<AssistantMessage.ToolCall> calls = new ArrayList<>();
            if (a.hasToolExecutionRequests()) {
                for (ToolExecutionRequest r : a.toolExecutionRequests()) {
                    calls.add(new AssistantMessage.ToolCall(
                            r.id() == null ? "" : r.id(), "function", r.name(), r.arguments()));
                }
            }
            return AssistantMessage.builder()
                    .content(a.text() == null ? "" : a.text())
                    .toolCalls(calls)
                    .build();
        }
        if (m instanceof ToolExecutionResultMessage t) {
            return ToolResponseMessage.builder()
                    .responses(List.of(new ToolResponseMessage.ToolResponse(t.id(), t.toolName(), t.text())))
                    .build();
        }
        throw new IllegalArgumentException("a " + m.type() + " message cannot go through a Spring AI model");
    }

    private static String schema(@Nullable JsonObjectSchema parameters) {
        Map<String, Object> map = parameters == null
                ? new LinkedHashMap<>(Map.of("type", "object", "properties", Map.of()))
                : JsonSchemaElementUtils.toMap(parameters);
        try {
            return JSON.writeValueAsString(map);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("a tool's parameter schema cannot be written as JSON", e);
        }
    }

    static ChatResponse fromResponse(org.springframework.ai.chat.model.ChatResponse response) {
        Generation generation = response.getResult();
        if (generation == null) {
            throw new IllegalStateException("the Spring AI model returned no generation");
        }
        AssistantMessage out = generation.getOutput();
        List<ToolExecutionRequest> requests = new ArrayList<>();
        for (AssistantMessage.ToolCall call : out.getToolCalls()) {
            requests.add(ToolExecutionRequest.builder()
                    .id(call.id())
                    .name(call.name())
                    .arguments(call.arguments())
                    .build());
        }
        String text = out.getText();
        AiMessage ai = AiMessage.builder()
                .text(text == null || text.isEmpty() ? null : text)
                .toolExecutionRequests(requests)
                .build();
        ChatResponseMetadata.Builder<?> metadata = ChatResponseMetadata.builder();
        Usage usage = response.getMetadata().getUsage();
        metadata.tokenUsage(
                new TokenUsage(usage.getPromptTokens(), usage.getCompletionTokens(), usage.getTotalTokens()));
        String id = response.getMetadata().getId();
        if (id != null && !id.isEmpty()) {
            metadata.id(id);
        }
        String model = response.getMetadata().getModel();
        if (model != null && !model.isEmpty()) {
            metadata.modelName(model);
        }
        FinishReason finish = finishReason(generation.getMetadata().getFinishReason(), !requests.isEmpty());
        if (finish != null) {
            metadata.finishReason(finish);
        }
        return ChatResponse.builder().aiMessage(ai).metadata(metadata.build()).build();
    }

    static @Nullable FinishReason finishReason(@Nullable String reason, boolean toolCalls) {
        if (reason == null || reason.isBlank()) {
            return toolCalls ? FinishReason.TOOL_EXECUTION : null;
        }
        return switch (reason.strip().toUpperCase(Locale.ROOT)) {
            case "STOP", "END_TURN", "STOP_SEQUENCE" -> FinishReason.STOP;
            case "LENGTH", "MAX_TOKENS" -> FinishReason.LENGTH;
            case "TOOL_CALLS", "TOOL_CALL", "FUNCTION_CALL", "TOOL_USE" -> FinishReason.TOOL_EXECUTION;
            case "CONTENT_FILTER", "SAFETY" -> FinishReason.CONTENT_FILTER;
            default -> FinishReason.OTHER;
        };
    }

    @Override
    public String toString() {
        return "SpringAiChatModel[" + delegate.getClass().getSimpleName() + "]";
    }

    /** A tool the model may call; Spring AI never runs it here (internal tool execution is off). */
    private record DefinitionOnly(ToolDefinition definition) implements ToolCallback {

        @Override
        public ToolDefinition getToolDefinition() {
            return definition;
        }

        @Override
        public String call(String toolInput) {
            throw new IllegalStateException("tool " + definition.name()
                    + " is run by the swarm, not by Spring AI; internal tool execution must stay off");
        }
    }
}

package dev.agentswarm.test;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.AiMessage;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/** Builds the assistant messages a scripted model replies with. */
public final class Replies {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AtomicLong IDS = new AtomicLong();

    private Replies() {}

    /**
     * A final answer: text and no tool calls.
     *
     * @param text the text
     * @return the message
     */
    public static AiMessage text(String text) {
        return AiMessage.from(text);
    }

    /**
     * One turn with several tool calls, made in the given order.
     *
     * @param calls the calls
     * @return the message
     */
    public static AiMessage calls(ToolExecutionRequest... calls) {
        return AiMessage.from(Arrays.asList(calls));
    }

    /**
     * One turn with several tool calls.
     *
     * @param calls the calls
     * @return the message
     */
    public static AiMessage calls(List<ToolExecutionRequest> calls) {
        return AiMessage.from(calls);
    }

    /**
     * A {@code create_subagent} call.
     *
     * @param name the subagent's name
     * @param systemPrompt its system prompt
     * @param tools its tool names; none given means the default toolset
     * @return the call
     */
    public static ToolExecutionRequest createSubagent(String name, String systemPrompt, String... tools) {
        Map<String, Object> args = new LinkedHashMap<>();
        args.put("name", name);
        args.put("system_prompt", systemPrompt);
        if (tools.length > 0) {
            args.put("tools", List.of(tools));
        }
        return call("create_subagent", args);
    }

    /**
     * An {@code assign_task} call.
     *
     * @param agent the subagent's name
     * @param prompt the task prompt
     * @return the call
     */
    public static ToolExecutionRequest assignTask(String agent, String prompt) {
        Map<String, Object> args = new LinkedHashMap<>();
        args.put("agent", agent);
        args.put("prompt", prompt);
        return call("assign_task", args);
    }

    /**
     * A call of any tool, with arguments serialised as a JSON object.
     *
     * @param tool the tool name
     * @param arguments the arguments
     * @return the call
     */
    public static ToolExecutionRequest call(String tool, Map<String, ?> arguments) {
        try {
            return raw(tool, JSON.writeValueAsString(arguments));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("arguments of " + tool + " cannot be serialised: " + e.getMessage(), e);
        }
    }

    /**
     * A call with raw argument text, which need not be valid JSON: for testing how bad model output is handled.
     *
     * @param tool the tool name
     * @param rawArguments the argument text as the model produced it
     * @return the call
     */
    public static ToolExecutionRequest raw(String tool, String rawArguments) {
        return ToolExecutionRequest.builder()
                .id("call_" + IDS.incrementAndGet())
                .name(tool)
                .arguments(rawArguments)
                .build();
    }
}

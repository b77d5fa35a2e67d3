package dev.agentswarm.test;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A request a {@link ScriptedModel} received.
 *
 * @param role {@code orchestrator} or the subagent's name
 * @param request the request as sent
 * @param receivedAt when it arrived, from the model's scheduler clock
 */
public record RecordedRequest(String role, ChatRequest request, Instant receivedAt) {

    /** @return the text of the first system message, or an empty string */
    public String systemPrompt() {
        for (ChatMessage m : request.messages()) {
            if (m instanceof SystemMessage s) {
                return s.text();
            }
        }
        return "";
    }

    /** @return the text of the first user message (the task prompt), or an empty string */
    public String userPrompt() {
        for (ChatMessage m : request.messages()) {
            if (m instanceof UserMessage u) {
                return u.singleText();
            }
        }
        return "";
    }

    /** @return the texts of every tool result in the request, in order */
    public List<String> toolResults() {
        List<String> out = new ArrayList<>();
        for (ChatMessage m : request.messages()) {
            if (m instanceof ToolExecutionResultMessage t) {
                out.add(t.text());
            }
        }
        return out;
    }

    /** @return the tool results that answer the latest assistant turn, in call order */
    public List<String> latestToolResults() {
        List<ChatMessage> msgs = request.messages();
        int i = msgs.size();
        while (i > 0 && msgs.get(i - 1) instanceof ToolExecutionResultMessage) {
            i--;
        }
        List<String> out = new ArrayList<>();
        for (ChatMessage m : msgs.subList(i, msgs.size())) {
            out.add(((ToolExecutionResultMessage) m).text());
        }
        return out;
    }

    /** @return how many assistant turns the conversation already holds: 0 for the first turn of a task */
    public int turn() {
        int n = 0;
        for (ChatMessage m : request.messages()) {
            if (m instanceof AiMessage) {
                n++;
            }
        }
        return n;
    }

    /** @return the names of the tools offered in the request */
    public List<String> toolNames() {
        List<String> out = new ArrayList<>();
        request.toolSpecifications().forEach(t -> out.add(t.name()));
        return out;
    }
}

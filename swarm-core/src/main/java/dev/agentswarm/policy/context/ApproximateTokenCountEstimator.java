package dev.agentswarm.policy.context;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.Content;
import dev.langchain4j.data.message.ImageContent;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.TextContent;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.TokenCountEstimator;

/**
 * A provider-independent {@link TokenCountEstimator}: one token per four characters, rounded up, of a message's
 * text. An assistant message counts its text plus the name and the raw arguments of every tool call; a user message
 * counts its text parts, and each image as its provider counts it (OpenAI's tiles: 85 tokens at low detail, else 85
 * plus 170 per 512-pixel tile, 765 for an image of unknown size); a message without text counts 0. Good enough for thresholds; inject a provider's own
 * estimator (for example LangChain4j's {@code OpenAiTokenCountEstimator}) where exact counts matter.
 */
public final class ApproximateTokenCountEstimator implements TokenCountEstimator {

    /** The shared instance; the estimator is stateless. */
    public static final ApproximateTokenCountEstimator INSTANCE = new ApproximateTokenCountEstimator();

    /** Creates an estimator; {@link #INSTANCE} serves as well. */
    public ApproximateTokenCountEstimator() {}

    /**
     * @param text a text
     * @return {@code ceil(length / 4)}
     */
    @Override
    public int estimateTokenCountInText(String text) {
        return (text.length() + 3) / 4;
    }

    /**
     * @param message a message
     * @return the tokens of its text, tool calls included
     */
    @Override
    public int estimateTokenCountInMessage(ChatMessage message) {
        if (message instanceof UserMessage u && !u.hasSingleText()) {
            int sum = 0;
            for (Content c : u.contents()) {
                if (c instanceof TextContent t) {
                    sum += estimateTokenCountInText(t.text());
                } else if (c instanceof ImageContent i) {
                    sum += ImageTokens.of(i);
                }
            }
            return sum;
        }
        return estimateTokenCountInText(textOf(message));
    }

    /**
     * @param messages messages
     * @return the sum of their tokens
     */
    @Override
    public int estimateTokenCountInMessages(Iterable<ChatMessage> messages) {
        int sum = 0;
        for (ChatMessage m : messages) {
            sum += estimateTokenCountInMessage(m);
        }
        return sum;
    }

    /**
     * The text of a message as this estimator counts it.
     *
     * @param message a message
     * @return its text; for an assistant message, text plus tool-call names and arguments
     */
    static String textOf(ChatMessage message) {
        if (message instanceof SystemMessage s) {
            return s.text();
        }
        if (message instanceof UserMessage u) {
            return u.hasSingleText() ? u.singleText() : u.contents().toString();
        }
        if (message instanceof ToolExecutionResultMessage t) {
            return t.text();
        }
        if (message instanceof AiMessage a) {
            StringBuilder sb = new StringBuilder(a.text() == null ? "" : a.text());
            if (a.hasToolExecutionRequests()) {
                for (ToolExecutionRequest r : a.toolExecutionRequests()) {
                    sb.append(r.name()).append(r.arguments());
                }
            }
            return sb.toString();
        }
        return "";
    }
}

package dev.agentswarm.policy.context;

import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import java.util.List;

/** Where the initial context of a history ends. */
final class Histories {

    private Histories() {}

    /**
     * The length of the initial context: the leading system messages and the first user message after them (the
     * task), if there is one.
     *
     * @param history a history
     * @return how many leading messages form the initial context
     */
    static int initialContextLength(List<ChatMessage> history) {
        int i = 0;
        while (i < history.size() && history.get(i) instanceof SystemMessage) {
            i++;
        }
        if (i < history.size() && history.get(i) instanceof UserMessage) {
            i++;
        }
        return i;
    }

    static int requireThreshold(int thresholdTokens) {
        if (thresholdTokens < 1) {
            throw new IllegalArgumentException(
                    "a context policy's token threshold must be >= 1, got " + thresholdTokens);
        }
        return thresholdTokens;
    }
}

package dev.agentswarm.policy.context;

import dev.langchain4j.data.message.ChatMessage;
import java.util.List;
import reactor.core.publisher.Mono;

/** Keep-all: the history stays whole. The default policy of every role. */
final class KeepAllContextPolicy implements ContextPolicy {

    /** The only instance. */
    public static final KeepAllContextPolicy INSTANCE = new KeepAllContextPolicy();

    private KeepAllContextPolicy() {}

    /**
     * @param history the history
     * @param scope ignored
     * @return the same history
     */
    @Override
    public Mono<List<ChatMessage>> apply(List<ChatMessage> history, Scope scope) {
        return Mono.just(history);
    }

    @Override
    public String toString() {
        return "KeepAll";
    }
}

package dev.agentswarm.internal.run;

import dev.agentswarm.policy.context.ContextPolicy;
import dev.agentswarm.policy.context.KeepAllContextPolicy;
import dev.langchain4j.data.message.ChatMessage;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * Applies a role's {@link ContextPolicy} to its history in place, right before a model request is built. Tokens of
 * any model call the policy makes count in the run. A failing policy leaves the history unchanged: the run goes on.
 */
public final class ContextCompaction {

    private static final Logger LOG = LoggerFactory.getLogger(ContextCompaction.class);

    private ContextCompaction() {}

    /**
     * Compacts a history in place.
     *
     * @param ctx the run
     * @param policy the role's policy
     * @param history the role's mutable history; touched by one turn at a time
     * @param role {@code orchestrator} or the subagent's name
     * @return completes when the history is compacted
     */
    public static Mono<Void> apply(RunContext ctx, ContextPolicy policy, List<ChatMessage> history, String role) {
        if (policy instanceof KeepAllContextPolicy) {
            return Mono.empty();
        }
        return Mono.defer(() -> policy.apply(List.copyOf(history), new ContextPolicy.Scope(role, ctx::addTokens)))
                .doOnNext(compacted -> {
                    if (!compacted.equals(history)) {
                        LOG.debug("run {}: context policy {} compacted the history of {} from {} to {} messages",
                                ctx.runId(), policy, role, history.size(), compacted.size());
                        history.clear();
                        history.addAll(compacted);
                    }
                })
                .onErrorResume(e -> {
                    LOG.warn("run {}: context policy {} failed for {}; the history is kept as it was: {}",
                            ctx.runId(), policy, role, ModelCaller.describe(ctx, e));
                    return Mono.empty();
                })
                .then();
    }
}

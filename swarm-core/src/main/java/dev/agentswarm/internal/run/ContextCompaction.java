package dev.agentswarm.internal.run;

import dev.agentswarm.policy.context.ContextPolicy;
import dev.langchain4j.data.message.ChatMessage;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * Applies a role's {@link ContextPolicy} to its history in place, right before a model request is built. Tokens of
 * any model call the policy makes (a summary) count in the run, against its budgets, and in the task that made it. A
 * failing policy leaves the history unchanged: the run goes on. While the run's {@link RunContext.Meter} refuses model
 * calls (a budget ran out under the cancel policy), no compaction starts.
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
        return apply(ctx, policy, history, role, (model, usage) -> {});
    }

    /**
     * Compacts a history in place, also telling the caller the tokens of the policy's model calls.
     *
     * @param ctx the run
     * @param policy the role's policy
     * @param history the role's mutable history; touched by one turn at a time
     * @param role {@code orchestrator} or the subagent's name
     * @param tokens told the tokens of each model call the policy makes, after the run counted them; a task adds
     *     them to its own
     * @return completes when the history is compacted
     */
    public static Mono<Void> apply(
            RunContext ctx,
            ContextPolicy policy,
            List<ChatMessage> history,
            String role,
            ContextPolicy.TokenSink tokens) {
        if (policy == ContextPolicy.keepAll()) {
            return Mono.empty();
        }
        ContextPolicy.TokenSink sink = (model, usage) -> {
            tokens.add(model, usage);
            ctx.addTokens(model, usage);
        };
        return Mono.defer(() -> {
                    String refused = ctx.meter().refusal();
                    if (refused != null) {
                        LOG.debug("run {}: no compaction of the history of {}: {}", ctx.runId(), role, refused);
                        return Mono.<List<ChatMessage>>empty();
                    }
                    return policy.apply(List.copyOf(history), new ContextPolicy.Scope(role, sink))
                            .doFinally(signal -> ctx.meter().settle());
                })
                .doOnNext(compacted -> {
                    if (!compacted.equals(history)) {
                        LOG.debug(
                                "run {}: context policy {} compacted the history of {} from {} to {} messages",
                                ctx.runId(),
                                policy,
                                role,
                                history.size(),
                                compacted.size());
                        history.clear();
                        history.addAll(compacted);
                    }
                })
                .onErrorResume(e -> {
                    LOG.warn(
                            "run {}: context policy {} failed for {}; the history is kept as it was: {}",
                            ctx.runId(),
                            policy,
                            role,
                            ModelCaller.describe(ctx, e));
                    return Mono.empty();
                })
                .then();
    }
}

package dev.agentswarm.internal.run;

import dev.agentswarm.event.SwarmEvent;
import dev.agentswarm.model.ModelCallScope;
import dev.agentswarm.model.SwarmModel;
import dev.agentswarm.report.TokenUsage;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.util.context.Context;
import reactor.util.context.ContextView;

/** Makes one model call for a role, with its events and token accounting. */
public final class ModelCaller {

    private ModelCaller() {}

    /**
     * Who is calling, for events.
     *
     * @param role {@code orchestrator} or the subagent's name
     * @param stage the stage index
     * @param taskId the task id, or null for the orchestrator
     * @param parentId the enclosing unit's id
     */
    public record Caller(String role, int stage, @Nullable String taskId, String parentId) {}

    /**
     * The waits for rate-limit capacity of one model call, over all its attempts; added to by {@link RetryEvents}
     * from any thread.
     */
    public static final class Waits {
        private final AtomicLong nanos = new AtomicLong();

        /**
         * Adds a wait.
         *
         * @param wait how long
         */
        public void add(Duration wait) {
            nanos.addAndGet(wait.toNanos());
        }

        /** @return the waits so far, in milliseconds */
        public long millis() {
            return TimeUnit.NANOSECONDS.toMillis(nanos.get());
        }
    }

    /**
     * What a model call's Reactor context carries for the runtime's own listeners ({@link RetryEvents}): the run, the
     * caller and the call's waits. The public {@link ModelCallScope} travels next to it.
     *
     * @param ctx the run
     * @param caller who calls
     * @param waits the call's waits for rate-limit capacity
     */
    public record Call(RunContext ctx, Caller caller, Waits waits) {

        /**
         * @param context a model call's Reactor context
         * @return the call it carries, or null outside a run's model call
         */
        public static @Nullable Call of(ContextView context) {
            return context.getOrDefault(Call.class, null);
        }
    }

    private static SwarmEvent.Origin origin(RunContext ctx, Caller caller) {
        return ctx.origin(caller.stage(), caller.taskId(), caller.parentId());
    }

    /**
     * Calls the model once.
     *
     * @param ctx the run
     * @param model the model
     * @param request the request
     * @param caller who calls
     * @param step the caller's step number, from 1
     * @return the response; an error signal when the call failed, an {@link EmptyModelResponseException} when the
     *     model completed without a response
     */
    public static Mono<ChatResponse> call(
            RunContext ctx, SwarmModel model, ChatRequest request, Caller caller, int step) {
        Waits waits = new Waits();
        return Mono.defer(() -> {
                    Instant start = ctx.now();
                    if (ctx.hasListeners()) {
                        ctx.emit(new SwarmEvent.ModelCallStarted(
                                ctx.origin(caller.stage(), caller.taskId(), caller.parentId(), start),
                                caller.role(),
                                model.name(),
                                step));
                    }
                    return model.chat(request)
                            .switchIfEmpty(Mono.error(() -> new EmptyModelResponseException(model.name())))
                            .doOnNext(response -> {
                                TokenUsage usage = TokenUsage.from(response.tokenUsage());
                                ctx.addTokens(model.name(), usage);
                                if (ctx.hasListeners()) {
                                    ctx.emit(new SwarmEvent.ModelCallFinished(
                                            origin(ctx, caller),
                                            caller.role(),
                                            model.name(),
                                            step,
                                            usage.input(),
                                            usage.output(),
                                            ctx.since(start).toMillis(),
                                            null,
                                            response.modelName(),
                                            response.finishReason() == null
                                                    ? null
                                                    : response.finishReason().name(),
                                            waits.millis()));
                                }
                            })
                            .doOnError(error -> {
                                if (ctx.hasListeners()) {
                                    ctx.emit(new SwarmEvent.ModelCallFinished(
                                            origin(ctx, caller),
                                            caller.role(),
                                            model.name(),
                                            step,
                                            0,
                                            0,
                                            ctx.since(start).toMillis(),
                                            describe(ctx, error),
                                            null,
                                            null,
                                            waits.millis()));
                                }
                            });
                })
                // Two entries, not one per fact: a call's context is built for every model call of every task.
                .contextWrite(Context.of(
                        Call.class,
                        new Call(ctx, caller, waits),
                        ModelCallScope.class,
                        new ModelCallScope(ctx.runId(), caller.role(), caller.stage(), caller.taskId(), step)));
    }

    /**
     * A one-line description of a failure, for reasons, events and logs, without the run's secrets.
     *
     * @param ctx the run, whose redactor knows its swarm's secrets
     * @param error the failure
     * @return its class and the first line of its message, redacted
     */
    public static String describe(RunContext ctx, Throwable error) {
        return ctx.redactor().describe(error);
    }
}

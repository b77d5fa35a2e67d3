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
import java.util.concurrent.atomic.AtomicLongFieldUpdater;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
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
     * What a model call's Reactor context carries for the runtime's own listeners ({@link RetryEvents}): the run, the
     * caller and the call's waits for rate-limit capacity, over all its attempts (added to from any thread). The
     * public {@link ModelCallScope} travels next to it. The call's subscriber is its own {@code Call}: one object a
     * model call, not one per fact.
     */
    public abstract static class Call {
        private static final AtomicLongFieldUpdater<Call> WAIT_NANOS =
                AtomicLongFieldUpdater.newUpdater(Call.class, "waitNanos");

        final RunContext ctx;
        final Caller caller;
        private volatile long waitNanos;

        Call(RunContext ctx, Caller caller) {
            this.ctx = ctx;
            this.caller = caller;
        }

        /** @return the run */
        public RunContext ctx() {
            return ctx;
        }

        /** @return who calls */
        public Caller caller() {
            return caller;
        }

        /**
         * Adds a wait for rate-limit capacity.
         *
         * @param wait how long
         */
        public void addWait(Duration wait) {
            WAIT_NANOS.addAndGet(this, wait.toNanos());
        }

        /** @return the waits so far, in milliseconds */
        public long waitMillis() {
            return TimeUnit.NANOSECONDS.toMillis(waitNanos);
        }

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
        return ModelCallMono.of(ctx, model, request, caller, step);
    }

    /** The {@code ModelCallStarted} event of a call that starts now; only when somebody listens. */
    static long started(RunContext ctx, SwarmModel model, Caller caller, int step) {
        if (ctx.hasListeners()) {
            Instant start = ctx.now();
            ctx.emit(new SwarmEvent.ModelCallStarted(
                    ctx.origin(caller.stage(), caller.taskId(), caller.parentId(), start),
                    caller.role(),
                    model.name(),
                    step));
            return start.toEpochMilli();
        }
        return ctx.nowMillis();
    }

    /** Counts a response's tokens and emits its {@code ModelCallFinished}. */
    static void answered(Call call, SwarmModel model, int step, long startMillis, ChatResponse response) {
        TokenUsage usage = TokenUsage.from(response.tokenUsage());
        call.ctx.addTokens(model.name(), usage);
        if (call.ctx.hasListeners()) {
            finished(
                    call,
                    model,
                    step,
                    startMillis,
                    usage,
                    null,
                    response.modelName(),
                    response.finishReason() == null
                            ? null
                            : response.finishReason().name());
        }
    }

    /** Emits the {@code ModelCallFinished} of a failed call. */
    static void failed(Call call, SwarmModel model, int step, long startMillis, Throwable error) {
        if (call.ctx.hasListeners()) {
            finished(call, model, step, startMillis, TokenUsage.ZERO, describe(call.ctx, error), null, null);
        }
    }

    private static void finished(
            Call call,
            SwarmModel model,
            int step,
            long startMillis,
            TokenUsage usage,
            @Nullable String error,
            @Nullable String responseModel,
            @Nullable String finishReason) {
        RunContext ctx = call.ctx;
        ctx.emit(new SwarmEvent.ModelCallFinished(
                origin(ctx, call.caller),
                call.caller.role(),
                model.name(),
                step,
                usage.input(),
                usage.output(),
                Math.max(0, ctx.nowMillis() - startMillis),
                error,
                responseModel,
                finishReason,
                call.waitMillis()));
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

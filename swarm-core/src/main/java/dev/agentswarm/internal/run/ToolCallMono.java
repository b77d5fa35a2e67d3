package dev.agentswarm.internal.run;

import dev.agentswarm.event.SwarmEvent;
import dev.agentswarm.tool.AgentTool;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Operators;

/**
 * One tool call of a run as a single operator: on subscription it emits {@code ToolCallStarted} and runs the tool;
 * the tool's text (capped and marked untrusted), its empty completion (an empty text) or its failure (an error text
 * that names the tool and the redacted reason) becomes the call's one {@link ToolInvoker.Outcome}, reported with
 * {@code ToolCallFinished}. Never fails.
 *
 * <p>It does what {@code Mono.defer(...).map(...).switchIfEmpty(...).onErrorResume(...).doOnNext(...)} did, with one
 * subscriber instead of five operators and their lambdas a call.
 */
final class ToolCallMono extends Mono<ToolInvoker.Outcome> {

    private final RunContext ctx;
    private final AgentTool tool;
    private final ToolExecutionRequest request;
    private final ModelCaller.Caller caller;
    private final String name;

    private ToolCallMono(RunContext ctx, AgentTool tool, ToolExecutionRequest request, ModelCaller.Caller caller) {
        this.ctx = ctx;
        this.tool = tool;
        this.request = request;
        this.caller = caller;
        this.name = String.valueOf(request.name());
    }

    static Mono<ToolInvoker.Outcome> of(
            RunContext ctx, AgentTool tool, ToolExecutionRequest request, ModelCaller.Caller caller) {
        return onAssembly(new ToolCallMono(ctx, tool, request, caller));
    }

    @Override
    public void subscribe(CoreSubscriber<? super ToolInvoker.Outcome> actual) {
        CallSubscriber call = new CallSubscriber(actual, this);
        actual.onSubscribe(call);
        Mono<String> source;
        try {
            if (ctx.hasListeners()) {
                ctx.emit(new SwarmEvent.ToolCallStarted(
                        ctx.origin(caller.stage(), caller.taskId(), caller.parentId(), ctx.now()),
                        name,
                        callId(),
                        String.valueOf(request.arguments())));
            }
            source = Objects.requireNonNull(tool.execute(request), "the tool returned no Mono");
        } catch (Throwable e) {
            call.onError(e);
            return;
        }
        source.subscribe(call);
    }

    private String callId() {
        return request.id() == null ? "" : request.id();
    }

    /** The subscriber of one tool call, and its subscription downstream. */
    private static final class CallSubscriber extends Operators.MonoSubscriber<String, ToolInvoker.Outcome> {

        private final ToolCallMono call;
        private @Nullable Subscription upstream;
        private boolean done;

        CallSubscriber(CoreSubscriber<? super ToolInvoker.Outcome> actual, ToolCallMono call) {
            super(actual);
            this.call = call;
        }

        @Override
        public void onSubscribe(Subscription s) {
            if (Operators.validate(upstream, s)) {
                upstream = s;
                s.request(Long.MAX_VALUE);
            }
        }

        @Override
        public void onNext(String out) {
            if (done) {
                Operators.onNextDropped(out, currentContext());
                return;
            }
            done = true;
            ToolInvoker.Outcome outcome;
            try {
                outcome = new ToolInvoker.Outcome(false, ToolInvoker.cap(call.ctx, call.name, out));
            } catch (Throwable e) {
                outcome = failure(e);
            }
            end(outcome);
        }

        @Override
        public void onError(Throwable error) {
            if (done) {
                Operators.onErrorDropped(error, currentContext());
                return;
            }
            done = true;
            end(failure(error));
        }

        @Override
        public void onComplete() {
            if (done) {
                return;
            }
            done = true;
            end(new ToolInvoker.Outcome(false, ToolInvoker.cap(call.ctx, call.name, "")));
        }

        private ToolInvoker.Outcome failure(Throwable error) {
            return new ToolInvoker.Outcome(
                    true, "Error: tool '" + call.name + "' failed: " + ModelCaller.describe(call.ctx, error));
        }

        private void end(ToolInvoker.Outcome outcome) {
            RunContext ctx = call.ctx;
            if (ctx.hasListeners()) {
                ctx.emit(new SwarmEvent.ToolCallFinished(
                        ctx.origin(call.caller.stage(), call.caller.taskId(), call.caller.parentId()),
                        call.name,
                        call.callId(),
                        outcome.error(),
                        outcome.text()));
            }
            complete(outcome);
        }

        @Override
        public void cancel() {
            super.cancel();
            Subscription s = upstream;
            if (s != null) {
                s.cancel();
            }
        }
    }
}

package dev.agentswarm.internal.subagent;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentswarm.control.ApprovalRequest;
import dev.agentswarm.control.Decision;
import dev.agentswarm.event.SwarmEvent;
import dev.agentswarm.internal.bulkhead.Lane;
import dev.agentswarm.internal.control.ApprovalGate;
import dev.agentswarm.internal.control.Guardrails;
import dev.agentswarm.internal.control.OutputSchema;
import dev.agentswarm.internal.run.ContextCompaction;
import dev.agentswarm.internal.run.ModelCaller;
import dev.agentswarm.internal.run.RunContext;
import dev.agentswarm.internal.run.TaskCancellations;
import dev.agentswarm.internal.run.ToolInvoker;
import dev.agentswarm.model.SwarmModel;
import dev.agentswarm.policy.context.ContextPolicy;
import dev.agentswarm.report.TaskResult;
import dev.agentswarm.report.TaskStatus;
import dev.agentswarm.report.TokenUsage;
import dev.agentswarm.subagent.SubagentDefinition;
import dev.agentswarm.tool.AgentTool;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.guardrail.OutputGuardrail;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.model.chat.request.ResponseFormat;
import dev.langchain4j.model.chat.request.ResponseFormatType;
import dev.langchain4j.model.chat.request.json.JsonRawSchema;
import dev.langchain4j.model.chat.request.json.JsonSchema;
import dev.langchain4j.model.chat.response.ChatResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.concurrent.atomic.AtomicReferenceFieldUpdater;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Operators;

/**
 * Runs one subagent task in a fresh, isolated context: the subagent's system prompt and the task prompt, nothing
 * else. The subagent loops (model turn, its tool calls run concurrently, next turn) until it gives a final message or
 * reaches its step limit. Always emits exactly one {@link TaskResult}; failures, timeouts and the step limit are
 * statuses with a reason.
 */
public final class SubagentTaskRunner implements TaskRunner {

    private final RunContext ctx;
    private final SwarmModel model;
    private final ApprovalGate gate;
    private final Map<SubagentDefinition, Prepared> preparedByAgent = new ConcurrentHashMap<>();
    private volatile @Nullable Prepared lastPrepared;

    /**
     * @param ctx the run
     * @param model the model subagent tasks run on
     */
    public SubagentTaskRunner(RunContext ctx, SwarmModel model) {
        this.ctx = ctx;
        this.model = model;
        this.gate = new ApprovalGate(ctx);
    }

    /**
     * Runs a task.
     *
     * @param spec the task
     * @return its result; never an error signal
     */
    public Mono<TaskResult> run(TaskSpec spec) {
        return run(spec, r -> {});
    }

    /**
     * Runs a task, and records its result the moment it is known.
     *
     * <p>A task's end is decided once, against {@link dev.agentswarm.internal.run.TaskCancellations#cancel}: its own
     * result wins only if no cancellation took effect before; otherwise it ends {@code CANCELLED}. The final message
     * is the text of the task's last model turn; an empty one stays empty.
     *
     * @param spec the task
     * @param recorder told of the result under the run's lock, together with the result's {@code TaskFinished}
     *     event, before the result is handed on: the stage that records it and the event stream never disagree
     * @return its result; never an error signal
     */
    @Override
    public Mono<TaskResult> run(TaskSpec spec, Consumer<TaskResult> recorder) {
        return new TaskMono(spec, recorder);
    }

    /**
     * One task as a single operator: its subscriber ({@link Ending}) is the downstream's subscription and the task
     * loop's subscriber, and passes the downstream's Reactor context up to the loop unchanged. A 100,000-task stage
     * keeps every running task's state in memory: one object here instead of a sink, a swap, a lambda subscriber and
     * a context-writing operator per task.
     */
    private final class TaskMono extends Mono<TaskResult> {
        private final TaskSpec spec;
        private final Consumer<TaskResult> recorder;

        TaskMono(TaskSpec spec, Consumer<TaskResult> recorder) {
            this.spec = spec;
            this.recorder = recorder;
        }

        @Override
        public void subscribe(CoreSubscriber<? super TaskResult> actual) {
            Ending ending = new Ending(spec, recorder, actual);
            actual.onSubscribe(ending);
            try {
                ending.start();
            } catch (Throwable e) {
                ending.fail(Operators.onOperatorError(e, actual.currentContext()));
            }
        }
    }

    /**
     * How one running task ends, once: by its own result, by a cancellation, or because its subscriber went away. The
     * task stops counting as running the moment its result is known, before the result is recorded and handed on
     * (and so before the next task starts in its slot).
     */
    private final class Ending extends Operators.MonoSubscriber<TaskResult, TaskResult> implements Consumer<String> {
        private final TaskSpec spec;
        private final Consumer<TaskResult> recorder;
        /** The running attempt, once started; its cancellation ends it through {@link #accept}. */
        private @Nullable Attempt attempt;
        /** The task's cancellation switch, held so that the running task looks nothing up by id. */
        private TaskCancellations.@Nullable Switch cancellation;
        /** 1 once the task has ended; changed through {@link #ENDED}. */
        private volatile int ended;
        /** The task loop's subscription; {@link #GONE} once it was cancelled or must not start. */
        @SuppressWarnings("UnusedVariable") // read and written through LOOP
        private volatile @Nullable Subscription loop;

        Ending(TaskSpec spec, Consumer<TaskResult> recorder, CoreSubscriber<? super TaskResult> actual) {
            super(actual);
            this.spec = spec;
            this.recorder = recorder;
        }

        void start() {
            Attempt attempt = new Attempt(spec, ctx.now(), Lane.queueWait(actual.currentContext()));
            TaskCancellations.Switch cancellation = ctx.cancellations().of(spec.taskId());
            this.cancellation = cancellation;
            String cancelledEarly = cancellation.reasonIfCancelled();
            if (cancelledEarly != null) {
                // Cancelled while it waited for a slot: it never starts and makes no model call.
                ended = 1;
                ctx.cancellations().finished(spec.taskId());
                deliver(attempt.result(TaskStatus.CANCELLED, cancelledEarly));
                return;
            }
            ctx.taskStarted();
            if (ctx.hasListeners()) {
                ctx.emit(new SwarmEvent.TaskStarted(
                        ctx.origin(spec.stage(), spec.taskId(), spec.stageId(), attempt.startedAt),
                        spec.agent().name()));
            }
            this.attempt = attempt;
            Mono<TaskResult> body = TurnLoop.of(attempt);
            Duration timeout = ctx.settings().caps().taskTimeout();
            if (timeout != null) {
                body = body.timeout(timeout, ctx.settings().time().timer())
                        .onErrorResume(
                                TimeoutException.class,
                                e -> Mono.just(attempt.result(
                                        TaskStatus.TIMED_OUT, "task timed out after " + timeout.toMillis() + " ms")));
            }
            // A cancellation wins over the task's own end and cancels its model and tool calls in flight. It may
            // take effect at once, when the task was cancelled between the check above and here.
            cancellation.listen(this);
            if (ended == 0) {
                body.subscribe(this);
            }
        }

        /** A cancellation took effect: it ends the task, unless the task ended first. */
        @Override
        public void accept(String reason) {
            Attempt a = attempt;
            if (a != null && end()) {
                cancelLoop();
                deliver(a.result(TaskStatus.CANCELLED, reason));
            }
        }

        /** @return true for the one caller that ends the task */
        boolean end() {
            if (!ENDED.compareAndSet(this, 0, 1)) {
                return false;
            }
            ctx.taskEnded();
            ctx.cancellations().finished(spec.taskId());
            return true;
        }

        void deliver(TaskResult r) {
            record(spec, r, recorder);
            complete(r);
        }

        void fail(Throwable e) {
            if (end()) {
                actual.onError(e);
            } else {
                Operators.onErrorDropped(e, actual.currentContext());
            }
        }

        private void cancelLoop() {
            Subscription s = LOOP.getAndSet(this, GONE);
            if (s != null && s != GONE) {
                s.cancel();
            }
        }

        @Override
        public void onSubscribe(Subscription s) {
            // The loop's subscription: kept for a cancellation; refused when the task ended before it started.
            if (LOOP.compareAndSet(this, null, s)) {
                s.request(Long.MAX_VALUE);
            } else {
                s.cancel();
            }
        }

        @Override
        public void onNext(TaskResult r) {
            // The task's own end counts only if no cancellation took effect first; then the cancellation's result
            // (which arrives, since it was decided) is the task's.
            TaskCancellations.Switch c = cancellation;
            if ((c == null ? ctx.cancellations().finish(spec.taskId()) : c.finish()) && end()) {
                deliver(r);
            }
        }

        @Override
        public void onError(Throwable e) {
            fail(e);
        }

        @Override
        public void onComplete() {
            // The result, if the task keeps its own, was delivered with onNext.
        }

        @Override
        public void cancel() {
            super.cancel();
            cancelLoop();
            end();
        }
    }

    /** The loop subscription of a task that ended: nothing more may start or be cancelled. */
    private static final Subscription GONE = new Subscription() {
        @Override
        public void request(long n) {}

        @Override
        public void cancel() {}
    };

    private static final AtomicIntegerFieldUpdater<Ending> ENDED =
            AtomicIntegerFieldUpdater.newUpdater(Ending.class, "ended");

    private static final AtomicReferenceFieldUpdater<Ending, @Nullable Subscription> LOOP =
            AtomicReferenceFieldUpdater.newUpdater(Ending.class, Subscription.class, "loop");

    /**
     * Ends a task that was cancelled before it started, as a task cancelled while it waited; records it.
     *
     * @param spec the task
     * @param reason why it was cancelled, or null
     * @param recorder told of the result under the run's lock
     * @return its result
     */
    TaskResult cancelledWhileWaiting(TaskSpec spec, @Nullable String reason, Consumer<TaskResult> recorder) {
        TaskResult r = new Attempt(spec, ctx.now(), Duration.ZERO)
                .result(TaskStatus.CANCELLED, reason == null ? "task " + spec.taskId() + " was cancelled" : reason);
        record(spec, r, recorder);
        return r;
    }

    /** Records a result and emits its end, atomically with respect to the run's end. */
    private void record(TaskSpec spec, TaskResult result, Consumer<TaskResult> recorder) {
        ctx.serialized(() -> {
            finished(spec, result);
            recorder.accept(result);
        });
    }

    private void finished(TaskSpec spec, TaskResult result) {
        if (ctx.hasListeners()) {
            ctx.emit(new SwarmEvent.TaskFinished(ctx.origin(spec.stage(), spec.taskId(), spec.stageId()), result));
        }
    }

    /** The JSON-schema response format of a subagent's requests, named after the subagent as providers allow. */
    static ResponseFormat responseFormat(String agent, JsonNode schema) {
        String name = agent.replaceAll("[^a-zA-Z0-9_-]", "_");
        if (name.length() > 64) {
            name = name.substring(0, 64);
        }
        return ResponseFormat.builder()
                .type(ResponseFormatType.JSON)
                .jsonSchema(JsonSchema.builder()
                        .name(name)
                        .rootElement(JsonRawSchema.from(schema.toString()))
                        .build())
                .build();
    }

    /**
     * What every task of one subagent shares, built once per run: its tools and their specifications, its compiled
     * output schema, its system message and its requests' parameters. All immutable.
     */
    private static final class Prepared {
        final SubagentDefinition agent;
        final List<AgentTool> tools;
        final @Nullable OutputSchema schema;
        final SystemMessage systemMessage;
        final ChatRequestParameters parameters;

        Prepared(SubagentDefinition agent, List<AgentTool> tools, boolean requestJsonSchema) {
            this.agent = agent;
            this.tools = List.copyOf(tools);
            List<ToolSpecification> specs = new ArrayList<>(tools.size());
            for (AgentTool t : tools) {
                specs.add(t.specification());
            }
            JsonNode schemaNode = agent.outputSchema();
            this.schema = schemaNode == null ? null : OutputSchema.compile(schemaNode);
            this.systemMessage = SystemMessage.from(agent.systemPrompt());
            this.parameters = ChatRequestParameters.builder()
                    .toolSpecifications(specs)
                    .responseFormat(
                            schema != null && requestJsonSchema ? responseFormat(agent.name(), schema.node()) : null)
                    .build();
        }
    }

    /**
     * The shared parts of a subagent's tasks: the last one used, else from the run's map. The fast path compares by
     * identity on purpose: the planner hands every task of a subagent the same definition, and a miss only costs the
     * map lookup.
     */
    @SuppressWarnings("ReferenceEquality")
    private Prepared prepared(SubagentDefinition agent) {
        Prepared p = lastPrepared;
        if (p != null && p.agent == agent) {
            return p;
        }
        p = preparedByAgent.computeIfAbsent(
                agent,
                a -> new Prepared(
                        a,
                        ctx.settings().agents().subagentTools().select(a.tools()),
                        ctx.settings().controls().requestJsonSchema()));
        lastPrepared = p;
        return p;
    }

    /** The mutable state of one running task; touched by one turn at a time. */
    private final class Attempt implements TurnLoop.Turns<TaskResult, ChatResponse> {
        final TaskSpec spec;
        final Instant startedAt;
        final Duration queueWait;
        final List<ChatMessage> messages = new ArrayList<>();
        final Prepared prepared;
        // A task calls one model; its tokens are two counters, turned into a map only for the result.
        private long inputTokens;
        private long outputTokens;
        // Tokens of the model calls its context policy made (summaries), by model; guarded by this.
        private @Nullable Map<String, TokenUsage> policyTokens;
        final ModelCaller.Caller caller;
        volatile int steps;
        volatile String lastText = "";
        // The output contract: the compiled schema (null: free text), whether its one repair turn was spent, and the
        // validated output.
        final @Nullable OutputSchema schema;
        boolean repaired;
        volatile @Nullable JsonNode output;

        Attempt(TaskSpec spec, Instant startedAt, Duration queueWait) {
            this.spec = spec;
            this.startedAt = startedAt;
            this.queueWait = queueWait;
            this.prepared = prepared(spec.agent());
            JsonNode schemaNode = spec.agent().outputSchema();
            this.schema = prepared.schema;
            messages.add(prepared.systemMessage);
            // The output contract travels with the task: the system prompt stays the frozen definition's.
            String text = schemaNode == null
                    ? spec.prompt()
                    : spec.prompt() + "\n\nYour final message must be only a JSON value (no prose, no code "
                            + "fence) that matches this JSON Schema:\n" + schemaNode;
            if (spec.images().isEmpty()) {
                messages.add(UserMessage.from(text));
            } else {
                // Only the images the task names, each labelled with its id.
                List<dev.langchain4j.data.message.Content> contents = new ArrayList<>();
                contents.add(dev.langchain4j.data.message.TextContent.from(text));
                for (int i = 0; i < spec.images().size(); i++) {
                    contents.add(dev.langchain4j.data.message.TextContent.from(
                            "[" + spec.attachments().get(i) + "]"));
                    contents.add(spec.images().get(i));
                }
                messages.add(UserMessage.from(contents));
            }
            caller = new ModelCaller.Caller(spec.agent().name(), spec.stage(), spec.taskId(), spec.taskId());
        }

        /**
         * A turn's call: the context policy's compaction, if any, then the model call. What the response asks for is
         * {@link #answered}; a turn that does not end the task completes empty there, and the {@link TurnLoop}
         * subscribes the next call afresh: a task of many turns holds one turn's operators at a time, not a chain
         * nested one level deeper per turn.
         */
        @Override
        public Mono<ChatResponse> next() {
            ContextPolicy policy = ctx.settings().contextPolicies().subagent();
            if (policy == ContextPolicy.keepAll()) {
                // Nothing to compact: no empty step in front of every model call.
                return call();
            }
            return ContextCompaction.apply(ctx, policy, messages, spec.agent().name(), this::addPolicyTokens)
                    .then(Mono.defer(this::call));
        }

        Mono<ChatResponse> call() {
            // ChatRequest takes its own unmodifiable copy of the messages; a second copy here would be waste. Its
            // parameters (tools, response format) are the subagent's, built once.
            ChatRequest request = ChatRequest.builder()
                    .messages(messages)
                    .parameters(prepared.parameters)
                    .build();
            return ModelCaller.call(ctx, model, request, caller, steps + 1);
        }

        /** What a turn's response asks for: its tool calls and the next turn (empty), or the task's end. */
        @Override
        public Mono<TaskResult> answered(ChatResponse response) {
            // One turn at a time writes it; other threads only read it.
            @SuppressWarnings("NonAtomicVolatileUpdate")
            int step = steps + 1;
            steps = step;
            addTokens(response.tokenUsage());
            AiMessage ai = response.aiMessage();
            // The final message is the last turn's text, even when it is empty: an earlier turn's text
            // ("Searching for X...") is never the task's result.
            lastText = ai.text() == null ? "" : ai.text();
            messages.add(ai);
            if (!ai.hasToolExecutionRequests()) {
                return finish();
            }
            List<ToolExecutionRequest> calls = ai.toolExecutionRequests();
            if (calls.size() == 1) {
                // The common turn: one tool call and its result, in one step.
                ToolExecutionRequest only = calls.get(0);
                return invoke(only, 0, spec.agent().tools()).flatMap(o -> {
                    messages.add(resultMessage(only, o));
                    return afterTools();
                });
            }
            return runTools(calls).then(Mono.defer(this::afterTools));
        }

        /** After a turn's tool calls: on to the next turn (empty), unless the task has used its steps. */
        Mono<TaskResult> afterTools() {
            if (steps >= ctx.settings().limits().maxSubagentSteps()) {
                String detail = "reached its step limit of "
                        + ctx.settings().limits().maxSubagentSteps() + " without a final message";
                ctx.limitHit("maxSubagentSteps: task " + spec.taskId() + " " + detail);
                if (ctx.hasListeners()) {
                    ctx.emit(new SwarmEvent.LimitHit(
                            ctx.origin(spec.stage(), spec.taskId(), spec.stageId()), "maxSubagentSteps", detail));
                }
                return Mono.just(result(TaskStatus.STEP_LIMIT, detail));
            }
            return Mono.empty(); // the next turn
        }

        static ToolExecutionResultMessage resultMessage(ToolExecutionRequest call, ToolInvoker.Outcome o) {
            return ToolExecutionResultMessage.builder()
                    .id(call.id())
                    .toolName(call.name())
                    .text(o.text())
                    .isError(o.error())
                    .build();
        }

        /** Runs the calls of a turn with several tool calls, all at once, and adds their results in call order. */
        Mono<Void> runTools(List<ToolExecutionRequest> calls) {
            List<String> names = spec.agent().tools();
            // Concurrency sized to the turn's calls: the default would allocate a 256-slot queue per turn.
            return Flux.range(0, calls.size())
                    .flatMapSequential(
                            i -> invoke(calls.get(i), i, names).map(o -> resultMessage(calls.get(i), o)),
                            Math.max(1, calls.size()),
                            1)
                    .collectList()
                    .doOnNext(messages::addAll)
                    .then();
        }

        /** Runs one tool call, after its approval when its tool needs one; a denial is its error result. */
        Mono<ToolInvoker.Outcome> invoke(ToolExecutionRequest call, int index, List<String> names) {
            if (!gate.needsApproval(call.name())) {
                return ToolInvoker.invoke(ctx, find(call.name()), names, call, caller);
            }
            ApprovalRequest request = new ApprovalRequest(
                    ApprovalRequest.Kind.TOOL,
                    spec.taskId() + "/c" + steps + "." + index,
                    spec.stage(),
                    String.valueOf(call.name()),
                    spec.agent().name(),
                    String.valueOf(call.arguments()));
            return gate.ask(request, spec.taskId(), spec.taskId()).flatMap(d -> {
                if (!d.approved()) {
                    return Mono.just(new ToolInvoker.Outcome(
                            true, "Denied by the approval policy: " + d.reason() + ". The call did not run."));
                }
                ToolExecutionRequest run = d.verdict() == Decision.Verdict.EDIT
                        ? ToolExecutionRequest.builder()
                                .id(call.id())
                                .name(call.name())
                                .arguments(d.arguments())
                                .build()
                        : call;
                return ToolInvoker.invoke(ctx, find(call.name()), names, run, caller);
            });
        }

        /**
         * The task gave its final message: it must match the output schema (one repair turn with the errors if it
         * does not), then pass the result guardrails (which may rewrite it).
         */
        Mono<TaskResult> finish() {
            String text = lastText;
            if (schema != null) {
                OutputSchema.Validation v = schema.validate(text);
                if (!v.valid()) {
                    if (!repaired) {
                        repaired = true;
                        messages.add(UserMessage.from("Your final message does not match the required JSON Schema:\n- "
                                + String.join("\n- ", v.errors())
                                + "\nReply again with only a JSON value that matches the schema."));
                        return Mono.empty(); // the repair turn
                    }
                    return Mono.just(result(
                            TaskStatus.FAILED,
                            "the final message does not match the output schema after one repair turn: "
                                    + String.join("; ", v.errors())));
                }
                output = v.value();
                text = String.valueOf(v.value());
            }
            List<OutputGuardrail> guardrails = ctx.settings().controls().taskResultGuardrails();
            if (!guardrails.isEmpty()) {
                Guardrails.Checked checked = Guardrails.output(
                        ctx,
                        guardrails,
                        ctx.origin(spec.stage(), spec.taskId(), spec.taskId()),
                        Guardrails.TASK_RESULT,
                        text);
                if (!checked.passed()) {
                    // The refused message is not handed on, not even as the failed task's last message.
                    output = null;
                    lastText = "";
                    return Mono.just(result(TaskStatus.FAILED, "the final message was refused: " + checked.failure()));
                }
                if (!checked.text().equals(text)) {
                    text = checked.text();
                    if (schema != null) {
                        OutputSchema.Validation v = schema.validate(text);
                        if (!v.valid()) {
                            output = null;
                            return Mono.just(result(
                                    TaskStatus.FAILED,
                                    "a guardrail rewrote the final message into one that does not match the output "
                                            + "schema: " + String.join("; ", v.errors())));
                        }
                        output = v.value();
                        text = String.valueOf(v.value());
                    }
                }
            }
            lastText = text;
            return Mono.just(result(TaskStatus.COMPLETED, null));
        }

        @Nullable
        AgentTool find(@Nullable String name) {
            for (AgentTool t : prepared.tools) {
                if (t.name().equals(name)) {
                    return t;
                }
            }
            return null;
        }

        @Override
        public TaskResult failed(Throwable e) {
            return result(TaskStatus.FAILED, "model call failed: " + ModelCaller.describe(ctx, e));
        }

        private synchronized void addPolicyTokens(String policyModel, TokenUsage usage) {
            if (policyTokens == null) {
                policyTokens = new java.util.TreeMap<>();
            }
            policyTokens.merge(policyModel, usage, TokenUsage::plus);
        }

        private synchronized void addTokens(dev.langchain4j.model.output.@Nullable TokenUsage usage) {
            if (usage != null) {
                inputTokens += usage.inputTokenCount() == null ? 0 : usage.inputTokenCount();
                outputTokens += usage.outputTokenCount() == null ? 0 : usage.outputTokenCount();
            }
        }

        TaskResult result(TaskStatus status, @Nullable String reason) {
            Map<String, TokenUsage> copy;
            synchronized (this) {
                // A task that never got an answer from its model used no tokens of it.
                copy = steps == 0 && inputTokens == 0 && outputTokens == 0
                        ? Map.of()
                        : Map.of(model.name(), new TokenUsage(inputTokens, outputTokens));
                if (policyTokens != null) {
                    Map<String, TokenUsage> all = new java.util.TreeMap<>(copy);
                    policyTokens.forEach((m, u) -> all.merge(m, u, TokenUsage::plus));
                    copy = all;
                }
            }
            return new TaskResult(
                    spec.taskId(),
                    spec.agent().name(),
                    spec.prompt(),
                    status,
                    lastText,
                    reason,
                    steps,
                    copy,
                    startedAt,
                    ctx.since(startedAt),
                    queueWait,
                    status == TaskStatus.COMPLETED ? output : null);
        }
    }
}

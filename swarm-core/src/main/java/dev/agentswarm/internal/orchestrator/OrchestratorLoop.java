package dev.agentswarm.internal.orchestrator;

import static dev.agentswarm.internal.orchestrator.SwarmToolSpecs.ASSIGN_TASK;
import static dev.agentswarm.internal.orchestrator.SwarmToolSpecs.CREATE_SUBAGENT;

import dev.agentswarm.event.SwarmEvent;
import dev.agentswarm.internal.aggregation.ResultAggregator;
import dev.agentswarm.internal.control.ApprovalGate;
import dev.agentswarm.internal.control.Guardrails;
import dev.agentswarm.internal.run.ContextCompaction;
import dev.agentswarm.internal.run.ModelCaller;
import dev.agentswarm.internal.run.ResumeState;
import dev.agentswarm.internal.run.RunContext;
import dev.agentswarm.internal.run.SwarmSettings;
import dev.agentswarm.internal.run.ToolInvoker;
import dev.agentswarm.internal.scheduler.StageScheduler;
import dev.agentswarm.internal.subagent.SubagentTaskRunner;
import dev.agentswarm.internal.subagent.TaskRunner;
import dev.agentswarm.model.SwarmModel;
import dev.agentswarm.policy.Limits;
import dev.agentswarm.report.CriticalSteps;
import dev.agentswarm.report.RunReport;
import dev.agentswarm.report.RunStatus;
import dev.agentswarm.report.StageReport;
import dev.agentswarm.report.SwarmResult;
import dev.agentswarm.report.TaskResult;
import dev.agentswarm.report.TaskStatus;
import dev.agentswarm.tool.AgentTool;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.ImageContent;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The orchestrator loop of one run. Each orchestrator turn is a stage: its {@code create_subagent} calls take effect
 * first, in call order; then its {@code assign_task} calls run together with its ordinary tool calls; every call
 * gets exactly one tool result, in call order. The loop ends at a final answer (an assistant message without tool
 * calls), a limit, a budget, a failure, a timeout or a cancellation, and always yields a {@link SwarmResult} that
 * keeps every completed task.
 *
 * <p>Single-use: one instance per run. Turns are sequential; only a stage's tasks and tools run concurrently. The
 * run's state (its stages, the open stage, its steps, its end) is read and changed only in
 * {@link RunContext#serialized} sections, so that the loop closing a stage, a task recording its result, and
 * {@code cancel()} or a timeout ending the run on another thread take effect one at a time: a stage is recorded
 * exactly once, with exactly the tasks whose {@code TaskFinished} was emitted, and the run's end (its result and its
 * {@code RunFinished} event, always the last) is decided once. After the end, nothing changes the run's state.
 *
 * <p>The answer is the text of the orchestrator's final turn, and a task's final message the text of its final turn;
 * either may be empty, and is then reported as empty.
 */
public final class OrchestratorLoop {

    private static final String ORCHESTRATOR = "orchestrator";

    private final RunContext ctx;
    private final SwarmSettings settings;
    private final Limits limits;
    private final String task;
    private final Mono<Void> cancelSignal;
    private final ResultAggregator aggregator;
    private final StageScheduler scheduler;
    private final BudgetGuard guard;
    private final ResumeState.Turns turns;
    private final ResumeState.Tools tools;
    private final ArrayList<ChatMessage> messages = new ArrayList<>();
    private final StagePlanner planner;
    private final List<StageReport> stages = new ArrayList<>();
    private final List<ToolSpecification> toolSpecs = new ArrayList<>();
    private final List<String> toolNames = new ArrayList<>();
    private final ApprovalGate gate;
    private final Attachments attachments;

    // Run state: read and changed only under ctx.serialized.
    private int steps;
    /** {@code CriticalSteps.of(stages)}, kept as stages close: a stage's tasks are not looked at again every turn. */
    private int criticalSteps;
    /** The run's report's {@code totalSteps()}, kept as stages close. */
    private int totalSteps;

    private String lastText = "";
    private @Nullable Instant startedAt;
    private @Nullable OpenStage openStage;
    /** The run's result, set once by {@link #end}; volatile for the loop's repeat check. */
    private volatile @Nullable SwarmResult finalResult;
    /**
     * Set when the run's cancellation arrives, before the loop is cancelled: a failure that the cancellation itself
     * causes (a blocking model call interrupted, a source that fails when cancelled) must not end the run FAILED
     * before the cancellation ends it CANCELLED.
     */
    private volatile boolean cancelling;

    private final AtomicReference<@Nullable String> failFastReason = new AtomicReference<>();

    /**
     * @param ctx the run
     * @param task the user's task
     * @param cancelSignal completes (or emits) when the run must be cancelled
     */
    public OrchestratorLoop(RunContext ctx, String task, Mono<Void> cancelSignal) {
        this(ctx, task, List.of(), cancelSignal);
    }

    /**
     * @param ctx the run
     * @param task the user's task
     * @param images the images the task carries, {@code image-1} first; a subagent gets those its task names
     * @param cancelSignal completes (or emits) when the run must be cancelled
     */
    public OrchestratorLoop(RunContext ctx, String task, List<ImageContent> images, Mono<Void> cancelSignal) {
        this.ctx = ctx;
        this.attachments = Attachments.of(images);
        this.settings = ctx.settings();
        this.limits = settings.limits();
        this.task = task;
        this.cancelSignal = cancelSignal;
        this.aggregator = new ResultAggregator(settings.caps().resultTokenBudget(), settings.tokenEstimator());
        this.guard = new BudgetGuard(ctx, settings.rules().budget());
        ctx.meter(guard);
        this.planner = new StagePlanner(ctx, guard, attachments);
        this.gate = new ApprovalGate(ctx);
        SwarmModel orchestratorModel = guard.meter(settings.agents().orchestratorModel());
        // A resumed run replays what its journal holds by decoration: the loop does not know whether it resumes.
        this.turns = ctx.resume()
                .replaying(
                        ctx,
                        (request, caller, step) -> ModelCaller.call(ctx, orchestratorModel, request, caller, step));
        this.tools = ctx.resume()
                .replaying(
                        ctx,
                        (call, caller) -> ToolInvoker.invoke(
                                ctx,
                                settings.agents()
                                        .orchestratorTools()
                                        .find(call.name())
                                        .orElse(null),
                                toolNames,
                                call,
                                caller));
        this.scheduler = new StageScheduler(
                TaskRunner.of(
                        ctx,
                        new SubagentTaskRunner(
                                ctx, guard.meter(settings.agents().subagentModel()))),
                settings.caps().maxConcurrency(),
                settings.ordering().ordering(),
                spec -> settings.ordering().expected(spec.agent().name(), spec.prompt()),
                settings.time().timer());
        toolSpecs.add(SwarmToolSpecs.createSubagent(
                settings.agents().subagentTools().names(),
                settings.agents().subagentTools().groupNames(),
                settings.agents().defaultSubagentTools()));
        toolSpecs.add(SwarmToolSpecs.assignTask());
        toolNames.add(CREATE_SUBAGENT);
        toolNames.add(ASSIGN_TASK);
        for (AgentTool t : settings.agents().orchestratorTools().all()) {
            toolSpecs.add(t.specification());
            toolNames.add(t.name());
        }
    }

    /** @return the run; subscribe once */
    public Mono<SwarmResult> run() {
        Mono<SwarmResult> loop = Mono.defer(() -> {
                    ctx.serialized(() -> {
                        Instant start = ctx.now();
                        startedAt = start;
                        guard.start(start);
                        ctx.emit(new SwarmEvent.RunStarted(
                                ctx.origin(-1, null, ctx.runId(), start),
                                task,
                                settings.agents().orchestratorModel().name()));
                        messages.add(SystemMessage.from(settings.agents().orchestratorSystemPrompt()));
                        messages.add(attachments.userMessage(task));
                    });
                    return Mono.defer(this::turn)
                            .repeat(() -> finalResult == null)
                            .then(Mono.fromSupplier(() -> end(RunStatus.FAILED, "run ended without an outcome")));
                })
                .onErrorResume(
                        e -> !(e instanceof TimeoutException),
                        e -> cancelling
                                ? Mono.empty()
                                : Mono.fromSupplier(
                                        () -> end(RunStatus.FAILED, "run failed: " + ModelCaller.describe(ctx, e))))
                .doFinally(signal -> guard.stop());
        Duration runTimeout = settings.caps().runTimeout();
        if (runTimeout != null) {
            loop = loop.timeout(runTimeout, settings.time().timer())
                    .onErrorResume(
                            TimeoutException.class,
                            e -> Mono.fromSupplier(() -> end(
                                    RunStatus.TIMED_OUT,
                                    "run exceeded its wall-clock limit of " + runTimeout.toMillis() + " ms")));
        }
        // The run's end is decided once, in end(): its result is cached and RunFinished emitted there. The result is
        // handed on once RunFinished was delivered (a listener that cancels the run ends it inside a delivery), so
        // that whoever closes a journal or completes an event stream on it does so after the last event.
        return loop.takeUntilOther(cancelSignal.doOnSuccess(x -> cancelling = true))
                .switchIfEmpty(Mono.fromSupplier(() -> end(RunStatus.CANCELLED, "run was cancelled")))
                .flatMap(r -> Mono.create(sink -> ctx.whenDelivered(() -> sink.success(r))));
    }

    private boolean ended() {
        return finalResult != null;
    }

    private Mono<Void> turn() {
        OpenStage opened = ctx.serialized(() -> {
            if (ended()) {
                return null;
            }
            if (steps >= limits.maxOrchestratorSteps()) {
                String detail = "the orchestrator reached its step limit of " + limits.maxOrchestratorSteps()
                        + " without a final answer";
                StagePlanner.hitLimit(ctx, stages.size(), "maxOrchestratorSteps", detail);
                end(RunStatus.ORCHESTRATOR_STEP_LIMIT, detail);
                return null;
            }
            int stage = stages.size();
            BudgetGuard.Exhaustion budgetOut = guard.check(stage, criticalSteps + 1);
            if (budgetOut != null) {
                end(RunStatus.BUDGET_EXHAUSTED, budgetOut.reason());
                return null;
            }
            OpenStage open = new OpenStage(stage, ctx.now());
            openStage = open;
            ctx.emit(new SwarmEvent.StageStarted(ctx.origin(stage, null, ctx.runId(), open.startedAt)));
            return open;
        });
        if (opened == null) {
            return Mono.empty();
        }
        return ContextCompaction.apply(ctx, settings.contextPolicies().orchestrator(), messages, ORCHESTRATOR)
                .then(Mono.defer(() -> call(opened)));
    }

    private Mono<Void> call(OpenStage open) {
        int stage = open.index;
        String stageId = "s" + stage;
        // The compaction may have taken a while (a summary) and used tokens: the budgets are checked again, so that
        // no turn starts past them.
        boolean go = ctx.serialized(() -> {
            if (ended()) {
                return false;
            }
            BudgetGuard.Exhaustion budgetOut = guard.check(stage, criticalSteps + 1);
            if (budgetOut != null) {
                end(RunStatus.BUDGET_EXHAUSTED, budgetOut.reason());
                return false;
            }
            return true;
        });
        if (!go) {
            return Mono.empty();
        }
        ChatRequest request = ChatRequest.builder()
                .messages(List.copyOf(messages))
                .toolSpecifications(toolSpecs)
                .build();
        ModelCaller.Caller caller = new ModelCaller.Caller(ORCHESTRATOR, stage, null, stageId);
        return turns.call(request, caller, steps + 1)
                .onErrorResume(e -> {
                    if (cancelling) {
                        return Mono.empty(); // the cancellation ends the run
                    }
                    BudgetGuard.Exhaustion budgetOut = guard.exhausted();
                    if (e instanceof BudgetGuard.Refused && budgetOut != null) {
                        end(RunStatus.BUDGET_EXHAUSTED, budgetOut.reason());
                    } else {
                        end(RunStatus.FAILED, "orchestrator model call failed: " + ModelCaller.describe(ctx, e));
                    }
                    return Mono.empty();
                })
                .flatMap(response -> ctx.serialized(() -> {
                    if (ended()) {
                        return Mono.<Void>empty();
                    }
                    steps++;
                    open.mainSteps = 1;
                    AiMessage ai = response.aiMessage();
                    messages.add(ai);
                    // The answer is the final turn's text, even when it is empty.
                    lastText = ai.text() == null ? "" : ai.text();
                    List<ToolExecutionRequest> calls =
                            ai.hasToolExecutionRequests() ? ai.toolExecutionRequests() : List.of();
                    emitTurn(stage, stageId, ai, calls, response.tokenUsage());
                    if (calls.isEmpty()) {
                        if (settings.controls().answerGuardrails().isEmpty()) {
                            closeStage(open);
                            end(RunStatus.COMPLETED, null);
                            return Mono.<Void>empty();
                        }
                        return checkAnswer(open, lastText);
                    }
                    // The turn's calls are reviewed (guardrails, approvals) outside the lock; then definitions and
                    // assignments are decided under the lock, and the stage's work is subscribed to after it.
                    return TurnReview.review(ctx, gate, stage, calls)
                            .flatMap(reviewed -> ctx.serialized(
                                    () -> ended() ? Mono.<Void>empty() : handleToolCalls(open, reviewed)));
                }));
    }

    /** Checks the final answer with the answer guardrails, outside the lock; a refusal fails the run. */
    private Mono<Void> checkAnswer(OpenStage open, String answer) {
        return Mono.fromSupplier(() -> Guardrails.output(
                        ctx,
                        settings.controls().answerGuardrails(),
                        ctx.origin(open.index, null, "s" + open.index),
                        Guardrails.ANSWER,
                        answer))
                .flatMap(checked -> ctx.serialized(() -> {
                    if (ended()) {
                        return Mono.<Void>empty();
                    }
                    closeStage(open);
                    if (checked.passed()) {
                        lastText = checked.text();
                        end(RunStatus.COMPLETED, null);
                    } else {
                        // The refused answer is not handed out.
                        lastText = "";
                        end(RunStatus.FAILED, "the final answer was refused: " + checked.failure());
                    }
                    return Mono.<Void>empty();
                }));
    }

    private Mono<Void> handleToolCalls(OpenStage open, TurnReview.Reviewed reviewed) {
        List<ToolExecutionRequest> calls = reviewed.calls();
        for (ToolExecutionRequest call : calls) {
            open.toolCalls.add(String.valueOf(call.name()));
        }
        StagePlanner.Plan plan = planner.plan(open.index, criticalSteps + open.mainSteps, calls, reviewed.refused());
        // The stage's tasks and its ordinary tool calls run together.
        ModelCaller.Caller caller = new ModelCaller.Caller(ORCHESTRATOR, open.index, null, "s" + open.index);
        Mono<Map<Integer, ToolInvoker.Outcome>> toolOutcomes = Flux.range(
                        0, plan.steps().size())
                .filter(i -> plan.steps().get(i) instanceof StagePlanner.OrdinaryTool)
                .flatMap(i -> tools.invoke(plan.steps().get(i).call(), caller).map(o -> Map.entry(i, o)))
                .collectMap(Map.Entry::getKey, Map.Entry::getValue);
        open.expect(plan.tasks().size());
        Mono<List<TaskResult>> tasks = scheduler.run(plan.tasks(), new StageScheduler.Callbacks() {
            @Override
            public void started(int index) {
                open.startOrder.set(open.started.getAndIncrement(), index + 1);
            }

            @Override
            public void recorded(int index, TaskResult result) {
                // Under the run's lock, with the task's TaskFinished event: after the run's end, nothing is recorded.
                if (!ended() && openStage == open) {
                    open.record(index, result);
                }
            }

            @Override
            public void finished(TaskResult result) {
                onTaskFinished(result);
            }
        });
        return Mono.zip(tasks, toolOutcomes)
                .doOnNext(done -> ctx.serialized(() -> {
                    if (ended()) {
                        return;
                    }
                    render(plan, done.getT1(), done.getT2());
                    closeStage(open);
                    String failFast = failFastReason.get();
                    if (failFast != null) {
                        end(RunStatus.FAILED, failFast);
                    }
                    if (plan.maxTasksRefused()) {
                        end(
                                RunStatus.BUDGET_EXHAUSTED,
                                "budget maxTasks (" + settings.rules().budget().maxTasks() + ") exhausted: "
                                        + planner.tasksDispatched()
                                        + " tasks were dispatched and further assignments were refused");
                    }
                    BudgetGuard.Exhaustion budgetOut = guard.exhausted();
                    if (budgetOut != null) {
                        end(RunStatus.BUDGET_EXHAUSTED, budgetOut.reason());
                    }
                }))
                .then();
    }

    /** Adds one tool result per call, in call order; holds the run's lock. */
    private void render(
            StagePlanner.Plan plan, List<TaskResult> taskResults, Map<Integer, ToolInvoker.Outcome> toolOutcomes) {
        messages.ensureCapacity(messages.size() + plan.steps().size()); // one copy for a stage of 100,000 results
        for (int i = 0; i < plan.steps().size(); i++) {
            StagePlanner.Step step = plan.steps().get(i);
            ToolInvoker.Outcome outcome;
            if (step instanceof StagePlanner.Defined d) {
                outcome = new ToolInvoker.Outcome(false, d.confirmation());
            } else if (step instanceof StagePlanner.Rejected r) {
                outcome = new ToolInvoker.Outcome(true, r.message());
            } else if (step instanceof StagePlanner.Assign a) {
                TaskResult result = taskResults.get(a.task().index());
                outcome = new ToolInvoker.Outcome(
                        result.status() != TaskStatus.COMPLETED, aggregator.toToolResult(result));
            } else {
                // Every ordinary tool call of the plan has its outcome.
                outcome = Objects.requireNonNull(toolOutcomes.get(i), "an ordinary tool call's outcome");
            }
            messages.add(ToolExecutionResultMessage.builder()
                    .id(step.call().id())
                    .toolName(step.call().name())
                    .text(outcome.text())
                    .isError(outcome.error())
                    .build());
        }
    }

    /** Learns the task's duration, and under fail-fast cancels the siblings of a failed task. */
    private void onTaskFinished(TaskResult result) {
        if (result.status() == TaskStatus.COMPLETED) {
            settings.ordering().history().add(result.agent(), result.duration());
        }
        boolean failed = result.status() == TaskStatus.FAILED || result.status() == TaskStatus.TIMED_OUT;
        if (settings.rules().failFast()
                && failed
                && failFastReason.compareAndSet(
                        null,
                        "fail-fast: task " + result.taskId() + " (" + result.agent() + ") ended " + result.status()
                                + ": " + result.reason())) {
            ctx.limitHit("failFast: task " + result.taskId() + " ended " + result.status());
            ctx.cancellations()
                    .cancelAll("cancelled by fail-fast: task " + result.taskId() + " ended " + result.status());
        }
    }

    private void emitTurn(
            int stage,
            String stageId,
            AiMessage ai,
            List<ToolExecutionRequest> calls,
            dev.langchain4j.model.output.@Nullable TokenUsage usage) {
        if (!ctx.hasListeners()) {
            return;
        }
        List<SwarmEvent.ToolCall> toolCalls = new ArrayList<>(calls.size());
        for (ToolExecutionRequest c : calls) {
            toolCalls.add(new SwarmEvent.ToolCall(
                    String.valueOf(c.id()), String.valueOf(c.name()), String.valueOf(c.arguments())));
        }
        var tokens = dev.agentswarm.report.TokenUsage.from(usage);
        ctx.emit(new SwarmEvent.OrchestratorTurn(
                ctx.origin(stage, null, stageId),
                ai.text() == null ? "" : ai.text(),
                toolCalls,
                settings.agents().orchestratorModel().name(),
                tokens.input(),
                tokens.output()));
    }

    /** Records the open stage, once; holds the run's lock. */
    private void closeStage(OpenStage open) {
        if (openStage != open) {
            return;
        }
        List<TaskResult> tasks = open.finishedInOrder();
        int maxSubSteps = 0;
        int subSteps = 0;
        for (TaskResult t : tasks) {
            maxSubSteps = Math.max(maxSubSteps, t.steps());
            subSteps += t.steps();
        }
        StageReport report = new StageReport(
                open.index,
                open.mainSteps,
                tasks,
                open.toolCalls,
                open.startedAt,
                ctx.since(open.startedAt),
                // With a slot for every task, the longest task's steps whatever the start order (stepMakespan).
                tasks.size() <= settings.caps().maxConcurrency()
                        ? maxSubSteps
                        : open.subStepMakespan(settings.caps().maxConcurrency()));
        stages.add(report);
        // report.criticalSteps(), report.totalSteps() and report.maxSubSteps(), without more passes over its tasks.
        criticalSteps += report.mainSteps() + maxSubSteps;
        totalSteps += report.mainSteps() + subSteps;
        openStage = null;
        ctx.emit(new SwarmEvent.StageFinished(
                ctx.origin(open.index, null, ctx.runId()),
                report.mainSteps(),
                maxSubSteps,
                report.tasks().size(),
                report.duration().toMillis(),
                report.subStepMakespan()));
    }

    /**
     * Ends the run and returns its result. The first end wins: it closes the open stage with what it holds, builds
     * the result, refuses later task cancellations and emits {@code RunFinished}; every later call returns the same
     * result. Takes the run's lock.
     */
    private SwarmResult end(RunStatus status, @Nullable String reason) {
        return ctx.serialized(() -> {
            SwarmResult done = finalResult;
            if (done != null) {
                return done;
            }
            OpenStage open = openStage;
            if (open != null && (open.mainSteps > 0 || open.recordedCount > 0)) {
                closeStage(open);
            }
            openStage = null;
            SwarmResult r = ctx.redact(result(status, reason));
            finalResult = r;
            ctx.cancellations().close();
            ctx.emit(new SwarmEvent.RunFinished(
                    ctx.origin(stages.size() - 1, null, ctx.runId()),
                    r.status(),
                    r.reason(),
                    r.answer(),
                    criticalSteps, // r.criticalSteps(): the run's stages are these, redacted or not
                    totalSteps));
            return r;
        });
    }

    private SwarmResult result(RunStatus status, @Nullable String reason) {
        Instant start = startedAt == null ? ctx.now() : startedAt;
        RunReport report = new RunReport(
                stages, ctx.tokensByModel(), start, ctx.since(start), ctx.peakConcurrency(), ctx.limitsHit());
        String answer = status == RunStatus.COMPLETED ? lastText : partialAnswer(report);
        return new SwarmResult(ctx.runId(), status, answer, reason, planner.definitions(), report);
    }

    private String partialAnswer(RunReport report) {
        if (!lastText.isBlank()) {
            return lastText;
        }
        StringBuilder sb = new StringBuilder();
        for (TaskResult t : report.tasks()) {
            if (t.status() == TaskStatus.COMPLETED && !t.finalMessage().isBlank()) {
                sb.append("[")
                        .append(t.taskId())
                        .append(" ")
                        .append(t.agent())
                        .append("] ")
                        .append(t.finalMessage())
                        .append('\n');
            }
        }
        return sb.toString().strip();
    }

    /** A stage in progress: finished task results arrive from several threads, recorded under the run's lock. */
    private static final class OpenStage {
        final int index;
        final Instant startedAt;
        final List<String> toolCalls = new ArrayList<>();
        // The recorded results by the tasks' call-order index (null: not recorded); changed under the run's lock only.
        @Nullable
        TaskResult[] recorded = new TaskResult[0];

        int recordedCount;
        // The tasks' call-order indices + 1, in the order they started (0: not started); written from task threads.
        volatile AtomicIntegerArray startOrder = new AtomicIntegerArray(0);
        final AtomicInteger started = new AtomicInteger();
        int mainSteps;

        OpenStage(int index, Instant startedAt) {
            this.index = index;
            this.startedAt = startedAt;
        }

        /** Makes room for the stage's tasks, before any starts; holds the run's lock. */
        void expect(int tasks) {
            recorded = new TaskResult[tasks];
            startOrder = new AtomicIntegerArray(tasks);
        }

        /** Records a task's result; holds the run's lock. */
        void record(int taskIndex, TaskResult result) {
            if (recorded[taskIndex] == null) {
                recordedCount++;
            }
            recorded[taskIndex] = result;
        }

        /**
         * The step-makespan of the recorded tasks under the cap, in the order they started (a task that never
         * started, or did not end before the run did, is not recorded and takes no slot).
         */
        int subStepMakespan(int cap) {
            int count = startOrder.length();
            boolean[] counted = new boolean[recorded.length];
            int[] steps = new int[recordedCount];
            int n = 0;
            for (int k = 0; k < count; k++) {
                int i = startOrder.get(k) - 1;
                TaskResult r = i < 0 ? null : recorded[i];
                if (r != null && !counted[i]) {
                    steps[n++] = r.steps();
                    counted[i] = true;
                }
            }
            // Recorded but not seen starting cannot happen; count any such task as starting last.
            for (int i = 0; i < recorded.length; i++) {
                TaskResult r = recorded[i];
                if (r != null && !counted[i]) {
                    steps[n++] = r.steps();
                }
            }
            return CriticalSteps.stepMakespan(steps, cap);
        }

        /**
         * The recorded tasks in call order, for the stage's report to copy; holds the run's lock. When every task
         * was recorded, a view of them: the stage is closed, and nothing is recorded any more.
         */
        List<TaskResult> finishedInOrder() {
            if (recordedCount == recorded.length) {
                return java.util.Arrays.asList(recorded); // no null: every entry was recorded
            }
            List<TaskResult> inOrder = new ArrayList<>(recordedCount);
            for (TaskResult r : recorded) {
                if (r != null) {
                    inOrder.add(r);
                }
            }
            return inOrder;
        }
    }
}

package dev.agentswarm.temporal;

import dev.agentswarm.event.SwarmEvent;
import dev.agentswarm.event.SwarmEventListener;
import dev.agentswarm.internal.run.RunContext;
import dev.agentswarm.internal.subagent.TaskRunner;
import dev.agentswarm.internal.subagent.TaskSpec;
import dev.agentswarm.report.TaskResult;
import dev.agentswarm.report.TaskStatus;
import dev.agentswarm.temporal.workflow.Codec;
import dev.agentswarm.temporal.workflow.Payloads;
import dev.agentswarm.temporal.workflow.ShardSettings;
import dev.agentswarm.temporal.workflow.SwarmShardWorkflow;
import dev.agentswarm.temporal.workflow.Version;
import io.temporal.api.enums.v1.ParentClosePolicy;
import io.temporal.workflow.Async;
import io.temporal.workflow.CancellationScope;
import io.temporal.workflow.ChildWorkflowCancellationType;
import io.temporal.workflow.ChildWorkflowOptions;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;

/**
 * The run's listener that also decorates its task runner (core's {@code TaskRunner.Decorator} seam): a stage's first
 * {@link ShardSettings#inlineTasksPerStage} tasks run in the run's workflow as usual; its further tasks are collected
 * as the stage scheduler hands them over, and those handed over in one workflow task (a stage's first wave, or the
 * tasks that take the places of a finished shard's) start as shards: child workflows of at most
 * {@link ShardSettings#tasksPerShard} tasks each. The scheduler hands over no more tasks than the run's
 * {@code maxConcurrency}, and a shard runs all it was given, so the bound holds across shards.
 *
 * <p>When a shard returns, its tasks' events are emitted again in the run, in order, and each result is recorded
 * together with its {@code TaskFinished}, as core's runner does; its tokens are counted in the run, whose budgets then
 * apply. A cancellation of a task (by {@code cancelTask}, fail-fast or a budget) is routed by signal to the shard that
 * runs it, or travels with the task if its shard has not started; a task whose cancellation took effect in the run
 * ends {@code CANCELLED} even if its shard finished it first. Cancelling the run cancels the shards.
 */
final class ShardingRunner implements SwarmEventListener, TaskRunner.Decorator {

    private final Consumer<SwarmEvent> events;
    private final WorkflowPump pump;
    private final String swarm;
    private final ShardSettings shards;
    private final Map<String, List<String>> pages;
    private List<Pending> waiting = new ArrayList<>();
    private boolean flushQueued;
    private int started;
    private @Nullable RunContext ctx;
    private @Nullable TaskRunner inner;

    /**
     * @param events where the run's events go
     * @param pump the run's pump
     * @param swarm the swarm's registered name
     * @param shards the shard settings
     * @param pages the pages the shards signalled, by shard workflow id, filled by the run's workflow
     */
    ShardingRunner(
            Consumer<SwarmEvent> events,
            WorkflowPump pump,
            String swarm,
            ShardSettings shards,
            Map<String, List<String>> pages) {
        this.events = events;
        this.pump = pump;
        this.swarm = swarm;
        this.shards = shards;
        this.pages = pages;
    }

    @Override
    public void onEvent(SwarmEvent event) {
        events.accept(event);
    }

    @Override
    public TaskRunner decorate(RunContext run, TaskRunner runner) {
        ctx = run;
        inner = runner;
        return this::run;
    }

    private Mono<TaskResult> run(TaskSpec spec, Consumer<TaskResult> recorder) {
        TaskRunner own = inner;
        if (own == null) {
            throw new IllegalStateException("the runner was not installed");
        }
        if (spec.index() < shards.inlineTasksPerStage() || !spec.images().isEmpty()) {
            // Small stages, and tasks that carry the user's images, run in the run's own workflow.
            return own.run(spec, recorder);
        }
        return Mono.create(sink -> {
            Pending p = new Pending(spec, recorder, sink);
            waiting.add(p);
            sink.onCancel(p::cancelled);
            if (!flushQueued) {
                flushQueued = true;
                // After the work queued now: every task the scheduler hands over in this workflow task.
                pump.submit(this::flush);
            }
        });
    }

    /** Starts the waiting tasks as shards, in the order they were handed over. */
    private void flush() {
        flushQueued = false;
        List<Pending> batch = waiting;
        waiting = new ArrayList<>();
        List<Pending> shard = new ArrayList<>();
        int bytes = 0;
        for (Pending p : batch) {
            if (p.disposed) {
                continue;
            }
            int size = Payloads.bytes(p.spec.prompt()) + 512;
            if (!shard.isEmpty()
                    && (shard.size() >= shards.tasksPerShard() || bytes + size > Payloads.MAX_PAYLOAD_BYTES / 2)) {
                start(shard);
                shard = new ArrayList<>();
                bytes = 0;
            }
            shard.add(p);
            bytes += size;
        }
        if (!shard.isEmpty()) {
            start(shard);
        }
    }

    private void start(List<Pending> tasks) {
        RunContext run = run();
        String id = run.runId() + "-s" + tasks.get(0).spec.stage() + "-shard" + started++;
        List<ShardMessages.Task> input = new ArrayList<>(tasks.size());
        for (Pending p : tasks) {
            String taskId = p.spec.taskId();
            String cancelled = run.cancellations().reasonIfCancelled(taskId);
            if (cancelled == null) {
                run.taskStarted();
                p.counted = true;
            }
            p.cancelledBeforeStart = cancelled != null;
            input.add(
                    new ShardMessages.Task(p.spec.stage(), p.spec.index(), p.spec.agent(), p.spec.prompt(), cancelled));
        }
        Shard shard = new Shard(id, tasks, run.now());
        SwarmShardWorkflow child = Workflow.newChildWorkflowStub(
                SwarmShardWorkflow.class,
                ChildWorkflowOptions.newBuilder()
                        .setWorkflowId(id)
                        .setCancellationType(ChildWorkflowCancellationType.TRY_CANCEL)
                        .setParentClosePolicy(ParentClosePolicy.PARENT_CLOSE_POLICY_TERMINATE)
                        .build());
        String encoded = Payloads.pack(Codec.write(new ShardMessages.Input(run.runId(), input)));
        List<Promise<String>> promise = new ArrayList<>(1);
        shard.scope = Workflow.newCancellationScope(
                () -> promise.add(Async.function(child::run, swarm, Version.CURRENT, encoded)));
        shard.scope.run();
        for (Pending p : tasks) {
            p.shard = shard;
            if (p.cancelledBeforeStart) {
                continue;
            }
            // A cancellation that takes effect in the run reaches the shard that runs the task.
            p.cancelSignal = run.cancellations()
                    .signal(p.spec.taskId())
                    .subscribe(reason -> Async.procedure(() -> {
                        try {
                            child.cancelTask(p.spec.taskId(), reason);
                        } catch (RuntimeException e) {
                            // The shard has ended: the run decides the task's end when the shard's outcome arrives.
                        }
                    }));
        }
        pump.onComplete(promise.get(0), (summary, error) -> finish(shard, summary, error));
    }

    private void finish(Shard shard, @Nullable String summary, @Nullable RuntimeException error) {
        RunContext run = run();
        List<String> signalled = pages.remove(shard.id);
        Map<String, ShardMessages.Outcome> outcomes = new HashMap<>();
        String failure = null;
        if (error != null || summary == null) {
            failure = "its shard's child workflow " + shard.id + " failed: "
                    + (error == null ? "no result" : describe(error));
        } else {
            ShardMessages.Summary s = Codec.read(summary, ShardMessages.Summary.class);
            if (signalled == null || signalled.size() != s.pages()) {
                failure = "its shard's child workflow " + shard.id + " returned " + s.pages()
                        + " pages of outcomes but the run received " + (signalled == null ? 0 : signalled.size());
            } else {
                for (String page : signalled) {
                    for (ShardMessages.Outcome o : Codec.read(Payloads.unpack(page), ShardMessages.Page.class)
                            .outcomes()) {
                        outcomes.put(o.taskId(), o);
                    }
                }
                s.limitsHit().forEach(run::limitHit);
            }
        }
        for (Pending p : shard.tasks) {
            if (p.disposed) {
                continue;
            }
            p.dispose();
            ShardMessages.Outcome o = outcomes.get(p.spec.taskId());
            TaskResult result;
            List<SwarmEvent> taskEvents = new ArrayList<>();
            if (o == null) {
                result = failed(p.spec, shard, failure == null ? "its shard returned no outcome for it" : failure);
            } else {
                result = Codec.read(o.result(), TaskResult.class);
                for (String e : o.events()) {
                    SwarmEvent event = Codec.read(e, SwarmEvent.class);
                    if (!(event instanceof SwarmEvent.TaskFinished)) {
                        taskEvents.add(event);
                    }
                }
                result.tokensByModel().forEach(run::addTokens);
            }
            String taskId = p.spec.taskId();
            if (!run.cancellations().finish(taskId)) {
                // A cancellation took effect in the run before the task's own end reached it: it wins, as in core.
                String reason = run.cancellations().reasonIfCancelled(taskId);
                result = withStatus(result, TaskStatus.CANCELLED, reason == null ? "task was cancelled" : reason);
            }
            run.cancellations().finished(taskId);
            if (p.counted) {
                run.taskEnded();
            }
            TaskResult recorded = result;
            run.serialized(() -> {
                taskEvents.forEach(run::emit);
                if (run.hasListeners()) {
                    run.emit(new SwarmEvent.TaskFinished(
                            run.origin(p.spec.stage(), taskId, p.spec.stageId()), recorded));
                }
                p.recorder.accept(recorded);
            });
            p.sink.success(recorded);
        }
        // A budget that the shard's tokens used up cancels what is in flight, as after a model call in core.
        run.meter().settle();
    }

    private TaskResult failed(TaskSpec spec, Shard shard, String reason) {
        RunContext run = run();
        return new TaskResult(
                spec.taskId(),
                spec.agent().name(),
                spec.prompt(),
                TaskStatus.FAILED,
                "",
                reason,
                0,
                Map.of(),
                shard.startedAt,
                run.since(shard.startedAt),
                Duration.ZERO,
                null);
    }

    private static TaskResult withStatus(TaskResult r, TaskStatus status, String reason) {
        return new TaskResult(
                r.taskId(),
                r.agent(),
                r.prompt(),
                status,
                r.finalMessage(),
                reason,
                r.steps(),
                r.tokensByModel(),
                r.startedAt(),
                r.duration(),
                r.queueWait(),
                null);
    }

    /** The message of a failure's innermost application failure, or of the failure itself. */
    private static String describe(Throwable error) {
        String message = String.valueOf(error.getMessage());
        for (Throwable c = error; c != null; c = c.getCause()) {
            if (c instanceof io.temporal.failure.ApplicationFailure app) {
                message = app.getOriginalMessage();
            } else if (c instanceof io.temporal.failure.TimeoutFailure
                    || c instanceof io.temporal.failure.TerminatedFailure) {
                message = c.getClass().getSimpleName() + ": " + c.getMessage();
            }
            if (c.getCause() == c) {
                break;
            }
        }
        return message;
    }

    private RunContext run() {
        RunContext run = ctx;
        if (run == null) {
            throw new IllegalStateException("the runner was not installed");
        }
        return run;
    }

    /** A shard: its child workflow's id and scope, and its tasks. */
    private static final class Shard {
        final String id;
        final List<Pending> tasks;
        final java.time.Instant startedAt;

        @Nullable
        CancellationScope scope;

        int live;

        Shard(String id, List<Pending> tasks, java.time.Instant startedAt) {
            this.id = id;
            this.tasks = tasks;
            this.startedAt = startedAt;
            this.live = tasks.size();
        }
    }

    /** A task handed over to a shard, waiting for its outcome. */
    private static final class Pending {
        final TaskSpec spec;
        final Consumer<TaskResult> recorder;
        final MonoSink<TaskResult> sink;

        @Nullable
        Shard shard;

        @Nullable
        Disposable cancelSignal;

        boolean counted;
        boolean cancelledBeforeStart;
        boolean disposed;

        Pending(TaskSpec spec, Consumer<TaskResult> recorder, MonoSink<TaskResult> sink) {
            this.spec = spec;
            this.recorder = recorder;
            this.sink = sink;
        }

        /** Its Mono was cancelled (the run ended): once every task of its shard is, the shard is cancelled. */
        void cancelled() {
            if (disposed) {
                return;
            }
            dispose();
            Shard s = shard;
            if (s != null && --s.live == 0 && s.scope != null) {
                s.scope.cancel();
            }
        }

        void dispose() {
            disposed = true;
            Disposable d = cancelSignal;
            if (d != null) {
                d.dispose();
            }
        }
    }
}

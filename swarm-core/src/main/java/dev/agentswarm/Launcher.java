package dev.agentswarm;

import dev.agentswarm.event.SwarmEvent;
import dev.agentswarm.event.SwarmEventListener;
import dev.agentswarm.internal.bulkhead.FairBulkhead;
import dev.agentswarm.internal.bulkhead.Lane;
import dev.agentswarm.internal.orchestrator.OrchestratorLoop;
import dev.agentswarm.internal.resilience.ResilientModel;
import dev.agentswarm.internal.run.ResumeState;
import dev.agentswarm.internal.run.RunContext;
import dev.agentswarm.internal.run.SwarmSettings;
import dev.agentswarm.journal.Journal;
import dev.agentswarm.journal.JournalException;
import dev.agentswarm.journal.JournalOptions;
import dev.agentswarm.journal.JournalReader;
import dev.agentswarm.journal.JournalWriter;
import dev.agentswarm.model.BlockingSchedulers;
import dev.agentswarm.model.SwarmModel;
import dev.agentswarm.report.SwarmResult;
import dev.langchain4j.data.message.ImageContent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * Launches the runs of one swarm: opens what a run starts from (a fresh id, a new journal, or the journal of an
 * interrupted run), and creates the run's context and orchestrator loop, in one place. The public face is
 * {@link AgentSwarm}.
 *
 * <p>It also keeps the swarm's life: the runs in progress, and its shutdown. Each run gets a {@link Lane} (its priority
 * at the swarm's bulkheads), put with the swarm's task bulkhead into the Reactor context of the run. After
 * {@link #shutdown} begins, no run starts; runs still in progress after the grace period are cancelled (they end
 * {@code CANCELLED} with {@code RunFinished} last and their journals closed), and the thread pools the swarm made for
 * its models are released.
 */
final class Launcher {

    private static final Logger LOG = LoggerFactory.getLogger(Launcher.class);

    /** How long a shutdown waits for cancelled runs to record their end, after the grace period. */
    private static final Duration CANCEL_WAIT = Duration.ofSeconds(10);

    private final SwarmSettings settings;
    private final @Nullable FairBulkhead tasks;
    private final List<SwarmModel> ownModels;
    /** Fires when the grace period of a shutdown is over: every run still in progress is cancelled. */
    private final Sinks.Empty<Void> kill = Sinks.empty();

    private final Object life = new Object();
    /** Guarded by {@link #life}. */
    private boolean closed;
    /** Guarded by {@link #life}. */
    private int running;
    /** Guarded by {@link #life}. */
    private boolean released;

    Launcher(SwarmSettings settings, @Nullable FairBulkhead tasks, List<SwarmModel> ownModels) {
        this.settings = settings;
        this.tasks = tasks;
        this.ownModels = List.copyOf(ownModels);
    }

    /** @return the swarm's task bulkhead, or null without {@code maxTasksInFlight} */
    @Nullable
    FairBulkhead tasks() {
        return tasks;
    }

    /** @return whether a shutdown began */
    boolean isClosed() {
        synchronized (life) {
            return closed;
        }
    }

    /** @return the runs in progress */
    int runningRuns() {
        synchronized (life) {
            return running;
        }
    }

    /**
     * Counts a run in, unless the swarm is closed.
     *
     * @throws IllegalStateException if a shutdown began
     */
    private void admit() {
        synchronized (life) {
            if (closed) {
                throw new IllegalStateException(
                        "this AgentSwarm is closed (close() or shutdown() was called): it starts no more runs; build a"
                                + " new one");
            }
            running++;
        }
    }

    private void ended() {
        synchronized (life) {
            running--;
            life.notifyAll();
        }
    }

    /**
     * Stops accepting runs, waits up to the grace period for the runs in progress, cancels those still running, waits
     * for them to record their end, and releases the thread pools made for the swarm's models. Blocks.
     *
     * @param grace how long runs in progress may go on
     * @return whether every run ended on its own within the grace period
     */
    boolean shutdown(Duration grace) {
        synchronized (life) {
            closed = true;
        }
        boolean drained = awaitRuns(grace);
        if (!drained) {
            LOG.info(
                    "shutdown: cancelling {} runs still in progress after the grace period of {}",
                    runningRuns(),
                    grace);
            kill.tryEmitEmpty();
            if (!awaitRuns(CANCEL_WAIT)) {
                LOG.warn(
                        "shutdown: {} runs did not record their end within {} of being cancelled",
                        runningRuns(),
                        CANCEL_WAIT);
            }
        }
        synchronized (life) {
            if (released) {
                return drained;
            }
            released = true;
        }
        for (SwarmModel m : ownModels) {
            BlockingSchedulers.release(m instanceof ResilientModel r ? r.delegate() : m);
        }
        return drained;
    }

    private boolean awaitRuns(Duration timeout) {
        long deadline = System.nanoTime() + Math.max(0, saturatedNanos(timeout));
        synchronized (life) {
            while (running > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                try {
                    life.wait(Math.max(1, left / 1_000_000), 0);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return running == 0;
                }
            }
            return true;
        }
    }

    private static long saturatedNanos(Duration d) {
        try {
            return d.toNanos();
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE / 2;
        }
    }

    SwarmSettings settings() {
        return settings;
    }

    /**
     * A run ready to go: its context (for task cancellation), its result when subscribed, and what closes its journal
     * once it ended.
     */
    record Launched(RunContext ctx, Mono<SwarmResult> result, Runnable close) {}

    /** What a run starts from: its id, its task, what it reuses from a journal, and its journal, if any. */
    private record Opened(
            String runId,
            String task,
            ResumeState resume,
            @Nullable JournalWriter journal) {
        void close() {
            if (journal != null) {
                journal.close();
            }
        }
    }

    /** Each subscription is a new run; a journal is opened on subscription and closed when the run ends. */
    Mono<SwarmResult> execute(String task, RunOptions options) {
        return execute(task, List.of(), options);
    }

    /** As {@link #execute(String, RunOptions)}, with the images the user's task carries. */
    Mono<SwarmResult> execute(String task, List<ImageContent> images, RunOptions options) {
        if (options.isResume()) {
            // At once: a journal that cannot be resumed is rejected before anything opens it for writing.
            check(JournalReader.read(journalOf(options).path()), task);
        }
        Mono<SwarmResult> run = Mono.using(
                () -> open(task, options),
                opened -> Mono.defer(() -> launch(opened, images, options.listeners(), Mono.never(), options.priority())
                        .result()),
                Opened::close);
        // Counted in on subscription (refused once the swarm is closed), out when the run ended.
        return Mono.defer(() -> {
            admit();
            return run.doFinally(s -> ended());
        });
    }

    /** Opens the run's journal at once and starts the run. */
    SwarmRun start(String task, RunOptions options) {
        return start(task, List.of(), options);
    }

    /** As {@link #start(String, RunOptions)}, with the images the user's task carries. */
    SwarmRun start(String task, List<ImageContent> images, RunOptions options) {
        admit();
        Opened opened;
        try {
            opened = open(task, options);
        } catch (RuntimeException | Error e) {
            ended();
            throw e;
        }
        try {
            return SwarmRun.start(opened.runId(), (extra, cancel) -> {
                List<SwarmEventListener> all = new ArrayList<>(options.listeners());
                all.add(extra);
                Launched l = launch(opened, images, all, cancel, options.priority());
                return new Launched(l.ctx(), l.result().doFinally(s -> ended()), l.close());
            });
        } catch (RuntimeException | Error e) {
            opened.close();
            ended();
            throw e;
        }
    }

    /**
     * The one place a run's context and loop are made. The run is cancelled by its own signal or by the end of a
     * shutdown's grace period, and carries its lane (and the swarm's task bulkhead) in its Reactor context.
     */
    private Launched launch(
            Opened opened,
            List<ImageContent> images,
            List<SwarmEventListener> listeners,
            Mono<Void> cancel,
            int priority) {
        List<SwarmEventListener> extra = new ArrayList<>();
        if (opened.journal() != null) {
            extra.add(opened.journal());
        }
        extra.addAll(listeners);
        RunContext ctx = new RunContext(opened.runId(), settings, extra, opened.resume());
        Lane lane = new Lane(opened.runId(), priority);
        Mono<Void> cancelled = Mono.firstWithSignal(cancel, kill.asMono());
        Mono<SwarmResult> result = new OrchestratorLoop(ctx, opened.task(), images, cancelled)
                .run()
                .contextWrite(c -> lane.into(c, tasks));
        return new Launched(ctx, result, opened::close);
    }

    private Opened open(String task, RunOptions options) {
        JournalOptions journal = options.journalOptions();
        if (journal == null) {
            return new Opened(settings.time().runIds().get(), task, ResumeState.NONE, null);
        }
        if (!options.isResume()) {
            return new Opened(settings.time().runIds().get(), task, ResumeState.NONE, JournalWriter.create(journal));
        }
        // Lock, read and check again under the lock (the file may have changed), then append.
        AtomicReference<Resumable> loaded = new AtomicReference<>();
        JournalWriter writer = JournalWriter.reopen(journal, j -> loaded.set(load(j, task)));
        // reopen calls the reader under the lock before it returns, or throws.
        Resumable r = Objects.requireNonNull(loaded.get(), "the journal was read");
        return new Opened(r.started().runId(), r.started().task(), r.state(), writer);
    }

    private static JournalOptions journalOf(RunOptions options) {
        JournalOptions journal = options.journalOptions();
        if (journal == null) {
            throw new IllegalStateException("a resume has a journal");
        }
        return journal;
    }

    /** The journal of an interrupted run, read and checked; what a resume starts from. */
    record Resumable(SwarmEvent.RunStarted started, ResumeState state) {}

    /**
     * Checks that a journal holds a run of this task that can be continued, and collects what the resume reuses.
     *
     * @throws JournalException if it cannot be resumed
     */
    Resumable check(Journal journal, String task) {
        SwarmEvent.RunStarted started = journal.runStarted()
                .orElseThrow(() -> new JournalException("journal "
                        + journal.path() + " holds no complete run_started event ("
                        + journal.events().size()
                        + " complete events, " + journal.tornBytes()
                        + " bytes of an incomplete last line): there is no run "
                        + "to resume. Start the task afresh, with a new journal file."));
        if (!(journal.events().get(0) instanceof SwarmEvent.RunStarted)) {
            throw new JournalException("journal " + journal.path() + " does not begin with a run_started event but "
                    + "with " + journal.events().get(0).getClass().getSimpleName() + "; it is not a run journal");
        }
        for (SwarmEvent.RunStarted s : journal.eventsOf(SwarmEvent.RunStarted.class)) {
            if (!s.task().equals(started.task())) {
                throw new JournalException("journal " + journal.path() + " holds two different tasks for run "
                        + started.runId() + "; it cannot be resumed");
            }
        }
        // The journal holds the task as it was recorded, redacted.
        if (!settings.redactor().redact(task).equals(started.task())) {
            throw new JournalException("journal " + journal.path() + " holds run " + started.runId()
                    + " of another task; resume it with the task it was started with, or start this task with a new"
                    + " journal file");
        }
        return new Resumable(started, ResumeState.from(journal));
    }

    /** Checks the journal as read under its lock, just before the resume appends to it. */
    private Resumable load(Journal journal, String task) {
        Resumable r = check(journal, task);
        if (journal.hasTornTail()) {
            LOG.warn(
                    "journal {}: ignoring an incomplete last line of {} bytes (torn by a crash)",
                    journal.path(),
                    journal.tornBytes());
        }
        LOG.info(
                "resuming run {} from {}: {} complete events, reusing tasks {}",
                r.started().runId(),
                journal.path(),
                journal.events().size(),
                r.state().reusableTaskIds());
        return r;
    }
}

package dev.agentswarm;

import dev.agentswarm.event.SwarmEvent;
import dev.agentswarm.event.SwarmEventListener;
import dev.agentswarm.internal.orchestrator.OrchestratorLoop;
import dev.agentswarm.internal.run.ResumeState;
import dev.agentswarm.internal.run.RunContext;
import dev.agentswarm.internal.run.SwarmSettings;
import dev.agentswarm.journal.Journal;
import dev.agentswarm.journal.JournalException;
import dev.agentswarm.journal.JournalOptions;
import dev.agentswarm.journal.JournalReader;
import dev.agentswarm.journal.JournalWriter;
import dev.agentswarm.report.SwarmResult;
import dev.langchain4j.data.message.ImageContent;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * Launches the runs of one swarm: opens what a run starts from (a fresh id, a new journal, or the journal of an
 * interrupted run), and creates the run's context and orchestrator loop, in one place. The public face is
 * {@link AgentSwarm}.
 */
final class Launcher {

    private static final Logger LOG = LoggerFactory.getLogger(Launcher.class);

    private final SwarmSettings settings;

    Launcher(SwarmSettings settings) {
        this.settings = settings;
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
        return Mono.using(
                () -> open(task, options),
                opened -> Mono.defer(() -> launch(opened, images, options.listeners(), Mono.never())
                        .result()),
                Opened::close);
    }

    /** Opens the run's journal at once and starts the run. */
    SwarmRun start(String task, RunOptions options) {
        return start(task, List.of(), options);
    }

    /** As {@link #start(String, RunOptions)}, with the images the user's task carries. */
    SwarmRun start(String task, List<ImageContent> images, RunOptions options) {
        Opened opened = open(task, options);
        try {
            return SwarmRun.start(opened.runId(), (extra, cancel) -> {
                List<SwarmEventListener> all = new ArrayList<>(options.listeners());
                all.add(extra);
                return launch(opened, images, all, cancel);
            });
        } catch (RuntimeException | Error e) {
            opened.close();
            throw e;
        }
    }

    /** The one place a run's context and loop are made. */
    private Launched launch(
            Opened opened, List<ImageContent> images, List<SwarmEventListener> listeners, Mono<Void> cancel) {
        List<SwarmEventListener> extra = new ArrayList<>();
        if (opened.journal() != null) {
            extra.add(opened.journal());
        }
        extra.addAll(listeners);
        RunContext ctx = new RunContext(opened.runId(), settings, extra, opened.resume());
        return new Launched(ctx, new OrchestratorLoop(ctx, opened.task(), images, cancel).run(), opened::close);
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

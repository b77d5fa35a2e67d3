package dev.agentswarm;

import dev.agentswarm.event.SwarmEvent;
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
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/** Wires journaling and resume into runs; the public face is {@link AgentSwarm}. */
final class JournaledRuns {

    private static final Logger LOG = LoggerFactory.getLogger(JournaledRuns.class);

    private JournaledRuns() {}

    static Mono<SwarmResult> execute(SwarmSettings settings, String task, JournalOptions options) {
        return Mono.using(() -> JournalWriter.create(options),
                writer -> Mono.defer(() -> {
                    RunContext ctx = new RunContext(settings.runIds().get(), settings, List.of(writer));
                    return new OrchestratorLoop(ctx, task, Mono.never()).run();
                }),
                JournalWriter::close);
    }

    static SwarmRun start(SwarmSettings settings, String task, JournalOptions options) {
        JournalWriter writer = JournalWriter.create(options);
        try {
            return SwarmRun.start(settings, settings.runIds().get(), task, writer, ResumeState.NONE);
        } catch (RuntimeException | Error e) {
            writer.close();
            throw e;
        }
    }

    /** The journal of an interrupted run, read and checked; what a resume starts from. */
    record Resumable(SwarmEvent.RunStarted started, ResumeState state) {}

    /**
     * Checks that a journal holds a run that can be continued, and collects what the resume reuses.
     *
     * @throws JournalException if it cannot be resumed
     */
    static Resumable check(Journal journal) {
        SwarmEvent.RunStarted started = journal.runStarted().orElseThrow(() -> new JournalException("journal "
                + journal.path() + " holds no complete run_started event (" + journal.events().size()
                + " complete events, " + journal.tornBytes() + " bytes of an incomplete last line): there is no run "
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
        return new Resumable(started, ResumeState.from(journal));
    }

    /** Checks the journal as read under its lock, just before the resume appends to it. */
    private static Resumable load(Journal journal) {
        Resumable r = check(journal);
        if (journal.hasTornTail()) {
            LOG.warn("journal {}: ignoring an incomplete last line of {} bytes (torn by a crash)", journal.path(),
                    journal.tornBytes());
        }
        LOG.info("resuming run {} from {}: {} complete events, reusing tasks {}", r.started().runId(),
                journal.path(), journal.events().size(), r.state().reusableTaskIds());
        return r;
    }

    static Mono<SwarmResult> resume(SwarmSettings settings, JournalOptions options) {
        // At once: a journal that cannot be resumed is rejected before anything opens it for writing.
        check(JournalReader.read(options.path()));
        // On subscription: lock, read and check again under the lock (the file may have changed), then append.
        return Mono.defer(() -> {
            AtomicReference<Resumable> loaded = new AtomicReference<>();
            return Mono.using(() -> JournalWriter.reopen(options, journal -> loaded.set(load(journal))),
                    writer -> Mono.defer(() -> {
                        Resumable r = loaded.get();
                        RunContext ctx = new RunContext(r.started().runId(), settings, List.of(writer), r.state());
                        return new OrchestratorLoop(ctx, r.started().task(), Mono.never()).run();
                    }),
                    JournalWriter::close);
        });
    }

    static SwarmRun startResume(SwarmSettings settings, JournalOptions options) {
        AtomicReference<Resumable> loaded = new AtomicReference<>();
        JournalWriter writer = JournalWriter.reopen(options, journal -> loaded.set(load(journal)));
        try {
            Resumable r = loaded.get();
            return SwarmRun.start(settings, r.started().runId(), r.started().task(), writer, r.state());
        } catch (RuntimeException | Error e) {
            writer.close();
            throw e;
        }
    }
}

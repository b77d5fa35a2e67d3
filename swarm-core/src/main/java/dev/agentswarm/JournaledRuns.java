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
        return SwarmRun.start(settings, settings.runIds().get(), task, writer, ResumeState.NONE);
    }

    /** The journal of an interrupted run, read and checked; what a resume starts from. */
    record Resumable(Journal journal, SwarmEvent.RunStarted started, ResumeState state) {}

    static Resumable load(JournalOptions options) {
        Journal journal = JournalReader.read(options.path());
        SwarmEvent.RunStarted started = journal.runStarted().orElseThrow(() -> new JournalException("journal "
                + options.path() + " holds no complete run_started event (" + journal.events().size()
                + " complete events, " + journal.tornBytes() + " bytes of an incomplete last line): there is no run "
                + "to resume. Start the task afresh."));
        if (!(journal.events().get(0) instanceof SwarmEvent.RunStarted)) {
            throw new JournalException("journal " + options.path() + " does not begin with a run_started event but "
                    + "with " + journal.events().get(0).getClass().getSimpleName() + "; it is not a run journal");
        }
        for (SwarmEvent.RunStarted s : journal.eventsOf(SwarmEvent.RunStarted.class)) {
            if (!s.task().equals(started.task())) {
                throw new JournalException("journal " + options.path() + " holds two different tasks for run "
                        + started.runId() + "; it cannot be resumed");
            }
        }
        ResumeState state = ResumeState.from(journal);
        if (journal.hasTornTail()) {
            LOG.warn("journal {}: ignoring an incomplete last line of {} bytes (torn by a crash)", options.path(),
                    journal.tornBytes());
        }
        LOG.info("resuming run {} from {}: {} complete events, reusing tasks {}", started.runId(), options.path(),
                journal.events().size(), state.reusableTaskIds());
        return new Resumable(journal, started, state);
    }

    static Mono<SwarmResult> resume(SwarmSettings settings, JournalOptions options) {
        Resumable r = load(options);
        return Mono.using(() -> JournalWriter.append(options, r.journal().validLength()),
                writer -> Mono.defer(() -> {
                    RunContext ctx = new RunContext(r.started().runId(), settings, List.of(writer), r.state());
                    return new OrchestratorLoop(ctx, r.started().task(), Mono.never()).run();
                }),
                JournalWriter::close);
    }

    static SwarmRun startResume(SwarmSettings settings, JournalOptions options) {
        Resumable r = load(options);
        JournalWriter writer = JournalWriter.append(options, r.journal().validLength());
        return SwarmRun.start(settings, r.started().runId(), r.started().task(), writer, r.state());
    }
}

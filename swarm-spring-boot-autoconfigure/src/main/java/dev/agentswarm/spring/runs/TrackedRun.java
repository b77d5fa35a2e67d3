package dev.agentswarm.spring.runs;

import dev.agentswarm.SwarmRun;
import dev.agentswarm.event.SwarmEvent;
import dev.agentswarm.journal.JournalException;
import dev.agentswarm.journal.JournalReader;
import dev.agentswarm.report.SwarmResult;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;

/**
 * A run started through {@link SwarmRuns}: its progress while it runs, its result once it ended, and its events with
 * their sequence numbers. A journaled run's events are read from its journal once it ended (or when a client resumes
 * after an event), so that the finished run holds only its result in memory; a run without a journal keeps every
 * event in memory for as long as it is kept.
 */
public final class TrackedRun {

    private static final Logger LOG = LoggerFactory.getLogger(TrackedRun.class);

    private final String runId;
    private final Instant startedAt;
    private final @Nullable Path journal;
    private final Progress progress;
    private volatile @Nullable SwarmRun run;
    private volatile @Nullable SwarmResult result;
    private volatile @Nullable Instant finishedAt;

    TrackedRun(SwarmRun run, Instant startedAt, @Nullable Path journal, Progress progress) {
        this.runId = run.runId();
        this.run = run;
        this.startedAt = startedAt;
        this.journal = journal;
        this.progress = progress;
    }

    /** Records the end of the run; a journaled run lets go of its in-memory events. */
    void finished(SwarmResult result, Instant at) {
        this.result = result;
        this.finishedAt = at;
        if (journal != null) {
            run = null;
        }
    }

    /** @return the run's id */
    public String runId() {
        return runId;
    }

    /** @return when the run was started */
    public Instant startedAt() {
        return startedAt;
    }

    /** @return when the run ended, if it did */
    public Optional<Instant> finishedAt() {
        return Optional.ofNullable(finishedAt);
    }

    /** @return the run's journal, if it has one */
    public Optional<Path> journal() {
        return Optional.ofNullable(journal);
    }

    /** @return the result, once the run has ended */
    public Optional<SwarmResult> result() {
        return Optional.ofNullable(result);
    }

    /** @return whether the run has ended */
    public boolean isDone() {
        return result != null;
    }

    /** @return the stage in progress or last run, or -1 before the first */
    public int stage() {
        return progress.stage();
    }

    /** @return the tasks running now */
    public int tasksRunning() {
        return progress.running();
    }

    /** @return the tasks assigned and waiting for their turn */
    public int tasksQueued() {
        return progress.queued();
    }

    /** @return the tokens (input and output) the run's model calls used so far */
    public long tokens() {
        return progress.tokens();
    }

    /**
     * Cancels the run, which keeps what it completed.
     *
     * @return false when the run had already ended
     */
    public boolean cancel() {
        SwarmRun live = run;
        if (live == null || isDone()) {
            return false;
        }
        live.cancel();
        return true;
    }

    /**
     * The run's events after a sequence number, then the live ones until the run ends. With {@code after > 0} and a
     * journal, the events are read from the journal, then followed live; without a journal, from the run's events in
     * memory.
     *
     * @param after the sequence number of the last event the caller has, 0 for all
     * @return the events, each with its sequence number
     */
    public Flux<SequencedEvent> events(long after) {
        return Flux.defer(() -> {
            SwarmRun live = run;
            Path file = journal;
            if (file != null && (live == null || after > 0)) {
                List<SwarmEvent> written;
                try {
                    written = JournalReader.read(file).events();
                } catch (JournalException | UncheckedIOException e) {
                    if (live == null) {
                        return Flux.error(e);
                    }
                    LOG.warn("run {}: cannot read its journal {}, resuming from memory: {}", runId, file, e.toString());
                    return sequenced(live.events(), 0).skip(after);
                }
                Flux<SequencedEvent> fromJournal =
                        sequenced(Flux.fromIterable(written), 0).skip(after);
                if (live == null || written.stream().anyMatch(e -> e instanceof SwarmEvent.RunFinished)) {
                    return fromJournal;
                }
                long next = Math.max(after, written.size());
                return fromJournal.concatWith(sequenced(live.events(), 0).skip(next));
            }
            if (live == null) {
                return Flux.empty();
            }
            return sequenced(live.events(), 0).skip(after);
        });
    }

    private static Flux<SequencedEvent> sequenced(Flux<SwarmEvent> events, long offset) {
        return events.index((i, e) -> new SequencedEvent(offset + i + 1, e));
    }
}

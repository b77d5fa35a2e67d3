package dev.agentswarm.spring.runs;

import dev.agentswarm.AgentSwarm;
import dev.agentswarm.RunOptions;
import dev.agentswarm.SwarmRun;
import dev.agentswarm.journal.FsyncPolicy;
import dev.agentswarm.journal.JournalException;
import dev.agentswarm.journal.JournalOptions;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * The runs started through the starter (its web endpoints, or the application): each is kept while it runs, and
 * after it ended among the last {@code retainedRuns} finished ones for at most {@code retention}. Thread-safe.
 */
public final class SwarmRuns {

    /** Why a run was not started. */
    public enum Refusal {
        /** The task is empty or blank. */
        EMPTY_TASK,
        /** The task is longer than allowed. */
        TASK_TOO_LONG,
        /** The runs started so far used every token allowed to them together. */
        BUDGET_EXHAUSTED,
        /** The swarm is closed. */
        SWARM_CLOSED,
        /** The run's journal could not be created. */
        JOURNAL
    }

    /** The outcome of {@link #start(String)}: the run, or why there is none. */
    public sealed interface Start {}

    /**
     * A run was started.
     *
     * @param run the run
     */
    public record Started(TrackedRun run) implements Start {}

    /**
     * No run was started.
     *
     * @param refusal why, as a value
     * @param message why, in words
     */
    public record Refused(Refusal refusal, String message) implements Start {}

    private final AgentSwarm swarm;
    private final @Nullable Path journalFolder;
    private final FsyncPolicy fsync;
    private final int retainedRuns;
    private final Duration retention;
    private final int maxTaskChars;
    private final @Nullable Long maxTotalTokens;
    private final Clock clock;
    private final AtomicLong tokensUsed = new AtomicLong();
    private final Map<String, TrackedRun> runs = new ConcurrentHashMap<>();
    private final Deque<TrackedRun> finished = new ConcurrentLinkedDeque<>();

    /**
     * @param swarm the swarm the runs run on
     * @param journalFolder where each run is journaled, as {@code <random id>.jsonl}; null: no journal
     * @param fsync the journals' fsync policy
     * @param retainedRuns how many finished runs are kept
     * @param retention how long a finished run is kept
     * @param maxTaskChars the longest task accepted
     * @param maxTotalTokens the tokens all runs together may use before starting one is refused; null: no cap
     * @param clock tells when runs start and end, for {@code retention}
     */
    public SwarmRuns(
            AgentSwarm swarm,
            @Nullable Path journalFolder,
            FsyncPolicy fsync,
            int retainedRuns,
            Duration retention,
            int maxTaskChars,
            @Nullable Long maxTotalTokens,
            Clock clock) {
        this.swarm = Objects.requireNonNull(swarm, "swarm");
        this.journalFolder = journalFolder;
        this.fsync = Objects.requireNonNull(fsync, "fsync");
        this.retainedRuns = retainedRuns;
        this.retention = Objects.requireNonNull(retention, "retention");
        this.maxTaskChars = maxTaskChars;
        this.maxTotalTokens = maxTotalTokens;
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Starts a run, unless the task is empty or too long, the token allowance is used up, or the swarm is closed.
     *
     * @param task the user's task
     * @return the run, or the refusal as a value
     */
    public Start start(@Nullable String task) {
        evict();
        if (task == null || task.isBlank()) {
            return new Refused(Refusal.EMPTY_TASK, "the task is empty: give the swarm something to do");
        }
        if (task.length() > maxTaskChars) {
            return new Refused(
                    Refusal.TASK_TOO_LONG,
                    "the task has " + task.length() + " characters, more than the " + maxTaskChars
                            + " allowed (agent-swarm.runs.max-task-chars)");
        }
        Long cap = maxTotalTokens;
        long used = tokensUsed.get();
        if (cap != null && used >= cap) {
            return new Refused(
                    Refusal.BUDGET_EXHAUSTED,
                    "the token budget of the runs is exhausted: " + used + " of " + cap
                            + " tokens used (agent-swarm.runs.max-total-tokens)");
        }
        Progress progress = new Progress(tokensUsed);
        RunOptions options = RunOptions.defaults().withListener(progress);
        Path journal = null;
        if (journalFolder != null) {
            journal = journalFolder.resolve(UUID.randomUUID() + ".jsonl");
            options = options.withJournal(new JournalOptions(journal, fsync));
        }
        SwarmRun run;
        try {
            run = swarm.start(task, options);
        } catch (JournalException e) {
            return new Refused(Refusal.JOURNAL, swarm.redactor().describe(e));
        } catch (IllegalStateException e) {
            if (swarm.isClosed()) {
                return new Refused(Refusal.SWARM_CLOSED, "the swarm is closed: the application is shutting down");
            }
            throw e;
        }
        TrackedRun tracked = new TrackedRun(run, clock.instant(), journal, progress);
        runs.put(tracked.runId(), tracked);
        run.result().subscribe(result -> ended(tracked, result), error -> {});
        return new Started(tracked);
    }

    private void ended(TrackedRun run, dev.agentswarm.report.SwarmResult result) {
        run.finished(swarm.redactor().redact(result), clock.instant());
        finished.addLast(run);
        evict();
    }

    /**
     * @param runId a run's id
     * @return the run, if it is in progress or among the finished ones kept
     */
    public Optional<TrackedRun> find(String runId) {
        evict();
        return Optional.ofNullable(runs.get(runId));
    }

    /** @return the runs in progress, oldest first */
    public List<TrackedRun> inFlight() {
        List<TrackedRun> list = new ArrayList<>();
        for (TrackedRun run : runs.values()) {
            if (!run.isDone()) {
                list.add(run);
            }
        }
        list.sort((a, b) -> a.startedAt().compareTo(b.startedAt()));
        return list;
    }

    /** @return the tokens every run started here used so far, together */
    public long tokensUsed() {
        return tokensUsed.get();
    }

    /** @return the swarm the runs run on */
    public AgentSwarm swarm() {
        return swarm;
    }

    private void evict() {
        Instant oldest = clock.instant().minus(retention);
        while (true) {
            TrackedRun first = finished.peekFirst();
            if (first == null) {
                return;
            }
            Instant end = first.finishedAt().orElse(Instant.MAX);
            if (finished.size() <= retainedRuns && !end.isBefore(oldest)) {
                return;
            }
            if (finished.remove(first)) {
                runs.remove(first.runId(), first);
            }
        }
    }
}

package dev.agentswarm;

import dev.agentswarm.event.SwarmEventListener;
import dev.agentswarm.journal.JournalOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * How one run of an {@link AgentSwarm} is made: whether it is journaled, whether it resumes an interrupted run from
 * its journal, which listeners see its events besides the swarm's own, and its priority at the swarm's bulkheads.
 * Immutable; every {@code with} method returns a copy.
 *
 * <pre>{@code
 * swarm.run(task, RunOptions.journal(JournalOptions.of(path)));      // journal a new run
 * swarm.run(task, RunOptions.resume(JournalOptions.of(path)));       // continue it after a crash
 * swarm.start(task, RunOptions.defaults().withListener(progress));   // one more listener for this run
 * swarm.start(task, RunOptions.defaults().withPriority(30));         // three times the default share
 * }</pre>
 */
public final class RunOptions {

    /** The lowest priority: a tenth of the default share. */
    public static final int MIN_PRIORITY = 1;

    /** The highest priority: ten times the default share. */
    public static final int MAX_PRIORITY = 100;

    /** The priority of a run that sets none. */
    public static final int DEFAULT_PRIORITY = 10;

    private static final RunOptions DEFAULTS = new RunOptions(null, false, List.of(), DEFAULT_PRIORITY);

    private final @Nullable JournalOptions journal;
    private final boolean resume;
    private final List<SwarmEventListener> listeners;
    private final int priority;

    private RunOptions(
            @Nullable JournalOptions journal, boolean resume, List<SwarmEventListener> listeners, int priority) {
        this.journal = journal;
        this.resume = resume;
        this.listeners = List.copyOf(listeners);
        this.priority = priority;
    }

    /** @return options of a plain run: no journal, no extra listener */
    public static RunOptions defaults() {
        return DEFAULTS;
    }

    /**
     * A new run that journals every event to a JSONL file: a finished task's result and every orchestrator turn are
     * written, and forced to disk per the {@link dev.agentswarm.journal.FsyncPolicy}, before the orchestrator
     * consumes them. The file is created exclusively and locked when the run starts, and released when it ends.
     *
     * @param journal the journal file, which must not exist yet, and its fsync policy
     * @return the options
     */
    public static RunOptions journal(JournalOptions journal) {
        return DEFAULTS.withJournal(journal);
    }

    /**
     * A run that continues an interrupted one from its journal, with the same run id, appending to the same file.
     * The journal is read and checked when the run is asked for; a torn last line is ignored (and cut off before
     * appending), corruption before it is rejected. Orchestrator turns in the journal are not sent to the model
     * again, subagents are defined again from them, and tasks whose result is journaled with a final status
     * ({@code COMPLETED}, {@code STEP_LIMIT}, {@code FAILED}) are not run again; only unfinished work runs. The swarm
     * must be configured as the interrupted one was (models, prompts, tools), and the task must be the journaled
     * one. Resuming a run that had finished replays it without any model call.
     *
     * @param journal the journal of the interrupted run and the fsync policy of what is appended
     * @return the options
     */
    public static RunOptions resume(JournalOptions journal) {
        return DEFAULTS.withResume(journal);
    }

    /**
     * @param journal the journal file of a new run, which must not exist yet; see {@link #journal(JournalOptions)}
     * @return a copy that journals a new run (and no longer resumes)
     */
    public RunOptions withJournal(JournalOptions journal) {
        return new RunOptions(Objects.requireNonNull(journal, "journal"), false, listeners, priority);
    }

    /**
     * @param journal the journal of the interrupted run; see {@link #resume(JournalOptions)}
     * @return a copy that resumes from that journal
     */
    public RunOptions withResume(JournalOptions journal) {
        return new RunOptions(Objects.requireNonNull(journal, "journal"), true, listeners, priority);
    }

    /**
     * @param listener one more listener of this run's events, after the swarm's own and the journal; must not block
     * @return a copy with the listener added
     */
    public RunOptions withListener(SwarmEventListener listener) {
        List<SwarmEventListener> more = new ArrayList<>(listeners);
        more.add(Objects.requireNonNull(listener, "listener"));
        return new RunOptions(journal, resume, more, priority);
    }

    /**
     * Sets the run's priority at the swarm-wide bulkheads ({@code AgentSwarm.Builder.maxTasksInFlight},
     * {@code ModelPolicy.maxCallsInFlight}). When places are contended, a freed place goes to the waiting run that
     * holds the fewest places for its priority, so each run's share of the places is proportional to its priority
     * (a run of priority 20 gets twice the places of one of priority 10); runs of equal priority take turns
     * (round-robin), and a run that holds no place is served first. Without a bulkhead the priority has no effect.
     *
     * @param priority from {@value #MIN_PRIORITY} to {@value #MAX_PRIORITY}; {@value #DEFAULT_PRIORITY} by default
     * @return a copy with the priority
     * @throws IllegalArgumentException if out of range
     */
    public RunOptions withPriority(int priority) {
        if (priority < MIN_PRIORITY || priority > MAX_PRIORITY) {
            throw new IllegalArgumentException("priority must be from " + MIN_PRIORITY + " to " + MAX_PRIORITY
                    + " (default " + DEFAULT_PRIORITY + "), got " + priority);
        }
        return new RunOptions(journal, resume, listeners, priority);
    }

    /** @return the run's priority at the swarm's bulkheads, from {@value #MIN_PRIORITY} to {@value #MAX_PRIORITY} */
    public int priority() {
        return priority;
    }

    /** @return the journal of the run (new or resumed), or null when the run is not journaled */
    public @Nullable JournalOptions journalOptions() {
        return journal;
    }

    /** @return whether the run resumes an interrupted run from {@link #journalOptions()} */
    public boolean isResume() {
        return resume;
    }

    /** @return the listeners of this run only, in order */
    public List<SwarmEventListener> listeners() {
        return listeners;
    }

    @Override
    public String toString() {
        return "RunOptions[" + (journal == null ? "no journal" : (resume ? "resume " : "journal ") + journal.path())
                + ", " + listeners.size() + " listeners, priority " + priority + "]";
    }
}

package dev.agentswarm.internal.run;

import dev.agentswarm.event.SwarmEvent;
import dev.agentswarm.event.SwarmEventListener;
import dev.agentswarm.journal.JournalWriter;
import dev.agentswarm.report.SwarmResult;
import dev.agentswarm.report.TokenUsage;
import dev.agentswarm.security.Redactor;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The explicit context of one run: its id, its settings, its clock and event listeners, and the thread-safe
 * counters every component adds to.
 */
public final class RunContext {

    private static final Logger LOG = LoggerFactory.getLogger(RunContext.class);

    private final String runId;
    private final SwarmSettings settings;
    private final List<SwarmEventListener> listeners;
    private final Map<String, LongAdder[]> tokens = new ConcurrentHashMap<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger peakInFlight = new AtomicInteger();
    private final List<String> limitsHit = Collections.synchronizedList(new ArrayList<>());
    private final ResumeState resume;
    private final TaskCancellations cancellations = new TaskCancellations();
    private final Redactor redactor;

    /**
     * Creates the context of a run.
     *
     * @param runId the run id
     * @param settings the swarm's settings
     * @param extraListeners listeners of this run only, after the swarm's own
     */
    public RunContext(String runId, SwarmSettings settings, List<SwarmEventListener> extraListeners) {
        this(runId, settings, extraListeners, ResumeState.NONE);
    }

    /**
     * Creates the context of a run that resumes an interrupted one.
     *
     * @param runId the run id, the interrupted run's
     * @param settings the swarm's settings
     * @param extraListeners listeners of this run only, after the swarm's own
     * @param resume what the journal lets this run reuse
     */
    public RunContext(String runId, SwarmSettings settings, List<SwarmEventListener> extraListeners,
            ResumeState resume) {
        this.resume = resume;
        this.runId = runId;
        this.settings = settings;
        List<SwarmEventListener> all = new ArrayList<>(settings.listeners());
        all.addAll(extraListeners);
        this.listeners = List.copyOf(all);
        this.redactor = settings.redactor();
        for (SwarmEventListener l : listeners) {
            if (l instanceof JournalWriter journal) {
                // Defense in depth: the journal redacts each line again, with this swarm's secrets.
                journal.redactingWith(redactor);
            }
        }
    }

    /** @return what this run redacts from every text it records, emits, journals or logs */
    public Redactor redactor() {
        return redactor;
    }

    /**
     * @param text a text to record, emit or log
     * @return it without secrets
     */
    public String redact(String text) {
        return redactor.redact(text);
    }

    /**
     * @param result the run's result
     * @return it without secrets in any of its texts
     */
    public SwarmResult redact(SwarmResult result) {
        return redactor.redact(result);
    }

    /** @return the run id */
    public String runId() {
        return runId;
    }

    /** @return what this run reuses from a journal; {@link ResumeState#NONE} for a fresh run */
    public ResumeState resume() {
        return resume;
    }

    /** @return the settings */
    public SwarmSettings settings() {
        return settings;
    }

    /** @return the current time, from the injected clock */
    public Instant now() {
        return settings.clock().instant();
    }

    /**
     * @param since an earlier instant of this run's clock
     * @return the time elapsed since then, never negative
     */
    public Duration since(Instant since) {
        Duration d = Duration.between(since, now());
        return d.isNegative() ? Duration.ZERO : d;
    }

    /** @return whether anybody listens to events; lets hot paths skip building them */
    public boolean hasListeners() {
        return !listeners.isEmpty();
    }

    /**
     * Hands an event, its texts redacted, to every listener; a listener's exception is logged (redacted) and ignored.
     *
     * @param event the event
     */
    public void emit(SwarmEvent event) {
        if (listeners.isEmpty()) {
            return;
        }
        SwarmEvent safe = redactor.redact(event);
        for (SwarmEventListener l : listeners) {
            try {
                l.onEvent(safe);
            } catch (RuntimeException e) {
                LOG.warn("event listener {} failed on {}; the run goes on", l, safe.getClass().getSimpleName(),
                        RedactedFailure.copy(redactor, e));
            }
        }
    }

    /**
     * A failure as it may be logged: the same stack traces, with every message, down the causes, redacted.
     */
    static final class RedactedFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        private RedactedFailure(String message, @Nullable Throwable cause) {
            super(message, cause, true, true);
        }

        /**
         * @param redactor what to redact
         * @param error a failure
         * @return a copy of it to log
         */
        static Throwable copy(Redactor redactor, Throwable error) {
            return copy(redactor, error, 0);
        }

        private static Throwable copy(Redactor redactor, Throwable error, int depth) {
            String msg = error.getMessage();
            Throwable cause = error.getCause();
            RedactedFailure copy = new RedactedFailure(
                    error.getClass().getName() + (msg == null ? "" : ": " + redactor.redact(msg)),
                    cause == null || cause == error || depth >= 8 ? null : copy(redactor, cause, depth + 1));
            copy.setStackTrace(error.getStackTrace());
            if (depth < 8) {
                for (Throwable s : error.getSuppressed()) {
                    copy.addSuppressed(copy(redactor, s, depth + 1));
                }
            }
            return copy;
        }

        @Override
        public String toString() {
            String msg = getMessage();
            return msg == null ? getClass().getName() : msg;
        }
    }

    /**
     * Counts tokens against a model.
     *
     * @param model the model name
     * @param usage the tokens
     */
    public void addTokens(String model, TokenUsage usage) {
        LongAdder[] a = tokens.computeIfAbsent(model, k -> new LongAdder[] {new LongAdder(), new LongAdder()});
        a[0].add(usage.input());
        a[1].add(usage.output());
    }

    /** @return the tokens counted so far, per model, sorted by name */
    public Map<String, TokenUsage> tokensByModel() {
        Map<String, TokenUsage> out = new TreeMap<>();
        tokens.forEach((k, v) -> out.put(k, new TokenUsage(v[0].sum(), v[1].sum())));
        return out;
    }

    /** @return the tokens counted so far, all models together */
    public TokenUsage totalTokens() {
        long in = 0;
        long out = 0;
        for (LongAdder[] a : tokens.values()) {
            in += a[0].sum();
            out += a[1].sum();
        }
        return new TokenUsage(in, out);
    }

    /** Marks a task as running, for peak concurrency. */
    public void taskStarted() {
        int now = inFlight.incrementAndGet();
        peakInFlight.accumulateAndGet(now, Math::max);
    }

    /** Marks a task as no longer running. */
    public void taskEnded() {
        inFlight.decrementAndGet();
    }

    /** @return the most tasks that ran at the same moment */
    public int peakConcurrency() {
        return peakInFlight.get();
    }

    /** @return how many tasks are running now */
    public int inFlight() {
        return inFlight.get();
    }

    /**
     * Records a limit or budget hit for the report.
     *
     * @param line what was hit and what it stopped
     */
    public void limitHit(String line) {
        limitsHit.add(line);
    }

    /** @return the limit hits so far, in order */
    public List<String> limitsHit() {
        synchronized (limitsHit) {
            return List.copyOf(limitsHit);
        }
    }

    /** @return the cancellation switches of this run's tasks */
    public TaskCancellations cancellations() {
        return cancellations;
    }
}

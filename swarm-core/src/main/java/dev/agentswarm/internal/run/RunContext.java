package dev.agentswarm.internal.run;

import dev.agentswarm.event.SwarmEvent;
import dev.agentswarm.event.SwarmEventListener;
import dev.agentswarm.journal.JournalWriter;
import dev.agentswarm.report.SwarmResult;
import dev.agentswarm.report.TokenUsage;
import dev.agentswarm.security.Redactor;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The explicit context of one run: its id, its settings, its clock and event listeners, and the thread-safe
 * counters every component adds to.
 *
 * <p><b>One lock per run.</b> Every mutation of a run's state (the orchestrator's stages, its open stage, its outcome)
 * runs in {@link #serialized} sections, and every event is delivered to the listeners under the same lock, one at a
 * time. An event emitted inside a section (or by a listener, while an event is being delivered) is queued and
 * delivered, in order, when the outermost section ends, before it returns; an event emitted outside any section is
 * delivered before {@link #emit} returns. So a stage closed by the loop and the run ended by {@code cancel()} or a
 * timeout on another thread never interleave, and listeners see events in one order. Once {@code RunFinished} is
 * delivered, later events (a blocking model call that returns after the run was cancelled) are dropped:
 * {@code RunFinished} is always a run's last event.
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
    private final Object lock = new Object();
    /** Sections and deliveries in progress on the thread that holds the lock; guarded by {@link #lock}. */
    private int depth;
    /** Events emitted inside a section or a delivery, waiting for the outermost to end; guarded by {@link #lock}. */
    private final ArrayDeque<SwarmEvent> pending = new ArrayDeque<>();
    /** Actions waiting for the queued events to be delivered; guarded by {@link #lock}. */
    private final ArrayDeque<Runnable> afterDelivery = new ArrayDeque<>();
    /** Whether RunFinished was delivered; guarded by {@link #lock}. */
    private boolean finished;

    private static final Runnable[] NO_ACTIONS = new Runnable[0];
    private volatile Meter meter = Meter.NONE;

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
    public RunContext(
            String runId, SwarmSettings settings, List<SwarmEventListener> extraListeners, ResumeState resume) {
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
        return settings.time().clock().instant();
    }

    /**
     * @return now on this run's clock, in milliseconds since the epoch; makes no {@code Instant}
     */
    public long nowMillis() {
        return settings.time().clock().millis();
    }

    /**
     * @param since an earlier instant of this run's clock
     * @return the time elapsed since then, never negative
     */
    public Duration since(Instant since) {
        Duration d = Duration.between(since, now());
        return d.isNegative() ? Duration.ZERO : d;
    }

    /**
     * The origin header of an event that happens now.
     *
     * @param stage the stage index, or {@code -1} outside a stage
     * @param taskId the task id, or null outside a task
     * @param parentId the id of the enclosing unit: a task id, a stage id or the run id
     * @return the header, with this run's id and the current time
     */
    public SwarmEvent.Origin origin(int stage, @Nullable String taskId, String parentId) {
        return new SwarmEvent.Origin(runId, stage, taskId, parentId, now());
    }

    /**
     * The origin header of an event that happened at a given time.
     *
     * @param stage the stage index, or {@code -1} outside a stage
     * @param taskId the task id, or null outside a task
     * @param parentId the id of the enclosing unit
     * @param at when it happened
     * @return the header, with this run's id
     */
    public SwarmEvent.Origin origin(int stage, @Nullable String taskId, String parentId, Instant at) {
        return new SwarmEvent.Origin(runId, stage, taskId, parentId, at);
    }

    /**
     * @return this run's listeners, the swarm's then the run's own; read by {@code TaskRunner.of} to find a
     *     {@code TaskRunner.Decorator} among them
     */
    public List<SwarmEventListener> listeners() {
        return listeners;
    }

    /** @return whether anybody listens to events; lets hot paths skip building them */
    public boolean hasListeners() {
        return !listeners.isEmpty();
    }

    /**
     * Hands an event, its texts redacted, to every listener, under the run's lock; a listener's exception is logged
     * (redacted) and ignored. Inside a {@link #serialized} section, or from a listener, the event is delivered when
     * the outermost section or delivery ends. After {@code RunFinished} was delivered, the event is dropped.
     *
     * @param event the event
     */
    public void emit(SwarmEvent event) {
        if (listeners.isEmpty()) {
            return;
        }
        Runnable[] after = NO_ACTIONS;
        try {
            synchronized (lock) {
                if (depth > 0) {
                    pending.add(event);
                    return;
                }
                depth++;
                try {
                    deliver(event);
                } finally {
                    depth--;
                    after = drain();
                }
            }
        } finally {
            runAll(after);
        }
    }

    /**
     * Runs an action that reads or changes the run's state under the run's lock; events it emits are delivered, in
     * order, when the outermost section ends. Sections nest. Never block inside one, and never subscribe to work that
     * may run long: build the work inside, subscribe to it after.
     *
     * @param action the action
     * @param <T> what it returns
     * @return what the action returned
     */
    public <T> T serialized(Supplier<T> action) {
        Runnable[] after = NO_ACTIONS;
        try {
            synchronized (lock) {
                depth++;
                try {
                    return action.get();
                } finally {
                    depth--;
                    after = drain();
                }
            }
        } finally {
            runAll(after);
        }
    }

    /**
     * Runs an action under the run's lock; see {@link #serialized(Supplier)}.
     *
     * @param action the action
     */
    public void serialized(Runnable action) {
        serialized(() -> {
            action.run();
            return null;
        });
    }

    /**
     * Runs an action once every event emitted so far has been delivered: at once, unless this thread is inside a
     * section or a delivery, in which case it runs right after the outermost one ended and its events were delivered
     * (outside the lock). The run hands on its result this way, so that a journal is closed and an event stream
     * completed only after {@code RunFinished} reached them, even when a listener ended the run.
     *
     * @param action the action
     */
    public void whenDelivered(Runnable action) {
        synchronized (lock) {
            if (depth > 0) {
                afterDelivery.add(action);
                return;
            }
        }
        action.run();
    }

    /**
     * Delivers queued events once the outermost section or delivery has ended; holds the lock.
     *
     * @return the actions to run, outside the lock, now that every queued event was delivered
     */
    private Runnable[] drain() {
        if (depth > 0) {
            return NO_ACTIONS;
        }
        SwarmEvent next;
        while ((next = pending.poll()) != null) {
            depth++;
            try {
                deliver(next);
            } finally {
                depth--;
            }
        }
        if (afterDelivery.isEmpty()) {
            return NO_ACTIONS;
        }
        Runnable[] out = afterDelivery.toArray(NO_ACTIONS);
        afterDelivery.clear();
        return out;
    }

    private static void runAll(Runnable[] actions) {
        for (Runnable a : actions) {
            a.run();
        }
    }

    /** Hands one event to every listener; holds the lock. */
    private void deliver(SwarmEvent event) {
        if (finished) {
            LOG.debug(
                    "run {}: dropped {} emitted after the run finished",
                    runId,
                    event.getClass().getSimpleName());
            return;
        }
        if (event instanceof SwarmEvent.RunFinished) {
            finished = true;
        }
        SwarmEvent safe = redactor.redact(event);
        for (SwarmEventListener l : listeners) {
            try {
                l.onEvent(safe);
            } catch (RuntimeException e) {
                LOG.warn(
                        "event listener {} failed on {}; the run goes on",
                        l,
                        safe.getClass().getSimpleName(),
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

        // The copy prints as the original did ("java.io.IOException: <redacted message>"), in stack traces too; the
        // message already carries the original class name, so toString, not getMessage, is what must change.
        @SuppressWarnings("OverrideThrowableToString")
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
        meter.counted();
    }

    /**
     * Watches this run's token counts: told after every {@link #addTokens} (model calls, summaries written by context
     * policies, replayed work of a resumed run), and asked before work that calls a model. The budget guard.
     */
    public interface Meter {

        /** Watches nothing and refuses nothing. */
        Meter NONE = new Meter() {
            @Override
            public void counted() {}

            @Override
            public @Nullable String refusal() {
                return null;
            }

            @Override
            public void settle() {}
        };

        /** Told after tokens were added to the run's counts, on the thread that added them. */
        void counted();

        /** @return why new model calls are refused now, or null when they may start */
        @Nullable
        String refusal();

        /** Told after a model call that is not metered on its own (a summary) ended and its result was handed on. */
        void settle();
    }

    /**
     * Installs the meter of this run; call once, before the run starts.
     *
     * @param meter the meter
     */
    public void meter(Meter meter) {
        this.meter = java.util.Objects.requireNonNull(meter, "meter");
    }

    /** @return the meter of this run; {@link Meter#NONE} unless one was installed */
    public Meter meter() {
        return meter;
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
        // Written only when it grows: a start below the peak leaves its cache line alone.
        int peak;
        while (now > (peak = peakInFlight.get()) && !peakInFlight.compareAndSet(peak, now)) {
            // another start raised it meanwhile: compare again
        }
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

package dev.agentswarm.observability;

import dev.agentswarm.event.SwarmEvent;
import dev.agentswarm.event.SwarmEventListener;
import dev.agentswarm.journal.Journal;
import dev.agentswarm.policy.ModelPrice;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Tracer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * OpenTelemetry traces and Micrometer metrics and observations of agent-swarm runs, made from their typed events.
 * Attach {@link #listener()} to a run (or to the builder, for every run); export a finished run's
 * {@link Journal} with {@link #exportTrace(Journal)}.
 *
 * <pre>{@code
 * SwarmTelemetry telemetry = SwarmTelemetry.builder()
 *         .openTelemetry(openTelemetry)          // an SDK you configured; never the global one
 *         .meterRegistry(meterRegistry)
 *         .providerName("openai")
 *         .build();
 * SwarmResult result = swarm.run(task, RunOptions.defaults().withListener(telemetry.listener()));
 * }</pre>
 *
 * <p>A run never waits for its telemetry: the listener only puts each event into a bounded queue, and one worker
 * thread of this telemetry turns the events into spans, meters and observations. A failing exporter or registry
 * (one that throws) loses its own output only; one that blocks holds up the worker, the queue fills, and further
 * events are dropped and counted ({@link #droppedEvents()}), never the run slowed. {@link #flush(Duration)} waits
 * for the worker to catch up; {@link #close()} flushes, ends the spans of unfinished runs and stops the worker.
 *
 * <p>Spans carry the timestamps their events recorded, from the run's clock, so that the live spans and those of a
 * journal export are the same. Prompt and completion content is off by default; see {@link ContentCapture}.
 */
public final class SwarmTelemetry implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SwarmTelemetry.class);

    /** The instrumentation scope of the spans. */
    public static final String INSTRUMENTATION_NAME = "dev.agentswarm.observability";

    /** The worker's first pause when it finds the queue empty. */
    private static final long MIN_PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

    /** The worker's longest pause while the queue stays empty: how long an event may wait at most. */
    private static final long MAX_PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

    /** More events than this in a millisecond is a burst, which the worker leaves the cores to. */
    static final int BURST_EVENTS_PER_MS = 64;

    /** The longest the worker leaves queued events alone during a burst. */
    static final long MAX_DEFER_NANOS = TimeUnit.MILLISECONDS.toNanos(500);

    /** The default capacity of the event queue. */
    public static final int DEFAULT_QUEUE_CAPACITY = 262_144;

    private static final Object POISON = new Object();

    private final @Nullable Tracer tracer;
    private final Function<String, @Nullable String> providerOf;
    private final Prices prices;
    private final @Nullable MeterRecorder meters;
    private final @Nullable ObservationRecorder observations;
    /**
     * The events waiting for the worker, and the control items ({@link #POISON}, a flush's latch). Lock-free: the
     * run's threads only append (a bounded array queue's lock, held by the worker while it drained a batch, made them
     * wait and park, which cost the run more than the meters themselves). {@link #queued} bounds it.
     */
    private final ConcurrentLinkedQueue<Object> queue = new ConcurrentLinkedQueue<>();
    /** How many events the queue holds; an event that would make it exceed {@link #capacity} is dropped. */
    private final AtomicInteger queued = new AtomicInteger();

    private final int capacity;
    /** How many flushes or closes wait for the worker: it does not defer while one does. */
    private final AtomicInteger hurry = new AtomicInteger();

    private final Thread worker;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private final CopyOnWriteArrayList<TraceRecorder> recorders = new CopyOnWriteArrayList<>();

    private SwarmTelemetry(Builder b) {
        this.tracer = b.openTelemetry == null ? null : b.openTelemetry.getTracer(INSTRUMENTATION_NAME);
        this.providerOf = b.providerOf;
        this.prices = new Prices(b.prices);
        this.meters = b.meterRegistry == null ? null : new MeterRecorder(b.meterRegistry, prices);
        this.observations = b.observationRegistry == null ? null : new ObservationRecorder(b.observationRegistry);
        this.capacity = b.queueCapacity;
        this.worker = b.threadFactory.newThread(this::work);
        worker.setDaemon(true);
        worker.start();
    }

    /** @return a builder with nothing wired: add an {@code OpenTelemetry}, a registry, or both */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A listener for a run, without prompt or completion content. Attach one listener per run: two on the same run
     * would count its meters twice.
     *
     * @return the listener
     */
    public SwarmEventListener listener() {
        return listener(ContentCapture.OFF);
    }

    /**
     * A listener for a run, with content as {@code content} says.
     *
     * @param content whether and how prompt and completion content is recorded
     * @return the listener
     */
    public SwarmEventListener listener(ContentCapture content) {
        Objects.requireNonNull(content, "content");
        TraceRecorder trace = tracer == null ? null : new TraceRecorder(tracer, providerOf, prices, content);
        Handler handler = new Handler(trace);
        return event -> {
            if (closed.get()) {
                drop();
            } else if (queued.incrementAndGet() > capacity) {
                queued.decrementAndGet();
                drop();
            } else {
                queue.add(new Item(handler, event));
            }
        };
    }

    /**
     * Exports a finished (or interrupted) run's journal as the spans its run made, with their recorded timestamps,
     * on the calling thread. Spans still open at the journal's end (a run that crashed) end at its last event and
     * carry {@code swarm.incomplete=true}. Meters are not recorded: they count live runs.
     *
     * @param journal the journal, from {@code JournalReader.read}
     */
    public void exportTrace(Journal journal) {
        exportTrace(journal, ContentCapture.OFF);
    }

    /**
     * As {@link #exportTrace(Journal)}, with content as {@code content} says.
     *
     * @param journal the journal
     * @param content whether and how prompt and completion content is recorded
     */
    public void exportTrace(Journal journal, ContentCapture content) {
        Objects.requireNonNull(journal, "journal");
        Objects.requireNonNull(content, "content");
        if (tracer == null) {
            throw new IllegalStateException(
                    "this telemetry has no OpenTelemetry: build it with openTelemetry(...) to" + " export traces");
        }
        TraceRecorder trace = new TraceRecorder(tracer, providerOf, prices, content);
        for (SwarmEvent event : journal.events()) {
            trace.accept(event);
        }
        trace.endAll();
    }

    /**
     * Waits until every event queued so far has been processed.
     *
     * @param timeout the longest wait
     * @return whether it caught up in time (false when an exporter or registry blocks the worker, or when closed)
     * @throws InterruptedException if the calling thread is interrupted
     */
    public boolean flush(Duration timeout) throws InterruptedException {
        if (closed.get()) {
            return false;
        }
        CountDownLatch done = new CountDownLatch(1);
        hurry.incrementAndGet();
        try {
            queue.add(done);
            return done.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } finally {
            hurry.decrementAndGet();
        }
    }

    /** @return how many events were dropped because the queue was full or the telemetry closed */
    public long droppedEvents() {
        return dropped.get();
    }

    /** @return how many times a tracer, registry or handler threw while processing an event */
    public long failures() {
        return failures.get();
    }

    /**
     * Flushes (for at most 10 seconds), ends the spans of runs that did not finish, and stops the worker. Events
     * that arrive later are dropped.
     */
    @Override
    public void close() {
        if (closed.get()) {
            return;
        }
        try {
            flush(Duration.ofSeconds(10));
            closed.set(true);
            hurry.incrementAndGet();
            queue.add(POISON);
            worker.join(TimeUnit.SECONDS.toMillis(5));
            if (worker.isAlive()) {
                worker.interrupt(); // an exporter or registry that blocks holds it
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            closed.set(true);
        }
    }

    private void drop() {
        long n = dropped.incrementAndGet();
        if (Long.bitCount(n) == 1) {
            LOG.warn(
                    "telemetry dropped {} event{} so far: its queue is full (an exporter or registry is slow or"
                            + " blocked) or it is closed; the runs are not affected",
                    n,
                    n == 1 ? "" : "s");
        }
    }

    /**
     * The worker. When it finds the queue empty it pauses instead of waiting on it, 1 ms at first and up to
     * {@link #MAX_PAUSE_NANOS} while nothing comes: a worker that waits on the queue is woken by the run's thread for
     * nearly every event, a system call each. When events come, it first looks whether they are still pouring in
     * (more than {@link #BURST_EVENTS_PER_MS} in a millisecond: a run dispatching or finishing a wave of tasks, whose
     * makespan depends on having the cores); while they are, it leaves the cores to the run, for at most
     * {@link #MAX_DEFER_NANOS} and while the queue is less than half full. Then it processes everything queued. A
     * flush or a close skips the wait.
     */
    private void work() {
        List<Object> batch = new ArrayList<>(1_024);
        long pause = MIN_PAUSE_NANOS;
        try {
            while (true) {
                if (queue.isEmpty()) {
                    LockSupport.parkNanos(pause);
                    checkInterrupt();
                    pause = Math.min(MAX_PAUSE_NANOS, pause * 2);
                    continue;
                }
                pause = MIN_PAUSE_NANOS;
                deferWhileBursting();
                do {
                    drainTo(batch);
                    for (Object o : batch) {
                        if (o == POISON) {
                            endAll();
                            return;
                        }
                        if (o instanceof CountDownLatch latch) {
                            latch.countDown();
                        } else if (o instanceof Item item) {
                            item.handler.handle(item.event);
                        }
                    }
                    batch.clear();
                } while (!queue.isEmpty());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Waits, in steps of 1 ms, while events pour in; see {@link #work()}. */
    private void deferWhileBursting() throws InterruptedException {
        long start = System.nanoTime();
        while (hurry.get() == 0) {
            int before = queued.get();
            LockSupport.parkNanos(MIN_PAUSE_NANOS);
            checkInterrupt();
            if (!keepDeferring(System.nanoTime() - start, before, queued.get(), capacity)) {
                return;
            }
        }
    }

    /**
     * Whether the worker goes on leaving the cores to the runs: while the events that came in the last millisecond
     * are a burst, for at most {@link #MAX_DEFER_NANOS}, and while the queue is less than half full.
     *
     * @param deferredNanos how long the worker has deferred so far
     * @param queuedBefore the events queued a millisecond ago
     * @param queuedNow the events queued now
     * @param capacity the queue's capacity
     * @return whether to wait another millisecond
     */
    static boolean keepDeferring(long deferredNanos, int queuedBefore, int queuedNow, int capacity) {
        return deferredNanos < MAX_DEFER_NANOS
                && queuedNow < capacity / 2
                && queuedNow - queuedBefore > BURST_EVENTS_PER_MS;
    }

    private static void checkInterrupt() throws InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException("telemetry worker interrupted");
        }
    }

    /** Moves up to 1,024 queued items into {@code batch}, and frees their events' places in the queue. */
    private void drainTo(List<Object> batch) {
        int events = 0;
        for (Object o; batch.size() < 1_024 && (o = queue.poll()) != null; ) {
            batch.add(o);
            if (o instanceof Item) {
                events++;
            }
        }
        if (events > 0) {
            queued.addAndGet(-events);
        }
    }

    private void endAll() {
        for (TraceRecorder r : recorders) {
            guarded(r::endAll);
        }
        if (observations != null) {
            guarded(observations::stopAll);
        }
    }

    private void guarded(Runnable action) {
        try {
            action.run();
        } catch (RuntimeException | LinkageError | AssertionError e) {
            long n = failures.incrementAndGet();
            if (Long.bitCount(n) == 1) {
                LOG.warn(
                        "telemetry failed {} time{} (the runs are not affected): {}",
                        n,
                        n == 1 ? "" : "s",
                        e.toString());
            }
        }
    }

    /** An event for a handler. */
    private record Item(Handler handler, SwarmEvent event) {}

    /** The recorders one listener feeds. */
    private final class Handler {
        private final @Nullable TraceRecorder trace;

        Handler(@Nullable TraceRecorder trace) {
            this.trace = trace;
        }

        void handle(SwarmEvent event) {
            TraceRecorder t = trace;
            if (t != null) {
                if (event instanceof SwarmEvent.RunStarted) {
                    recorders.addIfAbsent(t); // so that close() ends the spans of a run that did not finish
                }
                guarded(() -> t.accept(event));
                if (event instanceof SwarmEvent.RunFinished && t.openRuns() == 0) {
                    recorders.remove(t);
                }
            }
            MeterRecorder m = meters;
            if (m != null) {
                guarded(() -> m.accept(event));
            }
            ObservationRecorder o = observations;
            if (o != null) {
                guarded(() -> o.accept(event));
            }
        }
    }

    /** The parts of a telemetry: each is optional. */
    public static final class Builder {
        private @Nullable OpenTelemetry openTelemetry;
        private @Nullable MeterRegistry meterRegistry;
        private @Nullable ObservationRegistry observationRegistry;
        private Function<String, @Nullable String> providerOf = model -> null;
        private Map<String, ModelPrice> prices = Map.of();
        private int queueCapacity = DEFAULT_QUEUE_CAPACITY;
        private ThreadFactory threadFactory = r -> new Thread(r, "swarm-telemetry");

        private Builder() {}

        /**
         * Traces through this OpenTelemetry (an SDK you configured, or {@code OpenTelemetry.noop()}).
         *
         * @param openTelemetry the OpenTelemetry
         * @return this builder
         */
        public Builder openTelemetry(OpenTelemetry openTelemetry) {
            this.openTelemetry = Objects.requireNonNull(openTelemetry, "openTelemetry");
            return this;
        }

        /**
         * Records meters in this registry.
         *
         * @param registry the registry
         * @return this builder
         */
        public Builder meterRegistry(MeterRegistry registry) {
            this.meterRegistry = Objects.requireNonNull(registry, "registry");
            return this;
        }

        /**
         * Makes observations of runs, tasks and model calls in this registry (e.g. Spring Boot's).
         *
         * @param registry the registry
         * @return this builder
         */
        public Builder observationRegistry(ObservationRegistry registry) {
            this.observationRegistry = Objects.requireNonNull(registry, "registry");
            return this;
        }

        /**
         * The {@code gen_ai.provider.name} of every model, e.g. {@code openai}, {@code anthropic},
         * {@code gcp.gemini}.
         *
         * @param provider the provider's name
         * @return this builder
         */
        public Builder providerName(String provider) {
            Objects.requireNonNull(provider, "provider");
            this.providerOf = model -> provider;
            return this;
        }

        /**
         * The {@code gen_ai.provider.name} by model name; a null answer leaves the attribute out.
         *
         * @param providerOf the provider of a model name
         * @return this builder
         */
        public Builder providerNames(Function<String, @Nullable String> providerOf) {
            this.providerOf = Objects.requireNonNull(providerOf, "providerOf");
            return this;
        }

        /**
         * Prices per model name, for the {@code swarm.cost_usd} attributes and the {@code swarm.model.cost} meter.
         *
         * @param prices USD per million tokens by model name
         * @return this builder
         */
        public Builder prices(Map<String, ModelPrice> prices) {
            this.prices = Map.copyOf(prices);
            return this;
        }

        /**
         * How many events may wait for the worker before further ones are dropped.
         *
         * @param capacity at least 1; default {@value #DEFAULT_QUEUE_CAPACITY}
         * @return this builder
         */
        public Builder queueCapacity(int capacity) {
            if (capacity < 1) {
                throw new IllegalArgumentException("queueCapacity must be at least 1, got " + capacity);
            }
            this.queueCapacity = capacity;
            return this;
        }

        /**
         * Makes the worker thread (a daemon); default a thread named {@code swarm-telemetry}.
         *
         * @param threadFactory the factory
         * @return this builder
         */
        public Builder threadFactory(ThreadFactory threadFactory) {
            this.threadFactory = Objects.requireNonNull(threadFactory, "threadFactory");
            return this;
        }

        /** @return the telemetry, with its worker started; close it when done */
        public SwarmTelemetry build() {
            return new SwarmTelemetry(this);
        }
    }
}

package dev.agentswarm.internal.scheduler;

import dev.agentswarm.internal.subagent.TaskRunner;
import dev.agentswarm.internal.subagent.TaskSpec;
import dev.agentswarm.policy.TaskOrdering;
import dev.agentswarm.report.TaskResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.atomic.AtomicReferenceFieldUpdater;
import java.util.function.Consumer;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;
import reactor.core.publisher.Operators;
import reactor.core.scheduler.Scheduler;
import reactor.util.context.Context;

/**
 * Runs the tasks of one stage concurrently, at most {@code maxConcurrency} at a time, and returns their results in
 * call order. One task's failure is its result; it never cancels a sibling. When there are more tasks than slots and
 * the ordering is {@link TaskOrdering#LONGEST_EXPECTED_FIRST}, the tasks expected to take longest start first (a
 * stable sort: tasks with equal or unknown expectations keep their call order, unknown ones last).
 *
 * <p>When the bound admits every task of the stage, all tasks are subscribed at once, in call order, and each
 * result lands in its slot of an index-addressed array with an atomic countdown: O(1) per completion, however many
 * tasks are in flight (see {@code docs/benchmarks.md}). A stage of at least {@value #SPREAD_MIN_TASKS} tasks is started
 * in chunks of {@value #SPREAD_CHUNK} handed to the dispatcher scheduler (the run's timer), so that the cores of a
 * multi-threaded scheduler start them side by side; a virtual-time or single-threaded scheduler runs the chunks in
 * order, so runs under them stay deterministic. With fewer slots than tasks, a {@code flatMap} bounded by the slots
 * starts the next task in start order as soon as a slot frees; results are placed by index, never searched.
 */
public final class StageScheduler {

    /** The smallest stage whose tasks are started in chunks on the dispatcher. */
    static final int SPREAD_MIN_TASKS = 4_096;

    /** The tasks one chunk starts. */
    static final int SPREAD_CHUNK = 1_024;

    private final TaskRunner runner;
    private final @Nullable Scheduler dispatcher;
    private final int maxConcurrency;
    private final TaskOrdering ordering;
    private final Function<TaskSpec, @Nullable Duration> expected;

    /**
     * A FIFO scheduler.
     *
     * @param runner runs one task
     * @param maxConcurrency the most tasks running at once, at least 1
     * @throws IllegalArgumentException if maxConcurrency is below 1
     */
    public StageScheduler(TaskRunner runner, int maxConcurrency) {
        this(runner, maxConcurrency, TaskOrdering.FIFO, t -> null);
    }

    /**
     * @param runner runs one task
     * @param maxConcurrency the most tasks running at once, at least 1
     * @param ordering the start order when concurrency is the bottleneck
     * @param expected the expected duration of a task, or null when unknown
     * @throws IllegalArgumentException if maxConcurrency is below 1
     */
    public StageScheduler(
            TaskRunner runner,
            int maxConcurrency,
            TaskOrdering ordering,
            Function<TaskSpec, @Nullable Duration> expected) {
        this(runner, maxConcurrency, ordering, expected, null);
    }

    /**
     * @param runner runs one task
     * @param maxConcurrency the most tasks running at once, at least 1
     * @param ordering the start order when concurrency is the bottleneck
     * @param expected the expected duration of a task, or null when unknown
     * @param dispatcher starts the chunks of a large stage whose tasks all run at once, or null to start every task
     *     on the thread that runs the stage
     * @throws IllegalArgumentException if maxConcurrency is below 1
     */
    public StageScheduler(
            TaskRunner runner,
            int maxConcurrency,
            TaskOrdering ordering,
            Function<TaskSpec, @Nullable Duration> expected,
            @Nullable Scheduler dispatcher) {
        this.dispatcher = dispatcher;
        if (maxConcurrency < 1) {
            throw new IllegalArgumentException("maxConcurrency must be >= 1, got " + maxConcurrency);
        }
        this.runner = runner;
        this.maxConcurrency = maxConcurrency;
        this.ordering = ordering;
        this.expected = expected;
    }

    /**
     * What a stage's owner is told while its tasks run.
     */
    public interface Callbacks {

        /**
         * A task is about to start (or to find it was cancelled while it waited); called in start order.
         *
         * @param index the task's position in call order
         */
        default void started(int index) {}

        /**
         * A task's result is known: called under the run's lock, together with its {@code TaskFinished} event.
         *
         * @param index the task's position in call order
         * @param result the result
         */
        default void recorded(int index, TaskResult result) {}

        /**
         * A task's result was recorded; called outside the run's lock, before the next task of the stage starts in
         * its slot.
         *
         * @param result the result
         */
        default void finished(TaskResult result) {}
    }

    /**
     * Runs a stage's tasks.
     *
     * @param tasks the tasks, in call order
     * @param onFinished told of each result as soon as its task ends, so nothing completed is lost on cancellation
     * @return their results, in the same order
     */
    public Mono<List<TaskResult>> run(List<TaskSpec> tasks, Consumer<TaskResult> onFinished) {
        return run(tasks, new Callbacks() {
            @Override
            public void finished(TaskResult result) {
                onFinished.accept(result);
            }
        });
    }

    /**
     * Runs a stage's tasks.
     *
     * @param tasks the tasks, in call order
     * @param callbacks told of each start and each result as it happens, so nothing completed is lost on cancellation
     * @return their results, in the same order
     */
    public Mono<List<TaskResult>> run(List<TaskSpec> tasks, Callbacks callbacks) {
        if (tasks.isEmpty()) {
            return Mono.just(List.of());
        }
        if (maxConcurrency >= tasks.size()) {
            return runAll(tasks, callbacks);
        }
        int concurrency = maxConcurrency;
        int[] order = startIndices(tasks, concurrency);
        return Mono.defer(() -> {
            TaskResult[] results = new TaskResult[tasks.size()];
            return Flux.range(0, order.length)
                    .flatMap(
                            i -> Mono.defer(() -> {
                                        callbacks.started(order[i]);
                                        return runner.run(tasks.get(order[i]), r -> callbacks.recorded(order[i], r));
                                    })
                                    .doOnNext(r -> {
                                        callbacks.finished(r);
                                        synchronized (results) {
                                            results[order[i]] = r;
                                        }
                                    }),
                            concurrency,
                            1)
                    .then(Mono.fromSupplier(() -> {
                        synchronized (results) {
                            return List.copyOf(Arrays.asList(results));
                        }
                    }));
        });
    }

    /**
     * Every task at once, in call order (in chunks on the dispatcher for a large stage); cancelling the returned Mono
     * cancels every task still running, and stops starting new ones.
     */
    private Mono<List<TaskResult>> runAll(List<TaskSpec> tasks, Callbacks callbacks) {
        return Mono.create(sink -> {
            Stage stage = new Stage(tasks, callbacks, sink);
            Scheduler spread = dispatcher;
            int n = tasks.size();
            if (spread == null || n < SPREAD_MIN_TASKS) {
                stage.start(0, n);
                return;
            }
            for (int from = 0; from < n && !stage.disposed; from += SPREAD_CHUNK) {
                int start = from;
                int end = Math.min(n, from + SPREAD_CHUNK);
                Runnable chunk = () -> stage.start(start, end);
                try {
                    stage.chunks.add(spread.schedule(chunk));
                } catch (RejectedExecutionException e) {
                    // A dispatcher that no longer takes work: start the chunk here.
                    chunk.run();
                }
            }
        });
    }

    /** One stage whose tasks all run at once: their results by index, and what stops them. */
    private final class Stage implements Disposable {
        final List<TaskSpec> tasks;
        final Callbacks callbacks;
        final MonoSink<List<TaskResult>> sink;
        final TaskResult[] results;
        // Each decrement publishes the slot written before it; the last one sees every slot.
        final AtomicInteger remaining;
        // The running tasks' subscribers by index (null once finished): an array, not a composite, whose removal is
        // linear. Volatile accesses on both sides: a task started as the stage is disposed is always cancelled.
        final AtomicReferenceArray<@Nullable Slot> slots;
        // The chunks still waiting on the dispatcher; a few dozen at most.
        final Disposable.Composite chunks = Disposables.composite();
        volatile boolean disposed;
        // The run's Reactor context (its lane at the swarm's bulkheads) reaches every task through its subscriber.
        final Context context;

        Stage(List<TaskSpec> tasks, Callbacks callbacks, MonoSink<List<TaskResult>> sink) {
            this.tasks = tasks;
            this.callbacks = callbacks;
            this.sink = sink;
            this.results = new TaskResult[tasks.size()];
            this.remaining = new AtomicInteger(tasks.size());
            this.slots = new AtomicReferenceArray<>(tasks.size());
            this.context = Context.of(sink.contextView());
            sink.onDispose(this);
        }

        void start(int from, int to) {
            for (int i = from; i < to && !disposed; i++) {
                int index = i;
                callbacks.started(index);
                Slot subscriber = new Slot(this, index);
                slots.set(index, subscriber);
                // The slot is the task's subscriber and its recorder; as a subscriber, not as a value consumer.
                runner.run(tasks.get(i), subscriber).subscribe((CoreSubscriber<TaskResult>) subscriber);
                if (disposed) {
                    subscriber.dispose();
                }
            }
        }

        void finished(Slot slot, TaskResult result) {
            results[slot.index] = result;
            slots.set(slot.index, null);
            callbacks.finished(result);
            if (remaining.decrementAndGet() == 0) {
                sink.success(Arrays.asList(results));
            }
        }

        @Override
        public void dispose() {
            disposed = true;
            chunks.dispose();
            for (int i = 0; i < slots.length(); i++) {
                Slot s = slots.get(i);
                if (s != null) {
                    s.dispose();
                }
            }
        }

        @Override
        public boolean isDisposed() {
            return disposed;
        }
    }

    /**
     * The subscriber of one task of a {@link Stage}: places its result, or cancels it; and the task's recorder, which
     * tells the stage's owner of the result under the run's lock.
     */
    private static final class Slot implements CoreSubscriber<TaskResult>, Disposable, Consumer<TaskResult> {
        private static final AtomicReferenceFieldUpdater<Slot, @Nullable Subscription> UPSTREAM =
                AtomicReferenceFieldUpdater.newUpdater(Slot.class, Subscription.class, "upstream");

        private final Stage stage;
        final int index;
        private volatile @Nullable Subscription upstream;

        Slot(Stage stage, int index) {
            this.stage = stage;
            this.index = index;
        }

        @Override
        public Context currentContext() {
            return stage.context;
        }

        @Override
        public void accept(TaskResult result) {
            stage.callbacks.recorded(index, result);
        }

        @Override
        public void onSubscribe(Subscription s) {
            if (UPSTREAM.compareAndSet(this, null, s)) {
                s.request(Long.MAX_VALUE);
            } else {
                s.cancel();
            }
        }

        @Override
        public void onNext(TaskResult result) {
            try {
                stage.finished(this, result);
            } catch (RuntimeException e) {
                stage.sink.error(e);
            }
        }

        @Override
        public void onError(Throwable error) {
            stage.sink.error(error);
        }

        @Override
        public void onComplete() {
            // The result came with onNext; a task never completes without one.
        }

        @Override
        public void dispose() {
            Subscription s = UPSTREAM.getAndSet(this, Operators.cancelledSubscription());
            if (s != null && s != Operators.cancelledSubscription()) {
                s.cancel();
            }
        }

        @Override
        public boolean isDisposed() {
            return upstream == Operators.cancelledSubscription();
        }
    }

    /**
     * The order tasks start in.
     *
     * @param tasks the tasks, in call order
     * @param concurrency the slots available
     * @return the tasks in start order
     */
    List<TaskSpec> startOrder(List<TaskSpec> tasks, int concurrency) {
        int[] order = startIndices(tasks, concurrency);
        List<TaskSpec> out = new ArrayList<>(order.length);
        for (int i : order) {
            out.add(tasks.get(i));
        }
        return out;
    }

    /** The start order as indices into {@code tasks}; O(n log n), no searching. */
    private int[] startIndices(List<TaskSpec> tasks, int concurrency) {
        int n = tasks.size();
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        if (ordering != TaskOrdering.FIFO && n > concurrency) {
            long[] keys = new long[n];
            for (int i = 0; i < n; i++) {
                Duration d = expected.apply(tasks.get(i));
                keys[i] = d == null ? Long.MAX_VALUE : -saturatedNanos(d);
            }
            // Arrays.sort on objects is stable: equal keys keep their call order.
            Arrays.sort(order, Comparator.comparingLong(i -> keys[i]));
        }
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            out[i] = order[i];
        }
        return out;
    }

    private static long saturatedNanos(Duration d) {
        try {
            return d.toNanos();
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE;
        }
    }
}

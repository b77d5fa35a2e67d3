package dev.agentswarm.temporal;

import io.temporal.workflow.CancellationScope;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.BooleanSupplier;
import org.jspecify.annotations.Nullable;
import reactor.core.Disposable;
import reactor.core.scheduler.Scheduler;

/**
 * Runs a swarm's Reactor pipeline deterministically on the workflow's main thread. Completions of activities and
 * timers only queue their continuation; the main thread runs the queue in the order Temporal delivered them, which
 * is the order of the workflow's history, so a replay runs the same code in the same order. It is also the
 * {@link Scheduler} of the run's timeouts and delays: each delay is a durable workflow timer, and {@link #now} is
 * workflow time.
 */
final class WorkflowPump implements Scheduler {

    private final ArrayDeque<Runnable> ready = new ArrayDeque<>();

    /**
     * @param action work to run on the main workflow thread, after what is queued already
     */
    void submit(Runnable action) {
        ready.add(action);
    }

    /**
     * Runs queued work until {@code done} holds and nothing is queued.
     *
     * @param done whether the run has ended
     * @param onCancel run once if the workflow is cancelled from Temporal's side
     * @param afterBatch run after each batch of queued work
     */
    void runUntil(BooleanSupplier done, Runnable onCancel, Runnable afterBatch) {
        boolean cancelSeen = false;
        while (true) {
            boolean cancelled = cancelSeen;
            Workflow.await(() -> !ready.isEmpty()
                    || done.getAsBoolean()
                    || (!cancelled && CancellationScope.current().isCancelRequested()));
            if (!cancelSeen && CancellationScope.current().isCancelRequested()) {
                cancelSeen = true;
                onCancel.run();
            }
            if (ready.isEmpty() && done.getAsBoolean()) {
                return;
            }
            while (!ready.isEmpty()) {
                ready.poll().run();
            }
            afterBatch.run();
        }
    }

    /**
     * Queues the outcome of a promise when it completes.
     *
     * @param promise an activity's or a timer's promise
     * @param then what to do with its value or failure, on the main thread
     * @param <T> its type
     */
    <T> void onComplete(Promise<T> promise, BiConsumer<@Nullable T, @Nullable RuntimeException> then) {
        promise.handle((value, failure) -> {
            ready.add(() -> then.accept(value, failure));
            return null;
        });
    }

    @Override
    public Disposable schedule(Runnable task) {
        Once once = new Once(null);
        submit(() -> once.run(task));
        return once;
    }

    @Override
    public Disposable schedule(Runnable task, long delay, TimeUnit unit) {
        if (delay <= 0) {
            return schedule(task);
        }
        long millis = Math.max(1, unit.toMillis(delay));
        Once[] holder = new Once[1];
        CancellationScope scope = Workflow.newCancellationScope(() -> {
            Promise<Void> timer = Workflow.newTimer(java.time.Duration.ofMillis(millis));
            onComplete(timer, (v, e) -> {
                if (e == null) {
                    holder[0].run(task);
                }
            });
        });
        holder[0] = new Once(scope);
        scope.run();
        return holder[0];
    }

    @Override
    public long now(TimeUnit unit) {
        return unit.convert(Workflow.currentTimeMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public Worker createWorker() {
        return new PumpWorker();
    }

    /** A scheduled task that runs at most once and not after it was disposed. */
    private static final class Once implements Disposable {
        private final @Nullable CancellationScope scope;
        private boolean disposed;

        Once(@Nullable CancellationScope scope) {
            this.scope = scope;
        }

        void run(Runnable task) {
            if (!disposed) {
                disposed = true;
                task.run();
            }
        }

        @Override
        public void dispose() {
            if (!disposed) {
                disposed = true;
                if (scope != null) {
                    scope.cancel();
                }
            }
        }

        @Override
        public boolean isDisposed() {
            return disposed;
        }
    }

    /** A worker over the pump; disposing it disposes what it scheduled. */
    private final class PumpWorker implements Worker {
        private final java.util.List<Disposable> tasks = new java.util.ArrayList<>();
        private boolean disposed;

        @Override
        public Disposable schedule(Runnable task) {
            return track(WorkflowPump.this.schedule(task));
        }

        @Override
        public Disposable schedule(Runnable task, long delay, TimeUnit unit) {
            return track(WorkflowPump.this.schedule(task, delay, unit));
        }

        private Disposable track(Disposable d) {
            if (disposed) {
                d.dispose();
            } else {
                tasks.removeIf(Disposable::isDisposed);
                tasks.add(d);
            }
            return d;
        }

        @Override
        public void dispose() {
            disposed = true;
            tasks.forEach(Disposable::dispose);
            tasks.clear();
        }

        @Override
        public boolean isDisposed() {
            return disposed;
        }
    }
}

package dev.agentswarm.model;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.FutureTask;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.RunnableFuture;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A pool of platform threads for blocking calls, for JVMs without virtual threads.
 *
 * <ul>
 *   <li>At most {@code maxCalls} calls run at once; further calls wait in one first-in, first-out queue shared by all
 *       threads, so a call never waits behind one particular call (Reactor's {@code boundedElastic} pins a call to one
 *       busy worker, where it waits for that worker's call however long it hangs).</li>
 *   <li>Threads are started on demand, never more than the calls running, and a thread idle for {@code keepAlive}
 *       ends.</li>
 *   <li>A call cancelled while it runs ({@code Future.cancel(true)}, which is what disposing a Reactor subscription
 *       does) has its thread interrupted and gives up its place at once, even if it ignores the interrupt: a hung
 *       call that was abandoned never holds back another call. Its thread ends once the call returns. A call
 *       cancelled while it waits is taken off the queue.</li>
 * </ul>
 */
final class BlockingCallPool extends AbstractExecutorService {

    private static final Logger LOG = LoggerFactory.getLogger(BlockingCallPool.class);

    private final String name;
    private final int maxCalls;
    private final ThreadPoolExecutor threads;
    private final AtomicLong threadsStarted = new AtomicLong();
    private final Object lock = new Object();
    private final ArrayDeque<Call<?>> waiting = new ArrayDeque<>();
    private int running;
    private volatile boolean shutdown;
    private volatile boolean stopped;

    /**
     * @param name the pool's name; its threads are called {@code swarm-blocking-<name>-<n>}
     * @param maxCalls the most calls running at once, at least 1
     * @param keepAlive how long an idle thread lives, positive
     * @throws IllegalArgumentException if {@code maxCalls} or {@code keepAlive} is out of range
     */
    BlockingCallPool(String name, int maxCalls, Duration keepAlive) {
        this.name = Objects.requireNonNull(name, "name");
        Objects.requireNonNull(keepAlive, "keepAlive");
        if (maxCalls < 1) {
            throw new IllegalArgumentException("maxCalls must be >= 1, got " + maxCalls);
        }
        if (keepAlive.isNegative() || keepAlive.isZero()) {
            throw new IllegalArgumentException("keepAlive must be positive, got " + keepAlive);
        }
        this.maxCalls = maxCalls;
        // No core threads, a hand-off queue: a thread is started only when no idle one takes the call, and the
        // admission below bounds the calls running (threads still finishing abandoned calls come on top).
        this.threads = new ThreadPoolExecutor(
                0, Integer.MAX_VALUE, keepAlive.toNanos(), TimeUnit.NANOSECONDS, new SynchronousQueue<>(), task -> {
                    Thread t = new Thread(task, "swarm-blocking-" + name + "-" + threadsStarted.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
    }

    /** @return the most calls running at once */
    int maxCalls() {
        return maxCalls;
    }

    /** @return the calls running now, abandoned ones not counted */
    int runningCalls() {
        synchronized (lock) {
            return running;
        }
    }

    /** @return the calls waiting for a place */
    int waitingCalls() {
        synchronized (lock) {
            return waiting.size();
        }
    }

    /** @return the threads alive now, idle ones included */
    int liveThreads() {
        return threads.getPoolSize();
    }

    /** @return how many threads this pool has started so far */
    long threadsStarted() {
        return threadsStarted.get();
    }

    @Override
    protected <T> RunnableFuture<T> newTaskFor(Callable<T> callable) {
        return new Call<>(callable);
    }

    @Override
    protected <T> RunnableFuture<T> newTaskFor(Runnable runnable, @Nullable T value) {
        return new Call<>(Executors.callable(runnable, value));
    }

    @Override
    public void execute(Runnable command) {
        Objects.requireNonNull(command, "command");
        Call<?> call = command instanceof Call<?> c && c.pool() == this ? c : new Call<>(Executors.callable(command));
        synchronized (lock) {
            if (shutdown) {
                throw new RejectedExecutionException("the blocking-call pool '" + name + "' is shut down");
            }
            if (running >= maxCalls) {
                waiting.addLast(call);
                return;
            }
            running++;
            call.holdsPlace = true;
        }
        try {
            threads.execute(new Worker(call));
        } catch (RejectedExecutionException | OutOfMemoryError e) {
            // No thread could be started (the JVM's or the OS's thread limit): fail this call, not the caller.
            giveUpPlace(call);
            throw new RejectedExecutionException(
                    "could not start a thread for a blocking call in pool '" + name + "' (" + e
                            + "); lower maxConcurrency or use a non-blocking model",
                    e);
        }
    }

    /** Gives up a call's place if it holds one; returns whether it did. */
    private boolean giveUpPlace(Call<?> call) {
        synchronized (lock) {
            if (!call.holdsPlace) {
                return false;
            }
            call.holdsPlace = false;
            running--;
            return true;
        }
    }

    /** Takes the next waiting call if there is a free place, and gives it the place. */
    private @Nullable Call<?> nextWaiting() {
        synchronized (lock) {
            if (running >= maxCalls) {
                return null;
            }
            Call<?> next = waiting.pollFirst();
            if (next != null) {
                running++;
                next.holdsPlace = true;
            }
            return next;
        }
    }

    /** A call was cancelled: it leaves the queue, or gives up its place to the next waiting call at once. */
    private void cancelled(Call<?> call) {
        Call<?> next;
        synchronized (lock) {
            if (!call.holdsPlace) {
                waiting.remove(call);
                return;
            }
            call.holdsPlace = false;
            running--;
            next = nextWaiting();
        }
        if (next == null) {
            return;
        }
        try {
            // The cancelled call's thread may be stuck in it: the next call gets a thread of its own.
            threads.execute(new Worker(next));
        } catch (RejectedExecutionException | OutOfMemoryError e) {
            LOG.warn(
                    "blocking-call pool '{}': could not start a thread ({}); the call waits for a running one to end",
                    name,
                    e.toString());
            synchronized (lock) {
                next.holdsPlace = false;
                running--;
                waiting.addFirst(next);
            }
        }
    }

    /** Runs a call, then, on the same thread, the calls waiting for a place, while there are some. */
    private final class Worker implements Runnable {
        private final Call<?> first;

        Worker(Call<?> first) {
            this.first = first;
        }

        @Override
        public void run() {
            Call<?> call = first;
            while (call != null) {
                call.run();
                giveUpPlace(call);
                if (stopped) {
                    return;
                }
                // An interrupt meant for the call just ended (its cancellation, or the call's own) must not reach
                // the next one. A cancellation's interrupt has been delivered once run() returns.
                Thread.interrupted();
                call = nextWaiting();
            }
        }
    }

    /** A call: a future whose cancellation frees its place in the pool. */
    private final class Call<T> extends FutureTask<T> {
        /** Guarded by the pool's lock. */
        boolean holdsPlace;

        Call(Callable<T> callable) {
            super(callable);
        }

        BlockingCallPool pool() {
            return BlockingCallPool.this;
        }

        @Override
        protected void done() {
            if (isCancelled()) {
                cancelled(this);
            }
        }
    }

    @Override
    public void shutdown() {
        shutdown = true;
        threads.shutdown();
    }

    @Override
    public List<Runnable> shutdownNow() {
        List<Runnable> never = new ArrayList<>();
        synchronized (lock) {
            shutdown = true;
            stopped = true;
            never.addAll(waiting);
            waiting.clear();
        }
        threads.shutdownNow();
        return never;
    }

    @Override
    public boolean isShutdown() {
        return shutdown;
    }

    @Override
    public boolean isTerminated() {
        return shutdown && threads.isTerminated() && waitingCalls() == 0;
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
        return threads.awaitTermination(timeout, unit);
    }

    @Override
    public String toString() {
        return "BlockingCallPool[" + name + ", " + runningCalls() + "/" + maxCalls + " running, " + waitingCalls()
                + " waiting, " + liveThreads() + " threads]";
    }
}

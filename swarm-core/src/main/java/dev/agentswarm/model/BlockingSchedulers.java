package dev.agentswarm.model;

import java.lang.reflect.Method;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * Where blocking calls (a blocking {@code ChatModel}, a blocking tool) run.
 *
 * <ul>
 *   <li>On JDK 21+: one virtual thread per call, so thousands of blocking calls wait in parallel.</li>
 *   <li>On JDK 17: a pool of platform threads ({@link #pool}) that starts threads on demand, ends idle ones after
 *       {@link #KEEP_ALIVE}, runs at most a fixed number of calls at once and queues the rest in one shared queue,
 *       so that no call waits behind a particular one; a cancelled call's thread is interrupted and its place goes to
 *       the next call at once. The shared pool ({@link #forModelCalls()}) runs up to {@link #SHARED_POOL_CALLS}
 *       calls; {@code AgentSwarm.Builder.build()} gives each blocking model of a swarm a pool of its own, sized to the
 *       swarm's concurrency ({@link #sizedForSwarm}).</li>
 * </ul>
 */
public final class BlockingSchedulers {

    /** How many blocking calls the shared pool runs at once on JDK 17; the rest wait in its queue. */
    public static final int SHARED_POOL_CALLS = 256;

    /**
     * The most calls a pool sized by {@link #sizedForSwarm} runs at once, whatever the swarm's concurrency: each is a
     * platform thread. For more, pass a {@link #pool} of your own to {@link SwarmModel#of(String,
     * dev.langchain4j.model.chat.ChatModel, Scheduler)}, use a streaming model, or run on JDK 21+.
     */
    public static final int MAX_POOL_CALLS = 1_024;

    /** How long an idle pool thread lives before it ends. */
    public static final Duration KEEP_ALIVE = Duration.ofSeconds(60);

    private static final Logger LOG = LoggerFactory.getLogger(BlockingSchedulers.class);
    private static final boolean VIRTUAL_THREADS = virtualThreadExecutor() != null;
    private static volatile @Nullable Scheduler shared;

    private BlockingSchedulers() {}

    /**
     * The shared scheduler for blocking model and tool calls, created on first use: virtual threads on JDK 21+, a pool
     * of up to {@link #SHARED_POOL_CALLS} threads on JDK 17.
     *
     * @return the shared scheduler
     */
    public static Scheduler forModelCalls() {
        Scheduler s = shared;
        if (s == null) {
            synchronized (BlockingSchedulers.class) {
                s = shared;
                if (s == null) {
                    s = create();
                    shared = s;
                }
            }
        }
        return s;
    }

    /** @return whether this JVM offers virtual threads (JDK 21+) */
    public static boolean virtualThreadsAvailable() {
        return VIRTUAL_THREADS;
    }

    /**
     * A dedicated pool of platform threads for blocking calls, on any JDK: threads are started on demand, a thread
     * idle for {@code keepAlive} ends, at most {@code maxConcurrentCalls} calls run at once and the others wait in one
     * first-in, first-out queue. Disposing a call's subscription interrupts its thread and frees its place at once,
     * even if the call ignores the interrupt. Threads are daemons named {@code swarm-blocking-<name>-<n>}.
     *
     * @param name the pool's name, for its threads
     * @param maxConcurrentCalls the most calls running at once, at least 1
     * @param keepAlive how long an idle thread lives, positive
     * @return the scheduler
     * @throws IllegalArgumentException if {@code maxConcurrentCalls} or {@code keepAlive} is out of range
     */
    public static Scheduler pool(String name, int maxConcurrentCalls, Duration keepAlive) {
        return Schedulers.fromExecutorService(
                new BlockingCallPool(name, maxConcurrentCalls, keepAlive), "swarm-blocking-" + name);
    }

    /**
     * Sizes a blocking model to a swarm. A model made by {@link SwarmModel#of(String,
     * dev.langchain4j.model.chat.ChatModel)}, on a JVM without virtual threads, comes back as a model of the same
     * {@code ChatModel} on a {@link #pool} of its own for {@code concurrentCalls} calls at once (at most
     * {@link #MAX_POOL_CALLS}); threads are only started when calls need them. Any other model comes back as it is:
     * on JDK 21+ blocking calls already run on virtual threads, and a model given its own scheduler keeps it.
     * {@code AgentSwarm.Builder.build()} calls this for the orchestrator's and the subagents' model.
     *
     * @param model the model
     * @param concurrentCalls the most calls the swarm makes to it at once, at least 1
     * @return the model to call
     * @throws IllegalArgumentException if {@code concurrentCalls} is below 1
     */
    public static SwarmModel sizedForSwarm(SwarmModel model, int concurrentCalls) {
        return sizedForSwarm(model, concurrentCalls, VIRTUAL_THREADS, KEEP_ALIVE);
    }

    static SwarmModel sizedForSwarm(SwarmModel model, int concurrentCalls, boolean virtualThreads, Duration keepAlive) {
        Objects.requireNonNull(model, "model");
        if (concurrentCalls < 1) {
            throw new IllegalArgumentException("concurrentCalls must be >= 1, got " + concurrentCalls);
        }
        if (virtualThreads || !(model instanceof BlockingChatModelAdapter adapter) || !adapter.onSharedScheduler()) {
            return model;
        }
        int calls = Math.min(concurrentCalls, MAX_POOL_CALLS);
        LOG.debug("blocking model {}: a pool of up to {} threads", model.name(), calls);
        return adapter.onOwnScheduler(pool(model.name(), calls, keepAlive));
    }

    /**
     * Releases what {@link #sizedForSwarm} made for a model: disposes the pool of its own, so that its threads end and
     * later calls are refused. A model on the shared scheduler, on a scheduler of the user's, or not blocking is left
     * as it is. {@code AgentSwarm.close()} calls this for its models.
     *
     * @param model a model, as {@link #sizedForSwarm} returned it
     */
    public static void release(SwarmModel model) {
        if (Objects.requireNonNull(model, "model") instanceof BlockingChatModelAdapter adapter) {
            adapter.release();
        }
    }

    private static Scheduler create() {
        ExecutorService vt = virtualThreadExecutor();
        if (vt != null) {
            LOG.debug("blocking calls run on virtual threads");
            return Schedulers.fromExecutorService(vt, "swarm-virtual");
        }
        LOG.debug(
                "blocking calls run on a shared pool of up to {} platform threads (no virtual threads before JDK 21)",
                SHARED_POOL_CALLS);
        return pool("shared", SHARED_POOL_CALLS, KEEP_ALIVE);
    }

    private static @Nullable ExecutorService virtualThreadExecutor() {
        try {
            Method m = java.util.concurrent.Executors.class.getMethod("newVirtualThreadPerTaskExecutor");
            return (ExecutorService) m.invoke(null);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }
}

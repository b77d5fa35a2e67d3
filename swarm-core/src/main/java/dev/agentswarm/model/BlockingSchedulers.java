package dev.agentswarm.model;

import java.lang.reflect.Method;
import java.util.concurrent.ExecutorService;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * Where blocking calls (a blocking {@code ChatModel}, a blocking tool) run. On JDK 21+ it is one virtual thread per
 * call, so thousands of blocking calls wait in parallel; on JDK 17 it is Reactor's bounded elastic scheduler, which
 * caps concurrent blocking calls at 10 × cores (see {@code docs/benchmarks.md}).
 */
public final class BlockingSchedulers {

    private static final Logger LOG = LoggerFactory.getLogger(BlockingSchedulers.class);
    private static volatile @Nullable Scheduler shared;

    private BlockingSchedulers() {}

    /** @return the shared scheduler for blocking model and tool calls; created on first use */
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
        return virtualThreadExecutor() != null;
    }

    private static Scheduler create() {
        ExecutorService vt = virtualThreadExecutor();
        if (vt != null) {
            LOG.debug("blocking calls run on virtual threads");
            return Schedulers.fromExecutorService(vt, "swarm-virtual");
        }
        LOG.debug("blocking calls run on boundedElastic (no virtual threads before JDK 21)");
        return Schedulers.boundedElastic();
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

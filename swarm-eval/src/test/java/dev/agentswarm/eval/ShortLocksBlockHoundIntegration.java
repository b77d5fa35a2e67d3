package dev.agentswarm.eval;

import reactor.blockhound.BlockHound;
import reactor.blockhound.integration.BlockHoundIntegration;

/**
 * Allows two short locks that are not blocking work under BlockHound, which the test platform installs.
 *
 * <p>The tests' virtual clock ({@code reactor.test.scheduler.VirtualTimeScheduler}) keeps its timers in a {@code PriorityBlockingQueue}, whose short lock is taken on every
 * schedule, cancel and drain. When two non-blocking threads contend for it, the waiting one parks, and BlockHound
 * throws its error from inside the lock's acquire. The lock is left with a waiter that will never take it: every later
 * user of the clock waits forever. In the rollout tests this was an episode that never began its first turn (its run
 * timeout could not be scheduled), or one that ended {@code TIMED_OUT} at once (the timeout's timer failed). That lock
 * is not the blocking BlockHound looks for, so it is allowed inside the clock's methods that schedule and cancel a
 * timer (and the due timers those calls run at once, as the clock does). Blocking anywhere else is still reported.
 *
 * <p>Jackson builds a deserializer the first time it meets a type, under a lock of its cache
 * ({@code DeserializerCache}); two runs parsing tool arguments at once on a cold cache contend for it, and a run failed
 * with {@code BlockingOperationError} in the first of many rollouts. Allowed inside that method only.
 *
 * <p>Loaded through {@code META-INF/services}, as BlockHound finds its integrations.
 */
public final class ShortLocksBlockHoundIntegration implements BlockHoundIntegration {

    private static final String CLOCK = "reactor.test.scheduler.VirtualTimeScheduler";

    private static final String JACKSON_DESERIALIZERS = "com.fasterxml.jackson.databind.deser.DeserializerCache";

    /** Made by the service loader. */
    public ShortLocksBlockHoundIntegration() {}

    @Override
    public void applyTo(BlockHound.Builder builder) {
        builder.allowBlockingCallsInside(CLOCK + "$VirtualTimeWorker", "doScheduleAtTime")
                .allowBlockingCallsInside(CLOCK + "$TimedRunnable", "dispose")
                .allowBlockingCallsInside(CLOCK, "dispose")
                .allowBlockingCallsInside(JACKSON_DESERIALIZERS, "_createAndCacheValueDeserializer");
    }
}

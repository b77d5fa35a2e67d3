package dev.agentswarm.model;

import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import reactor.core.Disposable;
import reactor.core.scheduler.Scheduler;
import reactor.util.context.Context;
import reactor.util.context.ContextView;

/**
 * A rate-limit permit taken at the wire: by the thread that sends a request, at the moment it sends it. A rate
 * limiter (the swarm's model policy) puts a gate into the Reactor context of a call to a model that queues its calls
 * before sending them, a blocking {@code ChatModel} adapted by {@link SwarmModel#of(String,
 * dev.langchain4j.model.chat.ChatModel)}; that adapter takes the permit on its worker thread, after the call has left
 * the queue, just before it calls the provider. So a call that waited in the queue never spends a permit that was
 * granted before the wait, and requests never bunch up past the limit at the provider. Models that send on
 * subscription take their permit from the limiter just before they are subscribed to, which is the same moment.
 */
public interface WireGate {

    /**
     * Tries to take a permit for one request now.
     *
     * @return 0 when the permit was taken and the request must be sent at once; otherwise how long to wait, in
     *     nanoseconds of {@link #timer()}, before trying again
     */
    long tryAcquire();

    /** @return the scheduler whose time the gate reads and on which waits are timed (virtual in tests) */
    Scheduler timer();

    /**
     * @param model a model
     * @return whether the model takes its permit from a gate in the Reactor context of its calls (a blocking
     *     {@code ChatModel} adapted by {@link SwarmModel#of(String, dev.langchain4j.model.chat.ChatModel)} or
     *     {@link SwarmModel#of(String, dev.langchain4j.model.chat.ChatModel, Scheduler)}); a limiter must take the
     *     permit itself, just before subscribing, for any other model
     */
    static boolean takenBy(SwarmModel model) {
        return Objects.requireNonNull(model, "model") instanceof BlockingChatModelAdapter;
    }

    /**
     * @param context the context of a call
     * @param gate the gate the call's sender must pass
     * @return the context with the gate
     */
    static Context into(Context context, WireGate gate) {
        return context.put(WireGate.class, Objects.requireNonNull(gate, "gate"));
    }

    /**
     * @param context the context of a call
     * @return the gate its sender must pass, or null when there is none
     */
    static @Nullable WireGate from(ContextView context) {
        return context.getOrDefault(WireGate.class, null);
    }

    /**
     * Takes a permit on the calling thread, which is about to send a request: returns at once when one is free,
     * otherwise blocks the thread until the gate's timer says to try again, and tries again. Only for threads that may
     * block (a blocking call's worker).
     *
     * @param gate the gate
     * @throws InterruptedException if the thread is interrupted while it waits (its call was cancelled)
     */
    static void awaitPermit(WireGate gate) throws InterruptedException {
        while (true) {
            long wait = gate.tryAcquire();
            if (wait <= 0) {
                return;
            }
            CountDownLatch due = new CountDownLatch(1);
            Disposable timer = gate.timer().schedule(due::countDown, wait, TimeUnit.NANOSECONDS);
            try {
                due.await();
            } finally {
                timer.dispose();
            }
        }
    }
}

package dev.agentswarm.internal.bulkhead;

import java.util.Objects;
import org.jspecify.annotations.Nullable;
import reactor.util.context.ContextView;

/**
 * One run's place in line at the bulkheads of its swarm: its id (for events and logs) and its weight, the run's
 * priority. Compared by identity: two runs are two lanes, whatever their ids. The launcher puts the run's lane, and
 * the swarm's task bulkhead if it has one, into the Reactor context of the run ({@link #into}); the task gate and the
 * model decorators read them from there ({@link #of}, {@link #taskBulkhead}).
 */
public final class Lane {

    /** The lane of work outside any run (a model called directly): weight 1. */
    public static final Lane UNATTRIBUTED = new Lane("(no run)", 1);

    private static final Object TASKS_KEY = new Object() {
        @Override
        public String toString() {
            return "swarm task bulkhead";
        }
    };

    private static final Object QUEUE_WAIT_KEY = new Object() {
        @Override
        public String toString() {
            return "task queue wait";
        }
    };

    private final String runId;
    private final int weight;

    /**
     * @param runId the run's id
     * @param weight the run's priority, at least 1: its share of contended places is proportional to it
     * @throws IllegalArgumentException if the weight is below 1
     */
    public Lane(String runId, int weight) {
        this.runId = Objects.requireNonNull(runId, "runId");
        if (weight < 1) {
            throw new IllegalArgumentException("a lane's weight must be >= 1, got " + weight);
        }
        this.weight = weight;
    }

    /** @return the run's id */
    public String runId() {
        return runId;
    }

    /** @return the run's weight (its priority) */
    public int weight() {
        return weight;
    }

    /**
     * @param context a Reactor context
     * @return the lane of the run the context belongs to, or {@link #UNATTRIBUTED}
     */
    public static Lane of(ContextView context) {
        Lane lane = context.getOrDefault(Lane.class, null);
        return lane == null ? UNATTRIBUTED : lane;
    }

    /**
     * @param context a Reactor context
     * @return the task bulkhead of the swarm the run belongs to, or null when it has none
     */
    public static @Nullable FairBulkhead taskBulkhead(ContextView context) {
        Object b = context.getOrDefault(TASKS_KEY, null);
        return b instanceof FairBulkhead f ? f : null;
    }

    /**
     * @param context the context of a run
     * @param taskBulkhead the swarm's task bulkhead, or null when it has none
     * @return the context with this lane and the task bulkhead
     */
    public reactor.util.context.Context into(
            reactor.util.context.Context context, @Nullable FairBulkhead taskBulkhead) {
        reactor.util.context.Context c = context.put(Lane.class, this);
        return taskBulkhead == null ? c : c.put(TASKS_KEY, taskBulkhead);
    }

    /**
     * @param context the context a task runs in
     * @return how long the task waited at the task bulkhead before it started; zero when it did not
     */
    public static java.time.Duration queueWait(ContextView context) {
        java.time.Duration waited = context.getOrDefault(QUEUE_WAIT_KEY, null);
        return waited == null ? java.time.Duration.ZERO : waited;
    }

    /**
     * @param context the context a task runs in
     * @param waited how long it waited at the task bulkhead
     * @return the context with the wait
     */
    public static reactor.util.context.Context withQueueWait(
            reactor.util.context.Context context, java.time.Duration waited) {
        return context.put(QUEUE_WAIT_KEY, waited);
    }

    @Override
    public String toString() {
        return "Lane[" + runId + ", weight " + weight + "]";
    }
}

package dev.agentswarm.internal.resilience;

import java.util.ArrayDeque;
import java.util.Iterator;

/**
 * A sliding-window-log limiter: at most {@code capacity} units (requests or tokens) are granted in any window of
 * {@code window} nanoseconds, however the window is placed. Grants are first come, first served: a caller that
 * reserves now gets a start time no earlier than any earlier grant, and waits until then. Pure and thread-safe; time
 * is passed in, so it runs on any clock, virtual time included.
 *
 * <p>A grant at time {@code t} of weight {@code w} is allowed when the weights granted in {@code (t - window, t]}
 * plus {@code w} do not exceed the capacity; so in any half-open window of length {@code window} the granted weights
 * never exceed the capacity. A weight above the capacity is treated as the whole capacity, so that it can be granted
 * at all. A grant that was never used can be {@linkplain #release released}.
 */
final class SlidingWindowLimiter {

    private final long capacity;
    private final long windowNanos;
    private final ArrayDeque<long[]> grants = new ArrayDeque<>();
    private long lastGrant = Long.MIN_VALUE;

    /**
     * @param capacity the most units in any window, at least 1
     * @param windowNanos the window's length in nanoseconds, at least 1
     * @throws IllegalArgumentException if either is below 1
     */
    public SlidingWindowLimiter(long capacity, long windowNanos) {
        if (capacity < 1 || windowNanos < 1) {
            throw new IllegalArgumentException(
                    "capacity and window must be >= 1, got " + capacity + " and " + windowNanos);
        }
        this.capacity = capacity;
        this.windowNanos = windowNanos;
    }

    /** @return the most units in any window */
    public long capacity() {
        return capacity;
    }

    /**
     * The earliest time, not before {@code notBefore} nor before the last grant, at which {@code weight} units could be
     * granted. Reserves nothing.
     *
     * @param weight the units wanted
     * @param notBefore the earliest acceptable time, in nanoseconds
     * @return the earliest grant time, in nanoseconds
     */
    public synchronized long earliest(long weight, long notBefore) {
        long w = Math.min(Math.max(weight, 0), capacity);
        long t = Math.max(notBefore, lastGrant);
        long inWindow = 0;
        for (long[] g : grants) {
            if (g[0] > t - windowNanos) {
                inWindow += g[1];
            }
        }
        Iterator<long[]> it = grants.iterator();
        while (inWindow + w > capacity && it.hasNext()) {
            long[] g = it.next();
            if (g[0] > t - windowNanos) {
                inWindow -= g[1];
                t = Math.max(t, g[0] + windowNanos);
            }
        }
        return t;
    }

    /**
     * Records a grant. Times of grants must not decrease; an earlier time is moved up to the last grant.
     *
     * @param at the grant time, in nanoseconds, usually from {@link #earliest}
     * @param weight the units granted
     * @param now the current time, to forget grants that no window can reach any more
     */
    public synchronized void record(long at, long weight, long now) {
        long t = Math.max(at, lastGrant);
        grants.addLast(new long[] {t, Math.min(Math.max(weight, 0), capacity)});
        lastGrant = t;
        while (!grants.isEmpty() && grants.peekFirst()[0] <= now - windowNanos) {
            grants.pollFirst();
        }
    }

    /**
     * Gives back a grant that was never used: a caller that reserved, then stopped waiting (it was cancelled or timed
     * out before its grant time), releases its units so that later callers do not book slots further away. Grants of
     * the same time and weight are interchangeable, so any one of them is removed. A grant whose time has come is not
     * released: its call may have started.
     *
     * @param at the grant's time, in nanoseconds, as reserved
     * @param weight the units reserved
     * @param now the current time, in nanoseconds
     * @return whether a grant was released; false when its time has come or no such grant is recorded
     */
    public synchronized boolean release(long at, long weight, long now) {
        if (at <= now) {
            return false;
        }
        long w = Math.min(Math.max(weight, 0), capacity);
        Iterator<long[]> it = grants.descendingIterator();
        while (it.hasNext()) {
            long[] g = it.next();
            if (g[0] < at) {
                break;
            }
            if (g[0] == at && g[1] == w) {
                it.remove();
                // First come, first served still holds: nobody may start before the latest grant that remains.
                long[] last = grants.peekLast();
                lastGrant = last == null ? Long.MIN_VALUE : last[0];
                return true;
            }
        }
        return false;
    }

    /**
     * Reserves {@code weight} units at the earliest possible time.
     *
     * @param weight the units wanted
     * @param now the current time, in nanoseconds
     * @return how long the caller must wait before it may start, in nanoseconds, never negative
     */
    public synchronized long reserve(long weight, long now) {
        long at = earliest(weight, now);
        record(at, weight, now);
        return at - now;
    }
}

package dev.agentswarm.internal.run;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The past task durations of each subagent, by name, across the runs of one swarm: an exponentially weighted mean
 * (weight 0.3 on the newest). Used to start the longest-expected tasks first. Thread-safe.
 *
 * <p>Bounded: it keeps at most {@link #capacity()} names, the least recently used name is forgotten first. An
 * orchestrator that invents a new subagent name in every run therefore costs a fixed amount of memory however long
 * the swarm lives (see {@code docs/concurrency.md}); a forgotten name is simply unknown, and its tasks start in call
 * order after those with an expectation.
 */
public final class DurationHistory {

    /** The names a swarm remembers by default. */
    public static final int DEFAULT_CAPACITY = 1_024;

    private static final double WEIGHT = 0.3;
    private final int capacity;
    private final Map<String, double[]> meanNanos;

    /** A history of up to {@link #DEFAULT_CAPACITY} names. */
    public DurationHistory() {
        this(DEFAULT_CAPACITY);
    }

    /**
     * @param capacity the most names remembered, at least 1
     * @throws IllegalArgumentException if below 1
     */
    public DurationHistory(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be >= 1, got " + capacity);
        }
        this.capacity = capacity;
        this.meanNanos = new LinkedHashMap<>(16, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<String, double[]> eldest) {
                return size() > DurationHistory.this.capacity;
            }
        };
    }

    /** @return the most names remembered */
    public int capacity() {
        return capacity;
    }

    /** @return the names remembered now */
    public synchronized int size() {
        return meanNanos.size();
    }

    /**
     * Adds one task's duration.
     *
     * @param agent the subagent's name
     * @param duration how long its task took
     */
    public synchronized void add(String agent, Duration duration) {
        double d = duration.toNanos();
        double[] m = meanNanos.get(agent);
        if (m == null) {
            meanNanos.put(agent, new double[] {d});
        } else {
            m[0] += WEIGHT * (d - m[0]);
        }
    }

    /**
     * @param agent the subagent's name
     * @return its mean task duration, or null if none is known
     */
    public synchronized @Nullable Duration expected(String agent) {
        double[] m = meanNanos.get(agent);
        return m == null ? null : Duration.ofNanos(Math.round(m[0]));
    }
}

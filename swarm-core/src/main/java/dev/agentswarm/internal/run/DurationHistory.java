package dev.agentswarm.internal.run;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * The past task durations of each subagent, by name, across the runs of one swarm: an exponentially weighted mean
 * (weight 0.3 on the newest). Used to start the longest-expected tasks first. Thread-safe.
 */
public final class DurationHistory {

    private static final double WEIGHT = 0.3;
    private final Map<String, Double> meanNanos = new ConcurrentHashMap<>();

    /**
     * Adds one task's duration.
     *
     * @param agent the subagent's name
     * @param duration how long its task took
     */
    public void add(String agent, Duration duration) {
        double d = duration.toNanos();
        meanNanos.merge(agent, d, (old, now) -> old + WEIGHT * (now - old));
    }

    /**
     * @param agent the subagent's name
     * @return its mean task duration, or null if none is known
     */
    public @Nullable Duration expected(String agent) {
        Double m = meanNanos.get(agent);
        return m == null ? null : Duration.ofNanos(Math.round(m));
    }
}

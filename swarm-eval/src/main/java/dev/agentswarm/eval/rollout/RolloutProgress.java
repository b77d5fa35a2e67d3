package dev.agentswarm.eval.rollout;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * Live progress of a rollout.
 *
 * @param episodesTotal the episodes asked for
 * @param episodesDone the episodes ended, whatever their outcome
 * @param episodesNotOk the ended episodes that did not complete or were not judged
 * @param episodesInFlight the episodes running now
 * @param peakEpisodesInFlight the most episodes that ran at once
 * @param tasksInFlight the subagent tasks running now, over every episode
 * @param peakTasksInFlight the most subagent tasks that ran at once
 * @param tasksCompleted the subagent tasks ended so far
 * @param elapsed the time since the rollout started
 * @param firstEpisodeDone the time from the start to the first ended episode, or null before it
 */
public record RolloutProgress(
        int episodesTotal,
        int episodesDone,
        int episodesNotOk,
        int episodesInFlight,
        int peakEpisodesInFlight,
        long tasksInFlight,
        long peakTasksInFlight,
        long tasksCompleted,
        Duration elapsed,
        @Nullable Duration firstEpisodeDone) {

    /** @return subagent tasks ended per second of elapsed time; 0 before any time passed */
    public double tasksPerSecond() {
        long ms = elapsed.toMillis();
        return ms <= 0 ? 0.0 : tasksCompleted * 1000.0 / ms;
    }

    /** @return a one-line summary for a terminal or a log */
    public String line() {
        return String.format(
                java.util.Locale.ROOT,
                "episodes %d/%d (%d not ok, %d running), tasks in flight %d (peak %d), %d tasks done, %.1f tasks/s",
                episodesDone,
                episodesTotal,
                episodesNotOk,
                episodesInFlight,
                tasksInFlight,
                peakTasksInFlight,
                tasksCompleted,
                tasksPerSecond());
    }
}

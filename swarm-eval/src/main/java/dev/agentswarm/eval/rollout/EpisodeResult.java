package dev.agentswarm.eval.rollout;

import com.fasterxml.jackson.annotation.JsonIgnore;
import dev.agentswarm.eval.reward.RewardTerms;
import dev.agentswarm.eval.trajectory.TrajectoryRecord;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The outcome of one episode: one line of {@code episodes.jsonl} (snake_case), its trajectory written apart to
 * {@code trajectories.jsonl}.
 *
 * @param episodeId the episode's id, {@code e<index>}
 * @param index the episode's index, from 0
 * @param line the dataset line of its task, from 1 (0 for a task made in code)
 * @param taskId the task's id, or null when its line was invalid
 * @param runId the swarm run's id, or null when no run started
 * @param seed the episode's seed, or null when its line was invalid
 * @param prompt the prompt given to the swarm after templating and paraphrase, or null
 * @param status the run's status ({@code COMPLETED}, {@code FAILED}, {@code BUDGET_EXHAUSTED}, {@code TIMED_OUT},
 *     …), or {@code INVALID_INPUT} (a bad dataset line, an unknown toolset or judge) or {@code ERROR} (the episode
 *     could not run)
 * @param error what went wrong, naming the episode and its line; null when the run completed
 * @param judgeError why the judge could not score the answer, or null
 * @param answer the run's answer, or null
 * @param reward the reward terms, or null when no run ended
 * @param criticalSteps the run's critical steps
 * @param totalSteps the run's total steps
 * @param tasks the subagent tasks the run dispatched
 * @param tokens the run's input plus output tokens
 * @param wallMillis the run's wall time
 * @param turns the orchestrator turns recorded in its trajectory
 * @param trajectory the trajectory, one record per orchestrator turn (not part of the episode line)
 */
public record EpisodeResult(
        String episodeId,
        int index,
        int line,
        @Nullable String taskId,
        @Nullable String runId,
        @Nullable Long seed,
        @Nullable String prompt,
        String status,
        @Nullable String error,
        @Nullable String judgeError,
        @Nullable String answer,
        @Nullable RewardTerms reward,
        int criticalSteps,
        int totalSteps,
        int tasks,
        long tokens,
        long wallMillis,
        int turns,
        @JsonIgnore List<TrajectoryRecord> trajectory) {

    /** The status of an episode whose input was bad. */
    public static final String INVALID_INPUT = "INVALID_INPUT";

    /** The status of an episode that could not run. */
    public static final String ERROR = "ERROR";

    /**
     * Copies the trajectory.
     *
     * @param episodeId the id
     * @param index the index
     * @param line the dataset line
     * @param taskId the task, or null
     * @param runId the run, or null
     * @param seed the seed, or null
     * @param prompt the prompt, or null
     * @param status the status
     * @param error the error, or null
     * @param judgeError the judge's error, or null
     * @param answer the answer, or null
     * @param reward the reward terms, or null
     * @param criticalSteps critical steps
     * @param totalSteps total steps
     * @param tasks tasks
     * @param tokens tokens
     * @param wallMillis wall time
     * @param turns orchestrator turns
     * @param trajectory the trajectory
     */
    public EpisodeResult {
        trajectory = List.copyOf(trajectory);
    }

    static EpisodeResult failed(
            String episodeId, int index, int line, @Nullable String taskId, String status, String error) {
        return new EpisodeResult(
                episodeId, index, line, taskId, null, null, null, status, error, null, null, null, 0, 0, 0, 0, 0, 0,
                List.of());
    }

    /** @return whether the episode's run completed and its answer was judged */
    public boolean ok() {
        return "COMPLETED".equals(status) && judgeError == null;
    }
}

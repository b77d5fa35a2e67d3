package dev.agentswarm.spring.actuate;

import dev.agentswarm.spring.runs.SwarmRuns;
import dev.agentswarm.spring.runs.TrackedRun;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.boot.actuate.endpoint.annotation.DeleteOperation;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;

/**
 * The {@code swarm} Actuator endpoint: the runs in flight that were started through {@link SwarmRuns} (the web
 * endpoints or the application), each with its stage, its tasks running and queued and its tokens so far; a delete
 * cancels one.
 */
@Endpoint(id = "swarm")
public class SwarmEndpoint {

    private final SwarmRuns runs;

    /** @param runs the registry of runs */
    public SwarmEndpoint(SwarmRuns runs) {
        this.runs = runs;
    }

    /**
     * The runs in flight.
     *
     * @return how many, the tokens every tracked run used together, and each run in flight, oldest first
     */
    @ReadOperation
    public Runs runs() {
        List<RunInFlight> inFlight =
                runs.inFlight().stream().map(SwarmEndpoint::describe).toList();
        return new Runs(inFlight.size(), runs.tokensUsed(), inFlight);
    }

    /**
     * Cancels a run in flight; it keeps what it completed.
     *
     * @param runId the run's id
     * @return what happened: {@code cancelled}, {@code already-ended} or {@code unknown}
     */
    @DeleteOperation
    public Cancelled cancel(@Selector String runId) {
        Optional<TrackedRun> found = runs.find(runId);
        if (found.isEmpty()) {
            return new Cancelled(runId, "unknown");
        }
        return new Cancelled(runId, found.get().cancel() ? "cancelled" : "already-ended");
    }

    private static RunInFlight describe(TrackedRun run) {
        return new RunInFlight(
                run.runId(), run.startedAt(), run.stage(), run.tasksRunning(), run.tasksQueued(), run.tokens());
    }

    /**
     * The runs in flight.
     *
     * @param count how many
     * @param tokensUsed the tokens every tracked run, ended or not, used together
     * @param runs the runs, oldest first
     */
    public record Runs(int count, long tokensUsed, List<RunInFlight> runs) {}

    /**
     * One run in flight.
     *
     * @param runId its id
     * @param startedAt when it started
     * @param stage the stage in progress or last run, -1 before the first
     * @param tasksRunning its tasks running now
     * @param tasksQueued its tasks assigned and waiting for their turn
     * @param tokens the tokens its model calls used so far
     */
    public record RunInFlight(
            String runId, Instant startedAt, int stage, int tasksRunning, int tasksQueued, long tokens) {}

    /**
     * The outcome of a cancel.
     *
     * @param runId the run's id
     * @param outcome {@code cancelled}, {@code already-ended} or {@code unknown}
     */
    public record Cancelled(String runId, String outcome) {}
}

package dev.agentswarm.eval;

import dev.agentswarm.report.RunReport;
import dev.agentswarm.report.RunStatus;
import dev.agentswarm.report.StageReport;
import dev.agentswarm.report.SwarmResult;
import dev.agentswarm.report.TaskResult;
import dev.agentswarm.report.TaskStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Hand-built runs for tests of rewards and detectors. */
public final class Runs {

    private Runs() {}

    public static TaskResult task(String id, String prompt, TaskStatus status, int steps) {
        return new TaskResult(
                id,
                "worker",
                prompt,
                status,
                status == TaskStatus.COMPLETED ? "ok" : "",
                status == TaskStatus.COMPLETED ? null : "it failed",
                steps,
                Map.of(),
                Instant.EPOCH,
                Duration.ZERO);
    }

    public static TaskResult done(String id, int steps) {
        return task(id, "prompt of " + id, TaskStatus.COMPLETED, steps);
    }

    public static TaskResult failed(String id, int steps) {
        return task(id, "prompt of " + id, TaskStatus.FAILED, steps);
    }

    public static StageReport stage(int index, TaskResult... tasks) {
        return new StageReport(index, 1, List.of(tasks), List.of(), Instant.EPOCH, Duration.ZERO);
    }

    public static SwarmResult result(String answer, StageReport... stages) {
        return new SwarmResult(
                "run",
                RunStatus.COMPLETED,
                answer,
                null,
                List.of(),
                new RunReport(new ArrayList<>(List.of(stages)), Map.of(), Instant.EPOCH, Duration.ZERO, 0, List.of()));
    }

    public static final EvalTask TASK = new EvalTask("t1", "do it", "42");
}

package dev.agentswarm.report;

import dev.agentswarm.subagent.SubagentDefinition;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What a run returns: its status, the answer, the subagents it defined and the full report.
 *
 * @param runId the run's id
 * @param status how the run ended
 * @param answer the orchestrator's final answer when {@code status} is {@link RunStatus#COMPLETED}; otherwise the
 *     partial answer: the orchestrator's last text, or else the final messages of the completed tasks
 * @param reason why the run did not complete (which limit or budget, which failure), or {@code null}
 * @param subagents the subagents defined during the run, in creation order
 * @param report the accounting of the run
 */
public record SwarmResult(
        String runId,
        RunStatus status,
        String answer,
        @Nullable String reason,
        List<SubagentDefinition> subagents,
        RunReport report) {

    /**
     * Validates and copies the result.
     *
     * @param runId the run's id
     * @param status how the run ended
     * @param answer the orchestrator's final answer when {@code status} is {@link RunStatus#COMPLETED}; otherwise the partial answer: the orchestrator's last text, or else the final messages of the completed tasks
     * @param reason why the run did not complete (which limit or budget, which failure), or {@code null}
     * @param subagents the subagents defined during the run, in creation order
     * @param report the accounting of the run
     * @throws IllegalArgumentException if a non-completed result has no reason
     */
    public SwarmResult {
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(answer, "answer");
        Objects.requireNonNull(report, "report");
        subagents = List.copyOf(subagents);
        if (status != RunStatus.COMPLETED && (reason == null || reason.isBlank())) {
            throw new IllegalArgumentException("a " + status + " run needs a reason");
        }
    }

    /** @return whether the orchestrator gave a final answer */
    public boolean isCompleted() {
        return status == RunStatus.COMPLETED;
    }

    /** @return the critical steps of the run; see {@link RunReport#criticalSteps()} */
    public int criticalSteps() {
        return report.criticalSteps();
    }

    /** @return every task of the run, in stage and call order */
    public List<TaskResult> tasks() {
        return report.tasks();
    }
}

package dev.agentswarm.model;

import java.util.Optional;
import org.jspecify.annotations.Nullable;
import reactor.util.context.ContextView;

/**
 * Who makes a model call, readable by a {@link SwarmModel} decorator from the Reactor context of its
 * {@link SwarmModel#chat} call ({@code Mono.deferContextual(view -> ModelCallScope.of(view) ...)}). The runtime puts
 * it in the context of every orchestrator turn and every subagent turn, so that one decorated model shared by many
 * concurrent runs can tell them apart, for example to record each run's orchestrator requests and responses exactly
 * as the model saw them (swarm-eval's trajectory capture). Calls that a context policy makes (a summary) carry none.
 *
 * @param runId the run's id
 * @param role {@code orchestrator}, or the name of the subagent whose task calls
 * @param stage the stage index, from 0
 * @param taskId the task's id, or null for an orchestrator turn
 * @param step the caller's step number, from 1
 */
public record ModelCallScope(
        String runId, String role, int stage, @Nullable String taskId, int step) {

    /**
     * @param context the Reactor context of a {@link SwarmModel#chat} call
     * @return the scope of that call, or empty when the call was not made by a run's turn
     */
    public static Optional<ModelCallScope> of(ContextView context) {
        return context.getOrEmpty(ModelCallScope.class);
    }

    /** @return whether an orchestrator turn makes the call */
    public boolean orchestrator() {
        return taskId == null;
    }
}

package dev.agentswarm.eval;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A task to evaluate on, with its gold answer.
 *
 * @param id a stable id for reports
 * @param prompt the task given to the swarm and to the baseline
 * @param gold the gold answer a {@link Scorer} compares with (for WideSearch, the gold markdown table), or null
 */
public record EvalTask(String id, String prompt, @Nullable String gold) {

    /**
     * Validates the task.
     *
     * @param id a stable id for reports
     * @param prompt the task given to the swarm and to the baseline
     * @param gold the gold answer a {@link Scorer} compares with (for WideSearch, the gold markdown table), or null
     * @throws IllegalArgumentException if the id or the prompt is blank
     */
    public EvalTask {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(prompt, "prompt");
        if (id.isBlank() || prompt.isBlank()) {
            throw new IllegalArgumentException(
                    "an evaluation task needs a non-blank id and prompt, got id='" + id + "'");
        }
    }
}

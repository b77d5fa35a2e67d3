package dev.agentswarm.eval.widesearch;

import dev.agentswarm.eval.EvalTask;
import java.util.Objects;

/**
 * One task of the WideSearch dataset.
 *
 * @param id the instance id, for example {@code ws_en_001}
 * @param query the task given to the agent
 * @param language the task's language ({@code en}, {@code zh}), empty when the record has none
 * @param spec its evaluation settings
 * @param gold its gold table
 * @param goldCsv the gold CSV text
 */
public record WideSearchTask(
        String id, String query, String language, WideSearchSpec spec, WideSearchGold gold, String goldCsv) {

    /**
     * Checks the fields.
     *
     * @param id the instance id
     * @param query the task given to the agent
     * @param language the task's language
     * @param spec its evaluation settings
     * @param gold its gold table
     * @param goldCsv the gold CSV text
     */
    public WideSearchTask {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(query, "query");
        Objects.requireNonNull(language, "language");
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(gold, "gold");
        Objects.requireNonNull(goldCsv, "goldCsv");
    }

    /** @return the task for the evaluation runner and for rollouts: its id, its query and its gold CSV */
    public EvalTask toEvalTask() {
        return new EvalTask(id, query, goldCsv);
    }
}

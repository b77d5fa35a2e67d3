package dev.agentswarm.policy;

/**
 * The structural limits of a run, enforced before any work is dispatched. The defaults follow the WideSearch
 * setting of the Kimi K2.5 report (100 orchestrator steps, 100 steps per subagent).
 *
 * <p>What happens when one is hit:
 * <ul>
 *   <li>{@code maxOrchestratorSteps}: the run ends with {@code ORCHESTRATOR_STEP_LIMIT} and its partial results;</li>
 *   <li>{@code maxSubagentSteps}: that task ends with {@code STEP_LIMIT}; its siblings and the run go on;</li>
 *   <li>{@code maxSubagentDefinitions}, {@code maxTasksPerStage}: the refused call gets an error tool result that
 *       names the limit, so the orchestrator can adapt; the run goes on and the report lists the hit;</li>
 * </ul>
 *
 * <p>How many tasks the whole run may launch is a budget, {@link Budget#maxTasks()}.
 *
 * @param maxOrchestratorSteps the orchestrator's model turns, at least 1
 * @param maxSubagentSteps each task's model turns, at least 1
 * @param maxSubagentDefinitions how many subagents may be created, at least 0
 * @param maxTasksPerStage how many tasks one orchestrator turn may launch, at least 1
 */
public record Limits(int maxOrchestratorSteps, int maxSubagentSteps, int maxSubagentDefinitions, int maxTasksPerStage) {

    /** The defaults: 100 orchestrator steps, 100 subagent steps, 100 definitions, 256 tasks per stage. */
    public static final Limits DEFAULTS = new Limits(100, 100, 100, 256);

    /**
     * Validates the limits.
     *
     * @param maxOrchestratorSteps the orchestrator's model turns, at least 1
     * @param maxSubagentSteps each task's model turns, at least 1
     * @param maxSubagentDefinitions how many subagents may be created, at least 0
     * @param maxTasksPerStage how many tasks one orchestrator turn may launch, at least 1
     * @throws IllegalArgumentException if a limit is out of range; the message names it
     */
    public Limits {
        requireAtLeast("maxOrchestratorSteps", maxOrchestratorSteps, 1);
        requireAtLeast("maxSubagentSteps", maxSubagentSteps, 1);
        requireAtLeast("maxSubagentDefinitions", maxSubagentDefinitions, 0);
        requireAtLeast("maxTasksPerStage", maxTasksPerStage, 1);
    }

    /** @return a builder that starts from {@link #DEFAULTS} */
    public static Builder builder() {
        return new Builder(DEFAULTS);
    }

    /** @return a builder that starts from these limits */
    public Builder toBuilder() {
        return new Builder(this);
    }

    private static void requireAtLeast(String name, int value, int min) {
        if (value < min) {
            throw new IllegalArgumentException(name + " must be >= " + min + ", got " + value);
        }
    }

    /** Builds {@link Limits}; {@link #build()} validates. */
    public static final class Builder {
        private int maxOrchestratorSteps;
        private int maxSubagentSteps;
        private int maxSubagentDefinitions;
        private int maxTasksPerStage;

        private Builder(Limits from) {
            maxOrchestratorSteps = from.maxOrchestratorSteps;
            maxSubagentSteps = from.maxSubagentSteps;
            maxSubagentDefinitions = from.maxSubagentDefinitions;
            maxTasksPerStage = from.maxTasksPerStage;
        }

        /**
         * @param v the orchestrator's model turns
         * @return this builder
         */
        public Builder maxOrchestratorSteps(int v) {
            maxOrchestratorSteps = v;
            return this;
        }

        /**
         * @param v each task's model turns
         * @return this builder
         */
        public Builder maxSubagentSteps(int v) {
            maxSubagentSteps = v;
            return this;
        }

        /**
         * @param v how many subagents may be created
         * @return this builder
         */
        public Builder maxSubagentDefinitions(int v) {
            maxSubagentDefinitions = v;
            return this;
        }

        /**
         * @param v how many tasks one orchestrator turn may launch
         * @return this builder
         */
        public Builder maxTasksPerStage(int v) {
            maxTasksPerStage = v;
            return this;
        }

        /**
         * @return the limits
         * @throws IllegalArgumentException if a limit is out of range
         */
        public Limits build() {
            return new Limits(maxOrchestratorSteps, maxSubagentSteps, maxSubagentDefinitions, maxTasksPerStage);
        }
    }
}

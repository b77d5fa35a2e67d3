/**
 * Evaluation and training support for orchestration policies: tasks with gold answers ({@link dev.agentswarm.eval.EvalTask}) and scorers ({@link dev.agentswarm.eval.Scorer}); the subpackages hold the PARL reward, detectors, trajectory export, the single-agent baseline, the evaluation runner and the WideSearch scorer. See {@code docs/policies.md} for every formula.
 */
@NullMarked
package dev.agentswarm.eval;

import org.jspecify.annotations.NullMarked;

/**
 * Limits and budgets a run is held to: step limits per role, the number of subagent definitions and tasks, tokens,
 * cost, critical steps and wall time, all enforced before work is dispatched; and how a stage's tasks are ordered
 * when concurrency is the bottleneck.
 */
@NullMarked
package dev.agentswarm.policy;

import org.jspecify.annotations.NullMarked;

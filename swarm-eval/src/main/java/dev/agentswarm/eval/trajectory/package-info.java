/**
 * Trajectory export for RL trainers: one versioned JSONL record per orchestrator turn, built from a run's result and its events.
 */
@NullMarked
package dev.agentswarm.eval.trajectory;

import org.jspecify.annotations.NullMarked;

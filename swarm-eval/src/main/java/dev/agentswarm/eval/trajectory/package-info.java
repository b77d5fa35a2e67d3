/**
 * Trajectory export for RL trainers: one versioned JSONL record per orchestrator turn, holding the request and response exactly as the orchestrator model saw them (captured by a model decorator), with the tool results it saw qualified by kind and stage.
 */
@NullMarked
package dev.agentswarm.eval.trajectory;

import org.jspecify.annotations.NullMarked;

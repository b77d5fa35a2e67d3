/**
 * The RL environment: a dataset of tasks (JSONL), many concurrent episodes on one shared swarm per toolset, pluggable
 * toolsets, judges, prompt templates and paraphrase hooks, seeds, per-episode isolation, live progress, and per-episode
 * outcomes, reward terms and faithful trajectories as JSONL.
 */
@NullMarked
package dev.agentswarm.eval.rollout;

import org.jspecify.annotations.NullMarked;

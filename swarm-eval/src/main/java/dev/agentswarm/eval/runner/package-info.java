/**
 * The evaluation runner: runs every task as a swarm and as the single-agent baseline and reports accuracy, critical steps, tokens and the wall-time ratio.
 */
@NullMarked
package dev.agentswarm.eval.runner;

import org.jspecify.annotations.NullMarked;

/**
 * The single-agent baseline: the same model and tools in one serial tool loop without the swarm tools, reported in the same shape as a swarm run (critical steps equal steps).
 */
@NullMarked
package dev.agentswarm.eval.baseline;

import org.jspecify.annotations.NullMarked;

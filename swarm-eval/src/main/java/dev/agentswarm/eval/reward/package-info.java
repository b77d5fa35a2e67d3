/**
 * The PARL reward {@code r = λ1·r_parallel + λ2·r_finish + r_perf} with pluggable components and λ schedules (constant, linear, cosine annealing to 0 over training steps).
 */
@NullMarked
package dev.agentswarm.eval.reward;

import org.jspecify.annotations.NullMarked;

/**
 * Detectors of orchestration pathologies over a finished run: serial collapse, spurious parallelism and imbalance.
 */
@NullMarked
package dev.agentswarm.eval.detect;

import org.jspecify.annotations.NullMarked;

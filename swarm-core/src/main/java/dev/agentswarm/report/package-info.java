/**
 * What a run produced and what it cost: task results, stage reports, critical steps, tokens, wall time and the final {@link dev.agentswarm.report.SwarmResult}.
 */
@NullMarked
package dev.agentswarm.report;

import org.jspecify.annotations.NullMarked;

/**
 * Runtime machinery, not API: turns task results into the bounded tool results the orchestrator sees.
 */
@NullMarked
package dev.agentswarm.internal.aggregation;

import org.jspecify.annotations.NullMarked;

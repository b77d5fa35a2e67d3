/**
 * Runtime machinery, not API: the orchestrator loop that turns swarm tool calls into subagent definitions and parallel stages.
 */
@NullMarked
package dev.agentswarm.internal.orchestrator;

import org.jspecify.annotations.NullMarked;

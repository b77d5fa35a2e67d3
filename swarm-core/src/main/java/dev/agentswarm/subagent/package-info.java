/**
 * Frozen subagent definitions: a name, a system prompt, a toolset and a model, fixed once the orchestrator creates them.
 */
@NullMarked
package dev.agentswarm.subagent;

import org.jspecify.annotations.NullMarked;

/**
 * Limits a run is held to: step limits per role, the number of subagent definitions and tasks, enforced before work is dispatched.
 */
@NullMarked
package dev.agentswarm.policy;

import org.jspecify.annotations.NullMarked;

/**
 * The machinery of a run's controls: the approval gate (asks, times out, journals and replays decisions), output
 * schemas (compiled and checked with networknt's validator) and guardrail checks with their events.
 */
@NullMarked
package dev.agentswarm.internal.control;

import org.jspecify.annotations.NullMarked;

/**
 * Runtime machinery, not API: the runner of one subagent task in a fresh, isolated context with its own tool loop.
 */
@NullMarked
package dev.agentswarm.internal.subagent;

import org.jspecify.annotations.NullMarked;

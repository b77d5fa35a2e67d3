/**
 * The typed events of a run, emitted while it runs and serialisable with Jackson under stable type names.
 */
@NullMarked
package dev.agentswarm.event;

import org.jspecify.annotations.NullMarked;

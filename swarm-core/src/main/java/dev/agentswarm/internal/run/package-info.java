/**
 * Runtime machinery, not API: the settings of a swarm and the explicit context one run carries (ids, clock, events,
 * accounting), passed down to every component instead of thread-locals.
 */
@NullMarked
package dev.agentswarm.internal.run;

import org.jspecify.annotations.NullMarked;

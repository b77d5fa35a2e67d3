/**
 * Helpers for tests over run journals and event streams: which tasks finished or are in flight, and the shape of an
 * event sequence without its timestamps and latencies, for comparing runs.
 */
@NullMarked
package dev.agentswarm.test.journal;

import org.jspecify.annotations.NullMarked;

/**
 * Runtime machinery, not API: runs the tasks of one stage concurrently under a concurrency bound, keeping call order in the results.
 */
@NullMarked
package dev.agentswarm.internal.scheduler;

import org.jspecify.annotations.NullMarked;

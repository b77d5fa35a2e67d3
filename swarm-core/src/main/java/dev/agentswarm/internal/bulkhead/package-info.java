/**
 * Machinery, not API: the swarm-wide bulkhead. A {@link dev.agentswarm.internal.bulkhead.FairBulkhead} caps the work
 * in flight across every run of one swarm (subagent tasks, or one model's calls) and hands freed places to the runs
 * that wait, fairly by their priority; a {@link dev.agentswarm.internal.bulkhead.Lane} is one run's place in line.
 * Depends on no other internal package.
 */
@NullMarked
package dev.agentswarm.internal.bulkhead;

import org.jspecify.annotations.NullMarked;

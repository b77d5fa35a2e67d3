/**
 * The Temporal workflow and activity interfaces of a swarm run and their implementations. Public because Temporal
 * proxies them; not API: use {@link dev.agentswarm.temporal.TemporalSwarm} and
 * {@link dev.agentswarm.temporal.TemporalSwarmWorkers}.
 */
@NullMarked
package dev.agentswarm.temporal.workflow;

import org.jspecify.annotations.NullMarked;

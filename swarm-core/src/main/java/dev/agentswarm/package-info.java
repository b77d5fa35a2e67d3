/**
 * The entry point of agent-swarm: {@link dev.agentswarm.AgentSwarm} and its builder, which run a swarm and hand back a {@link dev.agentswarm.SwarmRun}.
 */
@NullMarked
package dev.agentswarm;

import org.jspecify.annotations.NullMarked;

/**
 * Scale-out on Temporal: one swarm across many worker processes, durable through worker crashes. Workers register a
 * {@link dev.agentswarm.temporal.SwarmDefinition} with {@link dev.agentswarm.temporal.TemporalSwarmWorkers}; clients
 * start runs with {@link dev.agentswarm.temporal.TemporalSwarm} and get the same
 * {@link dev.agentswarm.report.SwarmResult} and events as an in-process {@link dev.agentswarm.AgentSwarm}.
 */
@NullMarked
package dev.agentswarm.temporal;

import org.jspecify.annotations.NullMarked;

/**
 * OpenTelemetry traces (GenAI semantic conventions) and Micrometer metrics and observations of agent-swarm runs, made
 * from the run's typed events: {@link dev.agentswarm.observability.SwarmTelemetry} is the entry point.
 */
@org.jspecify.annotations.NullMarked
package dev.agentswarm.observability;

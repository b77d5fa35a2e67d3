/** Measuring and tracing the auto-configured swarm's runs with swarm-observability, with no code. */
@org.jspecify.annotations.NullMarked
package dev.agentswarm.spring.observability;

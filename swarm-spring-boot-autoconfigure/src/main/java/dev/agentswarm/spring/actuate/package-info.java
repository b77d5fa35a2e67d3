/** The {@code swarm} Actuator endpoint: the runs in flight, and cancelling one. */
@org.jspecify.annotations.NullMarked
package dev.agentswarm.spring.actuate;

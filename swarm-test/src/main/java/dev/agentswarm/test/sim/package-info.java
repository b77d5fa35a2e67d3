/**
 * The simulated provider, for simulating your own swarms in tests: a {@link dev.agentswarm.test.sim.Scenario} (a JSON
 * workload), the deterministic, seeded {@link dev.agentswarm.test.sim.SimulatedModel} that plays it, and
 * {@link dev.agentswarm.test.sim.SimulatedSwarm}, which runs a swarm on it in virtual time so that every reported time
 * is scenario time. No real model is called; simulated model names start with {@code simulated/}.
 */
@NullMarked
package dev.agentswarm.test.sim;

import org.jspecify.annotations.NullMarked;

/**
 * The simulated provider: a deterministic, seeded model driven by a scenario file, whose subagents call real tools; also a capacity planner that runs a scenario in virtual time. Everything it produces is labelled simulated.
 */
@NullMarked
package dev.agentswarm.test.sim;

import org.jspecify.annotations.NullMarked;

/**
 * The CLI's side of the simulated provider: a scenario file with its corpus, the swarms that play it over the real
 * search tool, and the capacity planner with its single-agent comparison. Everything it produces is labelled
 * simulated.
 */
@NullMarked
package dev.agentswarm.cli.sim;

import org.jspecify.annotations.NullMarked;

/**
 * The swarm command-line interface (picocli): run, demo, plan, report and replay, with live progress.
 */
@NullMarked
package dev.agentswarm.cli;

import org.jspecify.annotations.NullMarked;

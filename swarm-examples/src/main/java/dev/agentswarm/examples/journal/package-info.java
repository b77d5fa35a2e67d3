/**
 * A JSON-lines journal of swarm events: a listener that writes one event per line and a reader. Stand-in until the core journal lands on main.
 */
@NullMarked
package dev.agentswarm.examples.journal;

import org.jspecify.annotations.NullMarked;

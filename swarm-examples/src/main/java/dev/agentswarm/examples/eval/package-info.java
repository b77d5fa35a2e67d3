/**
 * Scoring of markdown-table answers: a small Item-F1 / Row-F1 scorer, stand-in until swarm-eval lands on main.
 */
@NullMarked
package dev.agentswarm.examples.eval;

import org.jspecify.annotations.NullMarked;

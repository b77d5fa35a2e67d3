/**
 * The self-contained HTML run report rendered from a journal of swarm events.
 */
@NullMarked
package dev.agentswarm.report.html;

import org.jspecify.annotations.NullMarked;

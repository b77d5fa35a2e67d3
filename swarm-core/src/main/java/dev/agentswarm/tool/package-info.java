/**
 * Ordinary tools for the orchestrator and subagents: LangChain4j tool specifications with executors, collected in a registry that subagents draw allowlists from.
 */
@NullMarked
package dev.agentswarm.tool;

import org.jspecify.annotations.NullMarked;

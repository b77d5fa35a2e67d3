/**
 * The Model Context Protocol for agent swarms, on the official MCP Java SDK: {@link dev.agentswarm.mcp.McpToolset}
 * connects to MCP servers (a child process over stdio, or Streamable HTTP) and offers their tools to subagents as
 * {@link dev.agentswarm.tool.AgentTool}s named {@code server__tool}; {@link dev.agentswarm.mcp.McpSwarm} ties the
 * servers' lifecycle to a swarm (once per swarm or once per run); {@link dev.agentswarm.mcp.McpSwarmServer} serves a
 * swarm as the MCP tool {@code run_swarm}.
 */
@NullMarked
package dev.agentswarm.mcp;

import org.jspecify.annotations.NullMarked;

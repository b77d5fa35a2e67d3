/**
 * HTTP fetching for subagents: {@link dev.agentswarm.tools.http.FetchTool} downloads a URL with size and time
 * limits and turns HTML into readable text, and {@link dev.agentswarm.tools.http.SsrfGuard} refuses every URL,
 * including every redirect target, whose host resolves to an internal address.
 */
@NullMarked
package dev.agentswarm.tools.http;

import org.jspecify.annotations.NullMarked;

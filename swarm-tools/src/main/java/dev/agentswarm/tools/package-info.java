/**
 * Sandboxed, plain LangChain4j tools for agent-swarm subagents, plus the small pieces they share: the
 * {@link dev.agentswarm.tools.ToolRefusedException} every tool throws when it refuses a request and the
 * {@link dev.agentswarm.tools.HtmlText} HTML-to-text converter.
 *
 * <p>The tools live in sub-packages: {@code files} (file system access confined to a root directory),
 * {@code http} (URL fetching behind an SSRF guard) and {@code search} (an offline Lucene index of local
 * documents). Every tool is an ordinary object with {@code @Tool} methods, so it can be handed to a
 * LangChain4j {@code AiServices} builder as well as to the swarm.
 */
@NullMarked
package dev.agentswarm.tools;

import org.jspecify.annotations.NullMarked;

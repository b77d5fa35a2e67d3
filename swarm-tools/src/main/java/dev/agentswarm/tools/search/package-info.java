/**
 * Offline document search for subagents: {@link dev.agentswarm.tools.search.LocalSearchTool} indexes a folder of
 * text, Markdown and HTML files with Apache Lucene (BM25) and serves ranked snippets and whole documents, as a
 * stand-in for web search when no network is available or wanted.
 */
@NullMarked
package dev.agentswarm.tools.search;

import org.jspecify.annotations.NullMarked;

/**
 * Keeping secrets out of everything a swarm records. A {@link dev.agentswarm.security.Redactor} replaces with
 * {@value dev.agentswarm.security.Redactor#MARKER} every registered secret value (also trimmed, with whitespace
 * removed, JSON-escaped, URL-encoded, and any 12 of its characters in a row), the values of credential headers and
 * parameters ({@code Authorization}, {@code Bearer}, {@code x-api-key}, {@code api_key}, ...) and well-known key
 * shapes (OpenAI, Anthropic, Google, GitHub, Slack, AWS, JWT). The runtime applies the swarm's redactor to every
 * error text, event, journal line, result and log line it writes; register the keys a swarm's models use with
 * {@code AgentSwarm.Builder.secret}. Redaction is linear in the text and never throws.
 */
@NullMarked
package dev.agentswarm.security;

import org.jspecify.annotations.NullMarked;

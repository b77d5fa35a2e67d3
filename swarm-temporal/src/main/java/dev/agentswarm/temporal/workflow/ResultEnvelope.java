package dev.agentswarm.temporal.workflow;

import org.jspecify.annotations.Nullable;

/**
 * What a swarm workflow returns: its {@code SwarmResult} as JSON when it fits one payload, else the number of parts
 * to fetch with the {@code resultPart} query.
 *
 * @param result the result's JSON, or null when it comes in parts
 * @param parts the number of parts, 0 when inline
 */
public record ResultEnvelope(@Nullable String result, int parts) {}

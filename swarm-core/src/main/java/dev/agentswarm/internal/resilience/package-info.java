/**
 * Machinery, not API: the resilience decorator of a model ({@code ResilientModel}: retries with backoff and jitter
 * honouring {@code Retry-After}, call timeouts, rate limits, hedging), the failure classifier and the sliding-window
 * rate limiter. Configured with the public {@code dev.agentswarm.resilience.ModelPolicy}.
 */
@NullMarked
package dev.agentswarm.internal.resilience;

import org.jspecify.annotations.NullMarked;

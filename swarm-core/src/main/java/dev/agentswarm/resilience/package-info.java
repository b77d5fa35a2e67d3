/**
 * The resilience settings of model calls, per model ({@code ModelPolicy}), and an HTTP client that keeps
 * {@code Retry-After} ({@code RetryAfterHttpClient}); the decorator that applies them is internal. Per model: retries with exponential backoff and jitter that honour
 * {@code Retry-After}, a classification of failures into retryable and not, per-call timeouts, request and token
 * rate limits shared by every caller of a model (a call waits for capacity instead of failing), and optional hedged
 * requests. All time runs on an injected Reactor scheduler, so tests run in virtual time. See
 * {@code docs/resilience.md}.
 */
@NullMarked
package dev.agentswarm.resilience;

import org.jspecify.annotations.NullMarked;

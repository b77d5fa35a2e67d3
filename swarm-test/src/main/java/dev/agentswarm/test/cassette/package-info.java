/**
 * Record and replay of model calls: {@link dev.agentswarm.test.cassette.RecordingModel} saves every request/response
 * pair of a real provider run to a {@link dev.agentswarm.test.cassette.Cassette} file, keyed by the SHA-256 of the
 * request's canonical JSON ({@link dev.agentswarm.test.cassette.CanonicalRequest}); a
 * {@link dev.agentswarm.test.cassette.ReplayModel} serves them back offline, so CI runs the same swarm without a
 * provider, and fails loudly with a diff against the nearest recorded request when a request is not in the cassette.
 */
@NullMarked
package dev.agentswarm.test.cassette;

import org.jspecify.annotations.NullMarked;

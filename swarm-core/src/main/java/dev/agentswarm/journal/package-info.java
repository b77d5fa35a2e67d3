/**
 * The durable journal of a run: every {@link dev.agentswarm.event.SwarmEvent} appended as one JSON line
 * ({@link dev.agentswarm.journal.JournalWriter}), read back with torn-tail tolerance
 * ({@link dev.agentswarm.journal.JournalReader}), and the input of {@code AgentSwarm.resume}. The format, the fsync
 * policies and the resume semantics are described in {@code docs/journal.md}.
 */
@NullMarked
package dev.agentswarm.journal;

import org.jspecify.annotations.NullMarked;

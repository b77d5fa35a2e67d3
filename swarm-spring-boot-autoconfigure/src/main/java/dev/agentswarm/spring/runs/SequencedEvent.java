package dev.agentswarm.spring.runs;

import dev.agentswarm.event.SwarmEvent;

/**
 * An event of a run with its position in the run's stream.
 *
 * @param sequence the event's position, from 1 for the first event ({@code RunStarted}); the same in the live stream
 *     and in the run's journal
 * @param event the event
 */
public record SequencedEvent(long sequence, SwarmEvent event) {}

package dev.agentswarm.event;

/**
 * Receives the events of a run, synchronously, on the thread that produced them. Must be fast and must not block;
 * an exception it throws is logged and ignored, never fails the run.
 */
@FunctionalInterface
public interface SwarmEventListener {

    /** A listener that drops every event. */
    SwarmEventListener NONE = event -> {};

    /**
     * Receives one event.
     *
     * @param event the event
     */
    void onEvent(SwarmEvent event);
}

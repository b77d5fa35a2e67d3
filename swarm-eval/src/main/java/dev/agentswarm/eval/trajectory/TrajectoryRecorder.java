package dev.agentswarm.eval.trajectory;

import dev.agentswarm.event.SwarmEvent;
import dev.agentswarm.event.SwarmEventListener;
import java.util.ArrayList;
import java.util.List;

/**
 * Collects the events of runs for trajectory export. Register it with {@code AgentSwarm.Builder.listener(...)};
 * it is thread-safe and never blocks beyond a short lock.
 */
public final class TrajectoryRecorder implements SwarmEventListener {

    private final List<SwarmEvent> events = new ArrayList<>();

    /** Creates an empty recorder. */
    public TrajectoryRecorder() {}

    @Override
    public void onEvent(SwarmEvent event) {
        synchronized (events) {
            events.add(event);
        }
    }

    /** @return every event received, in arrival order */
    public List<SwarmEvent> events() {
        synchronized (events) {
            return List.copyOf(events);
        }
    }

    /**
     * @param runId a run id
     * @return the events of that run, in arrival order
     */
    public List<SwarmEvent> events(String runId) {
        List<SwarmEvent> out = new ArrayList<>();
        for (SwarmEvent e : events()) {
            if (e.runId().equals(runId)) {
                out.add(e);
            }
        }
        return out;
    }
}

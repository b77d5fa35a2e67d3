package dev.agentswarm.journal;

import dev.agentswarm.event.SwarmEvent;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The intact content of a journal file, as {@link JournalReader} read it.
 *
 * @param path the file
 * @param events every complete event, in file order
 * @param validLength the length in bytes of the intact prefix: every complete line
 * @param tornBytes the length of the incomplete last line that was ignored, 0 when there was none
 */
public record Journal(Path path, List<SwarmEvent> events, long validLength, long tornBytes) {

    /** Validates and copies.
     * @param path the file
     * @param events every complete event, in file order
     * @param validLength the length in bytes of the intact prefix: every complete line
     * @param tornBytes the length of the incomplete last line that was ignored, 0 when there was none */
    public Journal {
        Objects.requireNonNull(path, "path");
        events = List.copyOf(events);
        if (validLength < 0 || tornBytes < 0) {
            throw new IllegalArgumentException("lengths must be >= 0");
        }
    }

    /** @return whether an incomplete last line was found and ignored */
    public boolean hasTornTail() {
        return tornBytes > 0;
    }

    /** @return the first {@code run_started} event, or empty when the journal holds none */
    public Optional<SwarmEvent.RunStarted> runStarted() {
        for (SwarmEvent e : events) {
            if (e instanceof SwarmEvent.RunStarted s) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }

    /**
     * @param type an event class
     * @param <T> the event type
     * @return the events of that class, in file order
     */
    public <T extends SwarmEvent> List<T> eventsOf(Class<T> type) {
        List<T> out = new ArrayList<>();
        for (SwarmEvent e : events) {
            if (type.isInstance(e)) {
                out.add(type.cast(e));
            }
        }
        return out;
    }
}

package dev.agentswarm.examples.journal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.agentswarm.event.SwarmEvent;
import dev.agentswarm.event.SwarmEventListener;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A JSON-lines journal of {@link SwarmEvent}s: {@link #writer(Path)} is a listener that appends one event per line
 * (flushed per line), {@link #read(Path)} reads a journal back. A small stand-in for the core journal
 * ({@code dev.agentswarm.journal}) until that lands on main; the line format is the events' own Jackson form.
 */
public final class JsonlJournal {

    /** The mapper of events: ISO-8601 instants, unknown properties tolerated when reading. */
    public static final ObjectMapper MAPPER = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private JsonlJournal() {}

    /**
     * Opens a journal file for writing (replacing it).
     *
     * @param file the file; its folder is created
     * @return the writer; close it when the run has ended
     * @throws UncheckedIOException if the file cannot be created
     */
    public static Writer writer(Path file) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            return new Writer(Files.newBufferedWriter(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create journal " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Reads a journal.
     *
     * @param file the journal
     * @return its events, in order
     * @throws UnreadableJournalException if the file cannot be read, or a line is not an event; the message names
     *     the line
     */
    public static List<SwarmEvent> read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UnreadableJournalException("cannot read journal " + file + " (" + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()) + "); give the path of a .jsonl journal"
                    + " written by 'swarm run' or 'swarm demo'");
        } catch (RuntimeException e) {
            throw new UnreadableJournalException("cannot read journal " + file + ": it is not UTF-8 text; give the"
                    + " path of a .jsonl journal written by 'swarm run' or 'swarm demo'");
        }
        List<SwarmEvent> events = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank()) {
                continue;
            }
            try {
                events.add(MAPPER.readValue(line, SwarmEvent.class));
            } catch (JsonProcessingException e) {
                throw new UnreadableJournalException("cannot read journal " + file + ": line " + (i + 1)
                        + " is not a swarm event (" + firstLine(e.getOriginalMessage()) + ")");
            }
        }
        if (events.isEmpty()) {
            throw new UnreadableJournalException("cannot read journal " + file + ": it holds no events");
        }
        return events;
    }

    private static String firstLine(@Nullable String s) {
        if (s == null) {
            return "unknown error";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    /** Appends events to a journal file; thread-safe. The first write failure is kept and reported on close. */
    public static final class Writer implements SwarmEventListener, AutoCloseable {
        private final BufferedWriter out;
        private @Nullable IOException failure;

        private Writer(BufferedWriter out) {
            this.out = out;
        }

        @Override
        public synchronized void onEvent(SwarmEvent event) {
            if (failure != null) {
                return;
            }
            try {
                out.write(MAPPER.writeValueAsString(event));
                out.write('\n');
                out.flush();
            } catch (IOException e) {
                failure = e;
            }
        }

        /**
         * Closes the file.
         *
         * @throws UncheckedIOException if a write or the close failed
         */
        @Override
        public synchronized void close() {
            try {
                out.close();
            } catch (IOException e) {
                if (failure == null) {
                    failure = e;
                }
            }
            if (failure != null) {
                throw new UncheckedIOException("journal write failed: " + failure.getMessage(), failure);
            }
        }
    }

    /** A journal that cannot be read; the message says which file and line, and what to give instead. */
    public static final class UnreadableJournalException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        /** @param message what is wrong */
        public UnreadableJournalException(String message) {
            super(message);
        }
    }
}

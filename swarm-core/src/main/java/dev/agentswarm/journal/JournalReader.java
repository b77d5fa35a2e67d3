package dev.agentswarm.journal;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.agentswarm.event.SwarmEvent;
import dev.agentswarm.event.SwarmEvents;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Reads a journal file. The writer ends every event with a newline in the same write, so the rules are:
 * <ul>
 *   <li>every newline-terminated line must be one valid event; a line that is not (empty, not JSON, not an event,
 *       or of another run) is corruption, rejected with a {@link JournalException} that names the line;</li>
 *   <li>a last line without its newline is a torn write from a crash: it is ignored, even if it happens to parse,
 *       and reported as {@link Journal#tornBytes()}. It is never fatal.</li>
 * </ul>
 * The reader never changes the file.
 */
public final class JournalReader {

    private JournalReader() {}

    /**
     * Reads a journal file.
     *
     * @param path the file
     * @return its intact events
     * @throws JournalException if a line before the last is corrupted, naming the line
     * @throws UncheckedIOException if the file cannot be read
     */
    public static Journal read(Path path) {
        Objects.requireNonNull(path, "path");
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(path);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read journal " + path + ": " + e.getMessage(), e);
        }
        return parse(path, bytes);
    }

    /**
     * Parses the bytes of a journal.
     *
     * @param path the file they came from, for messages
     * @param bytes the content
     * @return its intact events
     * @throws JournalException if a line before the last is corrupted, naming the line
     */
    public static Journal parse(Path path, byte[] bytes) {
        ObjectMapper mapper = SwarmEvents.mapper();
        List<SwarmEvent> events = new ArrayList<>();
        @Nullable String runId = null;
        int start = 0;
        int lineNo = 0;
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] != '\n') {
                continue;
            }
            lineNo++;
            int len = i - start;
            if (len == 0) {
                throw corrupted(path, lineNo, start, "the line is empty", null);
            }
            SwarmEvent event;
            try {
                event = mapper.readValue(bytes, start, len, SwarmEvent.class);
            } catch (IOException | RuntimeException e) {
                throw corrupted(path, lineNo, start, "it is not a valid event (" + firstLine(e.getMessage()) + ")", e);
            }
            if (event == null || event.runId() == null) {
                throw corrupted(path, lineNo, start, "it holds no event", null);
            }
            if (runId == null) {
                runId = event.runId();
            } else if (!runId.equals(event.runId())) {
                throw corrupted(path, lineNo, start, "it belongs to run '" + event.runId() + "' while the journal "
                        + "began with run '" + runId + "'; a journal holds one run", null);
            }
            events.add(event);
            start = i + 1;
        }
        return new Journal(path, events, start, bytes.length - start);
    }

    private static JournalException corrupted(Path path, int lineNo, int offset, String what,
            @Nullable Throwable cause) {
        String msg = "journal " + path + " is corrupted at line " + lineNo + " (byte offset " + offset + "): " + what
                + ". Only the last line of a journal may be incomplete; lines 1-" + (lineNo - 1) + " are intact. "
                + "Nothing was changed on disk.";
        return cause == null ? new JournalException(msg) : new JournalException(msg, cause);
    }

    private static String firstLine(@Nullable String s) {
        if (s == null) {
            return "no detail";
        }
        int nl = s.indexOf('\n');
        String line = nl < 0 ? s : s.substring(0, nl);
        return line.length() > 200 ? line.substring(0, 200) + "…" : line;
    }
}

package dev.agentswarm.journal;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.agentswarm.event.SwarmEvent;
import dev.agentswarm.event.SwarmEvents;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Reads a journal file. The writer ends every event with a newline in the same write, so the rules are:
 * <ul>
 *   <li>every newline-terminated line must be exactly one complete event of the journal's run; a line that is not
 *       is rejected with a {@link JournalException} that names the line and what is wrong: an empty line, invalid
 *       JSON, a second JSON value or other content after the event, a value that is not an event, an event that
 *       lacks a field its type requires (see below) or whose values contradict each other, or an event of another
 *       run;</li>
 *   <li>a last line without its newline is a torn write from a crash: it is ignored, even if it happens to parse,
 *       and reported as {@link Journal#tornBytes()}. It is never fatal.</li>
 * </ul>
 * Required fields: every component of the event's record that is not {@code @Nullable}, primitives included, down
 * through the values it carries (a {@code task_finished} needs its {@code result} with its status, steps, tokens and
 * the rest; an {@code orchestrator_turn} its text, tool calls, each with id, name and arguments, model and tokens).
 * Consistency: the stage is -1 or more, and 0 or more for an event that happens in a stage; a {@code task_finished}
 * holds the result of its own task; an orchestrator turn's token counts are within range.
 *
 * <p>The reader never changes the file. A journal that a run or a resume of this JVM is writing is read through
 * that writer's channel, so reading it does not disturb the writer's file lock.
 */
public final class JournalReader {

    private JournalReader() {}

    /**
     * Reads a journal file.
     *
     * @param path the file
     * @return its intact events
     * @throws JournalException if a line before the last is not one complete event, naming the line
     * @throws UncheckedIOException if the file cannot be read
     */
    public static Journal read(Path path) {
        Objects.requireNonNull(path, "path");
        byte[] bytes;
        try {
            bytes = JournalLock.readAll(path);
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
     * @throws JournalException if a line before the last is not one complete event, naming the line
     */
    public static Journal parse(Path path, byte[] bytes) {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(bytes, "bytes");
        ObjectMapper mapper = SwarmEvents.mapper();
        // Trailing content is checked by hand, for a message that says what follows the event.
        ObjectReader trees = mapper.reader().without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
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
            SwarmEvent event = event(mapper, trees, path, bytes, start, len, lineNo);
            if (runId == null) {
                runId = event.runId();
            } else if (!runId.equals(event.runId())) {
                throw corrupted(
                        path,
                        lineNo,
                        start,
                        "it belongs to run '" + event.runId() + "' while the journal " + "began with run '" + runId
                                + "'; a journal holds one run",
                        null);
            }
            events.add(event);
            start = i + 1;
        }
        return new Journal(path, events, start, bytes.length - start);
    }

    /** Reads one line as exactly one complete, consistent event. */
    private static SwarmEvent event(
            ObjectMapper mapper, ObjectReader trees, Path path, byte[] bytes, int start, int len, int lineNo) {
        JsonNode tree;
        try (JsonParser parser = mapper.createParser(bytes, start, len)) {
            tree = trees.readTree(parser);
            if (tree == null || tree.isMissingNode()) {
                throw corrupted(path, lineNo, start, "it holds no event", null);
            }
            JsonToken next;
            try {
                next = parser.nextToken();
            } catch (JsonProcessingException e) {
                throw corrupted(
                        path,
                        lineNo,
                        start,
                        "it holds unexpected content after the event (" + firstLine(e.getOriginalMessage()) + ")",
                        e);
            }
            if (next != null) {
                throw corrupted(
                        path,
                        lineNo,
                        start,
                        "it holds more than one JSON value: another one begins at " + "column "
                                + parser.currentTokenLocation().getColumnNr() + " after the event",
                        null);
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof JournalException j) {
                throw j;
            }
            String detail = e instanceof JsonProcessingException p ? p.getOriginalMessage() : e.getMessage();
            throw corrupted(path, lineNo, start, "it is not valid JSON (" + firstLine(detail) + ")", e);
        }
        String incomplete = EventCheck.incompleteness(tree);
        if (incomplete != null) {
            throw corrupted(path, lineNo, start, "it is not a complete event: " + incomplete, null);
        }
        String type = tree.get("type").asText();
        SwarmEvent event;
        try {
            event = mapper.treeToValue(tree, SwarmEvent.class);
        } catch (IOException | RuntimeException e) {
            String detail = e instanceof JsonProcessingException p ? p.getOriginalMessage() : e.getMessage();
            throw corrupted(path, lineNo, start, "it is not a valid " + type + " event (" + firstLine(detail) + ")", e);
        }
        if (event == null) {
            throw corrupted(path, lineNo, start, "it holds no event", null);
        }
        String inconsistent = EventCheck.inconsistency(event, type);
        if (inconsistent != null) {
            throw corrupted(path, lineNo, start, "it is not a consistent event: " + inconsistent, null);
        }
        return event;
    }

    private static JournalException corrupted(
            Path path, int lineNo, int offset, String what, @Nullable Throwable cause) {
        String msg = "journal " + path + " is corrupted at line " + lineNo + " (byte offset " + offset + "): " + what
                + ". Only the last line of a journal may be incomplete; "
                + (lineNo > 1 ? "lines 1-" + (lineNo - 1) + " are intact" : "no line before it is intact")
                + ". Nothing was changed on disk.";
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

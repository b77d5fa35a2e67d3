package dev.agentswarm.journal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.agentswarm.event.SwarmEvent;
import dev.agentswarm.event.SwarmEventListener;
import dev.agentswarm.event.SwarmEvents;
import dev.agentswarm.security.Redactor;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Iterator;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Appends every event of a run to a JSONL file, one JSON object and a newline per event, written with a single
 * {@code write} so that a crash leaves at most one incomplete last line. Listeners are called synchronously by the
 * runtime on the thread that produced the event, so a finished task is on disk (written, and forced according to the
 * {@link FsyncPolicy}) before the orchestrator loop builds the tool results that consume it; the same holds for an
 * orchestrator turn before its tool calls run. This is a write-ahead log: the bounded local-disk write happens on the
 * emitting thread by design.
 *
 * <p>If a write fails (disk full, I/O error), the writer logs the failure, keeps it for {@link #failure()} and writes
 * nothing more, so the file stays a consistent prefix of the run that a resume can use. The run itself goes on.
 *
 * <p>Thread-safe: events of parallel tasks are serialised by a lock.
 */
public final class JournalWriter implements SwarmEventListener, Closeable {

    private static final Logger LOG = LoggerFactory.getLogger(JournalWriter.class);

    private final Path path;
    private final FsyncPolicy fsync;
    private final FileChannel channel;
    private final ObjectMapper mapper = SwarmEvents.mapper();
    private final Object lock = new Object();
    private long eventsWritten;
    private @Nullable IOException failure;
    private boolean closed;
    private volatile Redactor redactor = Redactor.defaults();

    private JournalWriter(Path path, FsyncPolicy fsync, FileChannel channel) {
        this.path = path;
        this.fsync = fsync;
        this.channel = channel;
    }

    /**
     * Opens the journal of a new run. The file must be missing or empty, so that no earlier run is overwritten or
     * mixed in; to continue an interrupted run, resume it.
     *
     * @param options the file and the fsync policy
     * @return the writer
     * @throws JournalException if the file already holds data
     * @throws UncheckedIOException if it cannot be opened
     */
    public static JournalWriter create(JournalOptions options) {
        Objects.requireNonNull(options, "options");
        Path path = options.path();
        try {
            if (Files.exists(path) && Files.size(path) > 0) {
                throw new JournalException("journal " + path + " already holds " + Files.size(path) + " bytes of "
                        + "another run; resume it with AgentSwarm.resume, or journal the new run to a new file");
            }
            Path parent = path.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            FileChannel ch = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.APPEND);
            return new JournalWriter(path, options.fsync(), ch);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open journal " + path + ": " + e.getMessage(), e);
        }
    }

    /**
     * Reopens the journal of an interrupted run for appending. A torn last line (bytes past {@code validLength}) is
     * cut off first, so that the next event starts on a line of its own.
     *
     * @param options the file and the fsync policy
     * @param validLength the length of the intact prefix, as {@link Journal#validLength()} reports it
     * @return the writer
     * @throws UncheckedIOException if the file cannot be opened or truncated
     */
    public static JournalWriter append(JournalOptions options, long validLength) {
        Objects.requireNonNull(options, "options");
        Path path = options.path();
        try {
            FileChannel ch = FileChannel.open(path, StandardOpenOption.WRITE);
            try {
                if (ch.size() > validLength) {
                    LOG.warn("journal {}: cutting an incomplete last line of {} bytes before appending", path,
                            ch.size() - validLength);
                    ch.truncate(validLength);
                    ch.force(true);
                }
                ch.position(ch.size());
            } catch (IOException e) {
                ch.close();
                throw e;
            }
            return new JournalWriter(path, options.fsync(), ch);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot reopen journal " + path + ": " + e.getMessage(), e);
        }
    }

    /**
     * Writes one event as a line, and forces the file when the policy says so.
     *
     * @param event the event
     */
    @Override
    public void onEvent(SwarmEvent event) {
        byte[] json;
        try {
            json = mapper.writeValueAsBytes(event);
            json = redacted(json, event);
        } catch (JsonProcessingException e) {
            LOG.error("journal {}: cannot serialise {}; it is not journaled", path, event.getClass().getSimpleName(), e);
            return;
        }
        ByteBuffer line = ByteBuffer.allocate(json.length + 1).put(json).put((byte) '\n').flip();
        synchronized (lock) {
            if (failure != null || closed) {
                return;
            }
            try {
                while (line.hasRemaining()) {
                    channel.write(line);
                }
                if (fsync.forces(event)) {
                    channel.force(false);
                }
                eventsWritten++;
            } catch (IOException e) {
                failure = e;
                LOG.error("journal {}: writing failed after {} events; nothing more is journaled and a resume will "
                        + "redo the work after the last intact line", path, eventsWritten, e);
            }
        }
    }

    /**
     * Sets what is redacted from every line before it is written (defense in depth: the runtime already redacts the
     * events it emits); default {@link Redactor#defaults()}. A run sets its swarm's redactor before its first event.
     *
     * @param redactor the redactor
     * @return this writer
     */
    public JournalWriter redactingWith(Redactor redactor) {
        this.redactor = Objects.requireNonNull(redactor, "redactor");
        return this;
    }

    /**
     * The line, redacted. Should redacting the JSON text ever change its structure (a secret that spans a field
     * boundary), the line is the event redacted field by field instead, so that the journal stays resumable.
     */
    private byte[] redacted(byte[] json, SwarmEvent event) throws JsonProcessingException {
        Redactor r = redactor;
        String line = new String(json, StandardCharsets.UTF_8);
        String clean = r.redact(line);
        if (clean == line) {
            return json;
        }
        try {
            if (sameShape(mapper.readTree(line), mapper.readTree(clean))) {
                return clean.getBytes(StandardCharsets.UTF_8);
            }
        } catch (JsonProcessingException e) {
            // not JSON any more: fall through
        }
        return mapper.writeValueAsBytes(r.redact(event));
    }

    /** Whether two JSON trees have the same fields, in the same order, with values of the same kinds. */
    private static boolean sameShape(JsonNode a, JsonNode b) {
        if (a.getNodeType() != b.getNodeType() || a.size() != b.size()) {
            return false;
        }
        if (a.isObject()) {
            Iterator<String> an = a.fieldNames();
            Iterator<String> bn = b.fieldNames();
            while (an.hasNext()) {
                String name = an.next();
                if (!bn.hasNext() || !name.equals(bn.next()) || !sameShape(a.get(name), b.get(name))) {
                    return false;
                }
            }
            return true;
        }
        for (int i = 0; i < a.size(); i++) {
            if (!sameShape(a.get(i), b.get(i))) {
                return false;
            }
        }
        return true;
    }

    /** @return the journal file */
    public Path path() {
        return path;
    }

    /** @return how many events were written */
    public long eventsWritten() {
        synchronized (lock) {
            return eventsWritten;
        }
    }

    /** @return the write failure that stopped journaling, or null while all is well */
    public @Nullable IOException failure() {
        synchronized (lock) {
            return failure;
        }
    }

    /** Forces what was written (unless the policy is {@link FsyncPolicy#NEVER}) and closes the file; idempotent. */
    @Override
    public void close() {
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            try {
                if (failure == null && fsync != FsyncPolicy.NEVER) {
                    channel.force(false);
                }
            } catch (IOException e) {
                LOG.error("journal {}: final force failed", path, e);
            } finally {
                try {
                    channel.close();
                } catch (IOException e) {
                    LOG.warn("journal {}: close failed", path, e);
                }
            }
        }
    }

    @Override
    public String toString() {
        return "JournalWriter[" + path + ", " + fsync + "]";
    }
}

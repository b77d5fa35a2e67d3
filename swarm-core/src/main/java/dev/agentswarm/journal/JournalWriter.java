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
import java.util.Iterator;
import java.util.Objects;
import java.util.function.Consumer;
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
 * <p>The writer has the journal to itself: a new journal is created exclusively ({@link #create}), and the writer
 * holds an exclusive file lock on it from {@link #create} or {@link #reopen} until {@link #close()}. Another run or
 * resume of the same file, in this process or another, fails with a {@link JournalException} and writes nothing.
 * Writing {@code run_finished}, a run's last event, closes the writer and releases the lock, before the run hands
 * out its result.
 *
 * <p>Events are written with {@link SwarmEvents#mapper()}, the mapper the reader uses: a text longer than
 * {@link SwarmEvents#MAX_STRING_LENGTH} characters is journaled cut to that length, with a marker, so that every
 * line can be read back.
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
    private final JournalLock file;
    private final FileChannel channel;
    private final ObjectMapper mapper = SwarmEvents.mapper();
    private final Object lock = new Object();
    private long eventsWritten;
    private @Nullable IOException failure;
    private boolean closed;
    private volatile Redactor redactor = Redactor.defaults();

    private JournalWriter(Path path, FsyncPolicy fsync, JournalLock file) {
        this.path = path;
        this.fsync = fsync;
        this.file = file;
        this.channel = file.channel();
    }

    /**
     * Creates the journal of a new run: the file must not exist ({@code CREATE_NEW}), so that no earlier run is
     * overwritten or mixed in, and two runs never share a file. The writer holds the file's lock until it is closed.
     * To continue an interrupted run, resume it.
     *
     * @param options the file and the fsync policy
     * @return the writer
     * @throws JournalException if the file already exists, or another run or resume uses it
     * @throws UncheckedIOException if it cannot be created or locked
     */
    public static JournalWriter create(JournalOptions options) {
        Objects.requireNonNull(options, "options");
        Path path = options.path();
        try {
            Path parent = path.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            return new JournalWriter(path, options.fsync(), JournalLock.createNew(path));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create journal " + path + ": " + e.getMessage(), e);
        }
    }

    /**
     * Reopens the journal of an interrupted run to append to it. In this order: takes the file's lock (another run
     * or resume of it fails here), reads and validates the whole journal through the lock, hands it to
     * {@code check}, and only then cuts a torn last line, so that the next event starts on a line of its own. If
     * anything before the cut fails, nothing has been written, and the lock is released.
     *
     * @param options the file and the fsync policy of what is appended
     * @param check accepts the journal as read under the lock, or throws (a {@link JournalException}) when it cannot
     *     be continued
     * @return the writer, positioned after the last intact line
     * @throws JournalException if the file is in use, is not a valid journal, or {@code check} rejects it
     * @throws UncheckedIOException if the file cannot be opened, read, locked or truncated
     */
    public static JournalWriter reopen(JournalOptions options, Consumer<? super Journal> check) {
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(check, "check");
        Path path = options.path();
        JournalLock file;
        try {
            file = JournalLock.openExisting(path);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open journal " + path + ": " + e.getMessage(), e);
        }
        try {
            Journal journal = JournalReader.parse(path, file.readAll());
            check.accept(journal);
            FileChannel ch = file.channel();
            long valid = journal.validLength();
            if (ch.size() > valid) {
                LOG.warn(
                        "journal {}: cutting an incomplete last line of {} bytes before appending",
                        path,
                        ch.size() - valid);
                ch.truncate(valid);
                ch.force(true);
            }
            ch.position(valid);
            return new JournalWriter(path, options.fsync(), file);
        } catch (IOException e) {
            file.close();
            throw new UncheckedIOException("cannot reopen journal " + path + ": " + e.getMessage(), e);
        } catch (RuntimeException | Error e) {
            file.close();
            throw e;
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
            LOG.error(
                    "journal {}: cannot serialise {}; it is not journaled",
                    path,
                    event.getClass().getSimpleName(),
                    e);
            return;
        }
        ByteBuffer line =
                ByteBuffer.allocate(json.length + 1).put(json).put((byte) '\n').flip();
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
                LOG.error(
                        "journal {}: writing failed after {} events; nothing more is journaled and a resume will "
                                + "redo the work after the last intact line",
                        path,
                        eventsWritten,
                        e);
            }
            if (event instanceof SwarmEvent.RunFinished) {
                closeLocked();
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
    // Redactor.redact returns the line itself when there is nothing to redact: identity is the "unchanged" test.
    @SuppressWarnings("ReferenceEquality")
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

    /**
     * Forces what was written (unless the policy is {@link FsyncPolicy#NEVER}), closes the file and releases its
     * lock; idempotent. Events that arrive afterwards are not written.
     */
    @Override
    public void close() {
        synchronized (lock) {
            closeLocked();
        }
    }

    private void closeLocked() {
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
            file.close();
        }
    }

    @Override
    public String toString() {
        return "JournalWriter[" + path + ", " + fsync + "]";
    }
}

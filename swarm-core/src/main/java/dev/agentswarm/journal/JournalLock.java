package dev.agentswarm.journal;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The exclusive use of one journal file by one run or resume: an open channel and an exclusive
 * {@link FileChannel#tryLock(long, long, boolean) file lock} on it, held until {@link #close()}. A second user, in another process or in
 * this one, gets a {@link JournalException} and the file is not written.
 *
 * <p>On POSIX systems a process loses its file locks on a file when it closes <em>any</em> descriptor of that file,
 * not only the locked one. So within this JVM the journals in use are also kept in a registry: a second run or resume
 * here is refused before it opens the file, and {@link #readAll(Path)} (what {@link JournalReader#read} uses) reads a
 * journal in use through the holder's own channel instead of opening the file again.
 */
final class JournalLock implements Closeable {

    private static final Logger LOG = LoggerFactory.getLogger(JournalLock.class);

    /**
     * Where the lock lies: one byte far past any journal's end, the same for every user of a journal. Locking a region
     * past the data, instead of the whole file, keeps the journal readable by other processes where file locks are
     * mandatory (Windows), so that a report or a crash test can read a journal that a run is writing.
     */
    private static final long LOCK_POSITION = Long.MAX_VALUE - 1;

    /** The journals in use in this JVM, by canonical path. */
    private static final Map<Path, JournalLock> HELD = new ConcurrentHashMap<>();

    /** Serialise opening, closing and reading one path (by stripe) against each other. */
    private static final Object[] STRIPES = new Object[64];

    static {
        Arrays.setAll(STRIPES, i -> new Object());
    }

    private final Path path;
    private final Path key;
    private final FileChannel channel;
    private final FileLock lock;
    private boolean released;

    private JournalLock(Path path, Path key, FileChannel channel, FileLock lock) {
        this.path = path;
        this.key = key;
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Creates a new journal file exclusively ({@code CREATE_NEW}) and locks it.
     *
     * @param path the file, which must not exist
     * @return the lock
     * @throws JournalException if the file exists or is in use
     * @throws IOException if it cannot be created or locked
     */
    static JournalLock createNew(Path path) throws IOException {
        return acquire(path, true);
    }

    /**
     * Opens an existing journal file for reading and writing, and locks it.
     *
     * @param path the file
     * @return the lock
     * @throws JournalException if the file is in use
     * @throws IOException if it cannot be opened or locked
     */
    static JournalLock openExisting(Path path) throws IOException {
        return acquire(path, false);
    }

    private static JournalLock acquire(Path path, boolean create) throws IOException {
        Path key = key(path);
        synchronized (stripe(key)) {
            if (HELD.containsKey(key)) {
                throw inUse(path, "in this process");
            }
            FileChannel channel;
            try {
                channel = create
                        ? FileChannel.open(
                                path, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ, StandardOpenOption.WRITE)
                        : FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE);
            } catch (FileAlreadyExistsException e) {
                throw new JournalException(
                        "journal " + path + " already exists (" + sizeOf(path) + "): a new run "
                                + "never overwrites or adds to an existing journal. Resume the run it holds with "
                                + "AgentSwarm.resume, or journal the new run to a new file.",
                        e);
            }
            FileLock lock;
            try {
                lock = channel.tryLock(LOCK_POSITION, 1, false);
            } catch (OverlappingFileLockException e) {
                // Another channel of this JVM holds it under another name (a hard link).
                channel.close();
                throw inUse(path, "in this process, under another name");
            } catch (IOException | RuntimeException e) {
                channel.close();
                throw e;
            }
            if (lock == null) {
                channel.close();
                throw inUse(path, "in another process, which holds its file lock");
            }
            JournalLock held = new JournalLock(path, key, channel, lock);
            HELD.put(key, held);
            return held;
        }
    }

    /**
     * Reads a whole journal file. A journal in use in this JVM is read through its holder's channel, so that reading
     * it does not release the holder's lock.
     *
     * @param path the file
     * @return its bytes; for a journal being written, possibly ending in an incomplete line
     * @throws IOException if it cannot be read
     */
    static byte[] readAll(Path path) throws IOException {
        Path key = key(path);
        synchronized (stripe(key)) {
            JournalLock held = HELD.get(key);
            return held != null ? held.readAll() : Files.readAllBytes(path);
        }
    }

    /**
     * @return the whole file, read through the locked channel
     * @throws IOException if it cannot be read
     */
    byte[] readAll() throws IOException {
        long size = channel.size();
        if (size > Integer.MAX_VALUE - 16) {
            throw new IOException("the journal " + path + " is " + size + " bytes, more than can be read at once");
        }
        ByteBuffer buffer = ByteBuffer.allocate((int) size);
        long position = 0;
        while (buffer.hasRemaining()) {
            int n = channel.read(buffer, position);
            if (n < 0) {
                break;
            }
            position += n;
        }
        return position == size ? buffer.array() : Arrays.copyOf(buffer.array(), (int) position);
    }

    /** @return the locked channel, for writing */
    FileChannel channel() {
        return channel;
    }

    /** Releases the lock and closes the file; idempotent. */
    @Override
    public void close() {
        synchronized (stripe(key)) {
            if (released) {
                return;
            }
            released = true;
            try {
                if (lock.isValid()) {
                    lock.release();
                }
            } catch (IOException e) {
                LOG.warn("journal {}: releasing its lock failed; closing the file releases it", path, e);
            } finally {
                try {
                    channel.close();
                } catch (IOException e) {
                    LOG.warn("journal {}: close failed", path, e);
                }
                HELD.remove(key, this);
            }
        }
    }

    private static JournalException inUse(Path path, String where) {
        return new JournalException("journal " + path + " is in use by another run or resume (" + where + "); "
                + "wait for it to end, or use another journal file. Nothing was written.");
    }

    private static String sizeOf(Path path) {
        if (Files.isDirectory(path)) {
            return "a directory";
        }
        try {
            return Files.size(path) + " bytes";
        } catch (IOException e) {
            return "size unknown";
        }
    }

    private static Object stripe(Path key) {
        return STRIPES[Math.floorMod(key.hashCode(), STRIPES.length)];
    }

    /** The file's canonical path: symbolic links resolved, also for a file that does not exist yet. */
    static Path key(Path path) {
        Path absolute = path.toAbsolutePath().normalize();
        try {
            return absolute.toRealPath();
        } catch (IOException missing) {
            Path parent = absolute.getParent();
            Path name = absolute.getFileName();
            if (parent != null && name != null) {
                try {
                    return parent.toRealPath().resolve(name);
                } catch (IOException noParent) {
                    return absolute;
                }
            }
            return absolute;
        }
    }
}

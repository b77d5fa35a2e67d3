package dev.agentswarm.tools.files;

import dev.agentswarm.tools.ToolRefusedException;
import dev.langchain4j.agent.tool.P;
import dev.langchain4j.agent.tool.Tool;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.LongSupplier;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * LangChain4j tools that list, read, search and (optionally) write files inside a sandbox root directory.
 *
 * <p>Every path goes through a {@link Sandbox}, so traversal ({@code ..}), absolute paths outside the root,
 * symbolic links that lead outside it, URL-encoded separators and NUL bytes are refused with a
 * {@link ToolRefusedException}. {@link #glob(String)} and {@link #grep(String, String)} never follow symbolic
 * links. Writing is off unless the builder enables it.
 *
 * <p>Only regular files are read, searched or written: FIFOs, sockets and devices are refused (a read from a FIFO
 * would block forever). Files with more than one hard link are never written and, unless the builder allows it,
 * never read or searched either: a hard link inside the root may share its content with a file outside it.
 *
 * <p>Limits: {@link #read(String)} returns at most {@code maxReadBytes} bytes and marks the rest as truncated;
 * listings and searches return at most {@code maxResults} entries; grep skips binary files and files larger
 * than {@value #GREP_MAX_FILE_BYTES} bytes and stops after {@code grepTimeout}.
 *
 * <pre>{@code
 * FileTools readOnly = new FileTools(Path.of("workspace"));
 * FileTools writable = FileTools.builder().root(Path.of("workspace")).allowWrite(true).build();
 * }</pre>
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class FileTools {

    /** Files larger than this are skipped by {@link #grep(String, String)}. */
    public static final long GREP_MAX_FILE_BYTES = 8L * 1024 * 1024;

    private static final Logger LOG = LoggerFactory.getLogger(FileTools.class);
    private static final int SNIFF_BYTES = 8 * 1024;
    private static final int MAX_LINE_CHARS = 300;
    private static final int MAX_NOT_SEARCHED_LISTED = 5;
    /** Grep's work for one line beyond the characters the regex reads: reading it and starting a match. */
    private static final int LINE_WORK = 32;
    /** Characters of a line read from the file per unit of grep's work. */
    private static final int CHARS_PER_WORK = 32;

    private final Sandbox sandbox;
    private final boolean allowWrite;
    private final int maxReadBytes;
    private final int maxWriteBytes;
    private final int maxResults;
    private final Duration grepTimeout;
    private final LongSupplier ticker;

    private FileTools(Builder builder) {
        this.sandbox = Sandbox.of(Objects.requireNonNull(builder.root, "root must be set"))
                .withMultiplyLinkedReads(builder.allowMultiplyLinkedFiles);
        this.allowWrite = builder.allowWrite;
        this.maxReadBytes = builder.maxReadBytes;
        this.maxWriteBytes = builder.maxWriteBytes;
        this.maxResults = builder.maxResults;
        this.grepTimeout = builder.grepTimeout;
        this.ticker = builder.ticker;
    }

    /**
     * Returns a builder.
     *
     * @return a new builder with the default limits and writing disabled
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Creates read-only file tools with default limits; use {@link #builder()} to allow writing or change limits.
     *
     * @param root the sandbox root directory
     * @throws IllegalArgumentException if {@code root} is not an existing directory
     */
    public FileTools(Path root) {
        this(builder().root(root));
    }

    /**
     * Returns the sandbox these tools are confined to.
     *
     * @return the sandbox
     */
    public Sandbox sandbox() {
        return sandbox;
    }

    /**
     * Lists a directory: sub-directories end with {@code /}, files show their size, symbolic links are marked.
     *
     * @param dir the directory, relative to the sandbox root; empty or {@code .} for the root
     * @return one entry per line, as root-relative paths, sorted by name
     * @throws ToolRefusedException if the path is refused by the sandbox
     * @throws IllegalArgumentException if the directory does not exist or is a file
     * @throws UncheckedIOException if the directory cannot be read
     */
    @Tool("List the entries of a directory inside the sandbox. Directories end with '/'. Paths are relative to"
            + " the sandbox root.")
    public String list(@P("directory relative to the sandbox root; use '.' for the root") String dir) {
        Path real = sandbox.resolveExisting(dir);
        if (!Files.isDirectory(real)) {
            throw new IllegalArgumentException("'" + dir + "' is a file, not a directory; use read to open it.");
        }
        List<Path> children;
        try (Stream<Path> entries = Files.list(real)) {
            children = entries.sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list '" + dir + "': " + e.getMessage(), e);
        }
        if (children.isEmpty()) {
            return "(empty directory)";
        }
        StringBuilder out = new StringBuilder();
        int shown = Math.min(children.size(), maxResults);
        for (Path child : children.subList(0, shown)) {
            String name = sandbox.relativize(child);
            if (Files.isSymbolicLink(child)) {
                out.append(name).append("  (symbolic link)");
            } else if (Files.isDirectory(child, LinkOption.NOFOLLOW_LINKS)) {
                out.append(name).append('/');
            } else if (!Files.isRegularFile(child, LinkOption.NOFOLLOW_LINKS)) {
                out.append(name).append("  (").append(sandbox.kindOf(child)).append(')');
            } else {
                out.append(name).append("  (").append(sizeOf(child)).append(" bytes)");
            }
            out.append('\n');
        }
        if (children.size() > shown) {
            out.append("[").append(children.size() - shown).append(" more entries not shown]\n");
        }
        return out.toString().stripTrailing();
    }

    /**
     * Reads a text file. Content beyond {@code maxReadBytes} is cut off and a truncation marker is appended.
     *
     * @param path the file, relative to the sandbox root
     * @return the file's text (UTF-8; invalid bytes are replaced)
     * @throws ToolRefusedException if the path is refused by the sandbox, names something other than a regular
     *     file (a FIFO, socket or device), names a file with several hard links (unless allowed), or the file looks
     *     binary
     * @throws IllegalArgumentException if the file does not exist or is a directory
     * @throws UncheckedIOException if the file cannot be read
     */
    @Tool("Read a UTF-8 text file inside the sandbox. Large files are truncated with a marker at the end.")
    public String read(@P("file path relative to the sandbox root") String path) {
        Path real = sandbox.resolveExisting(path);
        if (Files.isDirectory(real)) {
            throw new IllegalArgumentException("'" + path + "' is a directory; use list to see its entries.");
        }
        Optional<String> refusal = sandbox.fileRefusal(real);
        if (refusal.isPresent()) {
            String only = Files.isRegularFile(real, LinkOption.NOFOLLOW_LINKS)
                    ? "Only files with a single link"
                    : "Only regular files";
            throw new ToolRefusedException(
                    "Refused to read '" + path + "': " + refusal.get() + ". " + only + " can be read.");
        }
        long size = sizeOf(real);
        byte[] bytes;
        try (InputStream in = Files.newInputStream(real, LinkOption.NOFOLLOW_LINKS)) {
            bytes = in.readNBytes(maxReadBytes);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read '" + path + "': " + e.getMessage(), e);
        }
        if (looksBinary(bytes, bytes.length)) {
            throw new ToolRefusedException("Refused to read '" + path + "': it looks like a binary file (it contains"
                    + " NUL bytes). Only text files can be read.");
        }
        String text = decode(bytes);
        LOG.debug("read {} ({} of {} bytes)", real, bytes.length, size);
        if (size > bytes.length) {
            return text + "\n\n[truncated: showing the first " + bytes.length + " of " + size
                    + " bytes; the read limit is " + maxReadBytes + " bytes]";
        }
        return text;
    }

    /**
     * Writes a text file, replacing it if it exists and creating missing parent directories.
     *
     * @param path the file, relative to the sandbox root
     * @param content the complete new content, written as UTF-8
     * @return a confirmation with the number of bytes written
     * @throws ToolRefusedException if writing is disabled, the content is too large, or the path is refused
     *     (among other reasons, when it names an existing FIFO, socket, device or file with several hard links)
     * @throws UncheckedIOException if the file cannot be written
     */
    @Tool("Create or overwrite a UTF-8 text file inside the sandbox (only if the sandbox allows writing).")
    public String write(
            @P("file path relative to the sandbox root") String path,
            @P("the complete new content of the file") String content) {
        if (!allowWrite) {
            throw new ToolRefusedException("Refused to write '" + path + "': this sandbox is read-only. Return the"
                    + " content in your answer instead.");
        }
        Objects.requireNonNull(content, "content");
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > maxWriteBytes) {
            throw new ToolRefusedException("Refused to write '" + path + "': the content is " + bytes.length
                    + " bytes, more than the write limit of " + maxWriteBytes + " bytes.");
        }
        Path target = sandbox.resolveForWrite(path);
        try {
            Path parent = target.getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.write(
                    target,
                    bytes,
                    StandardOpenOption.CREATE,
                    StandardOpenOption.TRUNCATE_EXISTING,
                    StandardOpenOption.WRITE,
                    LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write '" + path + "': " + e.getMessage(), e);
        }
        LOG.debug("wrote {} ({} bytes)", target, bytes.length);
        return "Wrote " + bytes.length + " bytes to " + sandbox.relativize(target) + ".";
    }

    /**
     * Finds files whose path matches a glob pattern. A pattern without {@code /} is matched against file names
     * anywhere in the tree ({@code *.md}); a pattern with {@code /} is matched against the whole root-relative
     * path ({@code docs/**}{@code /*.md}). Symbolic links are not followed.
     *
     * @param pattern the glob pattern
     * @return matching root-relative file paths, one per line, sorted
     * @throws ToolRefusedException if the pattern is refused by the sandbox rules
     * @throws IllegalArgumentException if the pattern is not a valid glob
     * @throws UncheckedIOException if the tree cannot be walked
     */
    @Tool("Find files inside the sandbox whose path matches a glob pattern, e.g. '*.md' (file names anywhere) or"
            + " 'src/**/*.java' (root-relative paths).")
    public String glob(@P("glob pattern, e.g. '*.md' or 'docs/**/*.txt'") String pattern) {
        PathMatcher matcher = matcher(pattern);
        List<String> found = new ArrayList<>();
        boolean more = walk(matcher, null, (file, rel, attributes) -> {
            if (!attributes.isRegularFile()) {
                return true;
            }
            found.add(rel);
            return found.size() <= maxResults;
        });
        if (found.isEmpty()) {
            return "No files match '" + pattern + "'.";
        }
        List<String> shown = found.subList(0, Math.min(found.size(), maxResults));
        StringBuilder out =
                new StringBuilder(String.join("\n", shown.stream().sorted().toList()));
        if (more) {
            out.append("\n[more matches not shown; use a narrower pattern]");
        }
        return out.toString();
    }

    /**
     * Searches text files for lines matching a Java regular expression. Binary files, files larger than
     * {@value #GREP_MAX_FILE_BYTES} bytes and symbolic links are skipped; FIFOs, sockets, devices and (unless
     * allowed) files with several hard links are not searched and are named in a {@code [not searched: ...]}
     * line. The search stops after {@code maxResults} matches, or when the time budget runs out, which it checks
     * between files, every few lines and during each regex match, and then ends with a {@code [stopped: ...]}
     * marker.
     *
     * @param regex the regular expression (Java syntax), searched for within each line
     * @param glob an optional glob restricting which files are searched, as in {@link #glob(String)}; null or
     *     empty for all files
     * @return matches as {@code path:line:text}, one per line; long lines are shortened
     * @throws ToolRefusedException if the glob is refused by the sandbox rules
     * @throws IllegalArgumentException if the regex or the glob is invalid
     * @throws UncheckedIOException if the tree cannot be walked
     */
    @Tool("Search text files inside the sandbox for lines matching a regular expression. Returns 'path:line:text'"
            + " lines.")
    public String grep(
            @P("Java regular expression to search for in each line") String regex,
            @P(value = "optional glob restricting the files searched, e.g. '*.java'", required = false) @Nullable
                    String glob) {
        Pattern compiled;
        try {
            compiled = Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException(
                    "Invalid regular expression '" + regex + "': " + e.getDescription() + " near index " + e.getIndex()
                            + ".",
                    e);
        }
        PathMatcher matcher = glob == null || glob.isBlank() ? path -> true : matcher(glob);
        Deadline deadline = new Deadline(ticker, grepTimeout);
        List<String> hits = new ArrayList<>();
        List<String> notSearched = new ArrayList<>();
        int[] notSearchedCount = {0};
        boolean timedOut = false;
        boolean more = false;
        try {
            more = walk(matcher, deadline, (file, rel, attributes) -> {
                if (attributes.isSymbolicLink()) {
                    return true;
                }
                Optional<String> refusal;
                try {
                    refusal = sandbox.fileRefusal(file);
                } catch (UncheckedIOException e) {
                    LOG.debug("grep skipped {}: {}", file, e.toString());
                    return true;
                }
                if (refusal.isPresent()) {
                    if (notSearchedCount[0]++ < MAX_NOT_SEARCHED_LISTED) {
                        notSearched.add(rel + " (" + refusal.get() + ")");
                    }
                    return true;
                }
                return grepFile(file, rel, compiled, deadline, hits);
            });
        } catch (DeadlineExceeded e) {
            timedOut = true;
        }
        StringBuilder out = new StringBuilder();
        int shown = Math.min(hits.size(), maxResults);
        out.append(String.join("\n", hits.subList(0, shown)));
        if (hits.isEmpty()) {
            out.append("No matches for '").append(regex).append("'.");
        }
        if (!notSearched.isEmpty()) {
            out.append("\n[not searched: ").append(String.join("; ", notSearched));
            if (notSearchedCount[0] > notSearched.size()) {
                out.append("; and ")
                        .append(notSearchedCount[0] - notSearched.size())
                        .append(" more");
            }
            out.append(']');
        }
        if (timedOut) {
            out.append("\n[stopped: the search exceeded its time budget of ")
                    .append(grepTimeout.toMillis())
                    .append(" ms; use a simpler regex or a narrower glob]");
        } else if (more) {
            out.append("\n[more matches not shown; use a more specific regex or glob]");
        }
        return out.toString().strip();
    }

    private boolean grepFile(Path file, String rel, Pattern pattern, Deadline deadline, List<String> hits) {
        if (sizeOf(file) > GREP_MAX_FILE_BYTES || isBinary(file)) {
            return true;
        }
        var decoder = StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE);
        try (BufferedReader reader = new BufferedReader(
                new InputStreamReader(Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS), decoder))) {
            String line;
            int number = 0;
            while ((line = reader.readLine()) != null) {
                number++;
                deadline.spend(LINE_WORK + line.length() / CHARS_PER_WORK);
                if (pattern.matcher(new DeadlineCharSequence(line, deadline)).find()) {
                    hits.add(rel + ":" + number + ":" + shorten(line.strip()));
                    if (hits.size() > maxResults) {
                        return false;
                    }
                }
            }
        } catch (IOException e) {
            LOG.debug("grep skipped unreadable file {}: {}", file, e.toString());
        }
        return true;
    }

    private PathMatcher matcher(String pattern) {
        if (pattern.isBlank()) {
            throw new IllegalArgumentException("The glob pattern is empty; use e.g. '*' or '**/*.txt'.");
        }
        String checked = sandbox.checkSyntax(pattern).toString();
        try {
            PathMatcher full = sandbox.root().getFileSystem().getPathMatcher("glob:" + checked);
            if (checked.contains("/")) {
                return full;
            }
            return path -> {
                Path name = path.getFileName();
                return name != null && full.matches(name);
            };
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException(
                    "Invalid glob pattern '" + pattern + "': " + e.getDescription() + ".", e);
        }
    }

    /** Receives the entries of a walk. */
    @FunctionalInterface
    private interface WalkVisitor {
        /** Returns false to stop the walk. */
        boolean visit(Path file, String relative, BasicFileAttributes attributes);
    }

    /**
     * Walks the sandbox without following links, offering each non-directory entry whose relative path matches,
     * and checking the deadline, if any, at every directory and entry.
     *
     * @return true if the visitor stopped the walk early
     */
    private boolean walk(PathMatcher matcher, @Nullable Deadline deadline, WalkVisitor visitor) {
        boolean[] stopped = {false};
        try {
            Files.walkFileTree(sandbox.root(), new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                    if (deadline != null) {
                        deadline.check();
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    if (deadline != null) {
                        deadline.check();
                    }
                    if (attrs.isDirectory()) {
                        return FileVisitResult.CONTINUE;
                    }
                    Path relative = sandbox.root().relativize(file);
                    if (!matcher.matches(relative)) {
                        return FileVisitResult.CONTINUE;
                    }
                    if (!visitor.visit(file, sandbox.relativize(file), attrs)) {
                        stopped[0] = true;
                        return FileVisitResult.TERMINATE;
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    LOG.debug("skipping unreadable {}: {}", file, e.toString());
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot walk the sandbox: " + e.getMessage(), e);
        }
        return stopped[0];
    }

    private static boolean isBinary(Path file) {
        try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
            byte[] head = in.readNBytes(SNIFF_BYTES);
            return looksBinary(head, head.length);
        } catch (IOException e) {
            return true;
        }
    }

    private static boolean looksBinary(byte[] bytes, int length) {
        int limit = Math.min(length, SNIFF_BYTES);
        for (int i = 0; i < limit; i++) {
            if (bytes[i] == 0) {
                return true;
            }
        }
        return false;
    }

    private static String decode(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPLACE)
                    .onUnmappableCharacter(CodingErrorAction.REPLACE)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new IllegalStateException("unreachable with REPLACE", e);
        }
    }

    private static long sizeOf(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return -1;
        }
    }

    private static String shorten(String line) {
        return line.length() <= MAX_LINE_CHARS ? line : line.substring(0, MAX_LINE_CHARS) + " [...]";
    }

    /** Signals that a grep ran past its deadline. */
    private static final class DeadlineExceeded extends RuntimeException {
        DeadlineExceeded() {
            super("grep deadline exceeded", null, false, false);
        }
    }

    /**
     * The time budget of one grep call. Work is counted in units of roughly one character read by the regex
     * engine; the clock is read once per {@value #CHECK_EVERY} units, and at every file and directory, so the
     * deadline holds whatever the shape of the lines: many short lines add up just as one long line does.
     */
    private static final class Deadline {

        private static final int CHECK_EVERY = 1024;

        private final LongSupplier ticker;
        private final long deadline;
        private int work;

        Deadline(LongSupplier ticker, Duration timeout) {
            this.ticker = ticker;
            this.deadline = ticker.getAsLong() + timeout.toNanos();
        }

        /** Counts work and checks the clock when enough has been done since the last check. */
        void spend(int units) {
            work += units;
            if (work >= CHECK_EVERY) {
                check();
            }
        }

        /** Checks the clock now. */
        void check() {
            work = 0;
            if (ticker.getAsLong() - deadline > 0) {
                throw new DeadlineExceeded();
            }
        }
    }

    /** A char sequence that aborts regex matching once a deadline has passed, defusing catastrophic patterns. */
    private static final class DeadlineCharSequence implements CharSequence {

        private final CharSequence chars;
        private final Deadline deadline;

        DeadlineCharSequence(CharSequence chars, Deadline deadline) {
            this.chars = chars;
            this.deadline = deadline;
        }

        @Override
        public char charAt(int index) {
            deadline.spend(1);
            return chars.charAt(index);
        }

        @Override
        public int length() {
            return chars.length();
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            return new DeadlineCharSequence(chars.subSequence(start, end), deadline);
        }

        @Override
        public String toString() {
            return chars.toString();
        }
    }

    /** Builds {@link FileTools}; validates every limit. */
    public static final class Builder {

        private @Nullable Path root;
        private boolean allowWrite;
        private int maxReadBytes = 256 * 1024;
        private int maxWriteBytes = 1024 * 1024;
        private int maxResults = 200;
        private Duration grepTimeout = Duration.ofSeconds(10);
        private boolean allowMultiplyLinkedFiles;
        private LongSupplier ticker = System::nanoTime;

        private Builder() {}

        /**
         * Sets the sandbox root directory (required).
         *
         * @param root an existing directory
         * @return this builder
         */
        public Builder root(Path root) {
            this.root = Objects.requireNonNull(root, "root");
            return this;
        }

        /**
         * Enables or disables {@link FileTools#write(String, String)} (disabled by default).
         *
         * @param allowWrite whether writing is allowed
         * @return this builder
         */
        public Builder allowWrite(boolean allowWrite) {
            this.allowWrite = allowWrite;
            return this;
        }

        /**
         * Sets how many bytes {@link FileTools#read(String)} returns at most (default 256 KiB).
         *
         * @param maxReadBytes a positive number of bytes
         * @return this builder
         * @throws IllegalArgumentException if not positive
         */
        public Builder maxReadBytes(int maxReadBytes) {
            this.maxReadBytes = positive(maxReadBytes, "maxReadBytes");
            return this;
        }

        /**
         * Sets the largest content {@link FileTools#write(String, String)} accepts (default 1 MiB).
         *
         * @param maxWriteBytes a positive number of bytes
         * @return this builder
         * @throws IllegalArgumentException if not positive
         */
        public Builder maxWriteBytes(int maxWriteBytes) {
            this.maxWriteBytes = positive(maxWriteBytes, "maxWriteBytes");
            return this;
        }

        /**
         * Sets the maximum number of entries returned by list, glob and grep (default 200).
         *
         * @param maxResults a positive count
         * @return this builder
         * @throws IllegalArgumentException if not positive
         */
        public Builder maxResults(int maxResults) {
            this.maxResults = positive(maxResults, "maxResults");
            return this;
        }

        /**
         * Sets the time budget of one grep call (default 10 seconds).
         *
         * @param grepTimeout a positive duration
         * @return this builder
         * @throws IllegalArgumentException if not positive
         */
        public Builder grepTimeout(Duration grepTimeout) {
            if (grepTimeout.isNegative() || grepTimeout.isZero()) {
                throw new IllegalArgumentException("grepTimeout must be positive: " + grepTimeout);
            }
            this.grepTimeout = grepTimeout;
            return this;
        }

        /**
         * Lets {@link FileTools#read(String)} and {@link FileTools#grep(String, String)} read regular files that
         * have more than one hard link (refused by default). A hard link inside the root can name a file outside
         * it, and nothing in the path shows it, so leave this off unless no one but you can create files in the
         * root. {@link FileTools#write(String, String)} refuses such files whatever this setting.
         *
         * @param allow whether multiply-linked files may be read
         * @return this builder
         */
        public Builder allowMultiplyLinkedFiles(boolean allow) {
            this.allowMultiplyLinkedFiles = allow;
            return this;
        }

        /** Replaces the clock grep measures its time budget with ({@link System#nanoTime()}), for tests. */
        Builder ticker(LongSupplier ticker) {
            this.ticker = Objects.requireNonNull(ticker, "ticker");
            return this;
        }

        /**
         * Builds the tools.
         *
         * @return the file tools
         * @throws NullPointerException if no root was set
         * @throws IllegalArgumentException if the root is not an existing directory
         */
        public FileTools build() {
            return new FileTools(this);
        }

        private static int positive(int value, String name) {
            if (value <= 0) {
                throw new IllegalArgumentException(name + " must be positive: " + value);
            }
            return value;
        }
    }

    @Override
    public String toString() {
        return "FileTools[root=" + sandbox.root() + ", allowWrite=" + allowWrite + "]";
    }
}

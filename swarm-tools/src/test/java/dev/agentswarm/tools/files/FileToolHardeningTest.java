package dev.agentswarm.tools.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.agentswarm.tools.ToolRefusedException;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.FileChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/**
 * The file tools against files that are not what they seem: a grep over many files of short lines that must stop
 * at its time budget, FIFOs, sockets and devices that would block or leak, and hard links to files outside the
 * sandbox.
 */
class FileToolHardeningTest {

    /** Bounds each call that would hang on a FIFO without the fix, so a regression fails instead of hanging. */
    private static final Duration NO_HANG = Duration.ofSeconds(20);

    @TempDir
    Path temp;

    private Path root;
    private Path outside;
    private final List<Path> fifos = new ArrayList<>();

    @BeforeEach
    void setUp() throws IOException {
        root = Files.createDirectories(temp.resolve("root"));
        outside = Files.createDirectories(temp.resolve("outside"));
        Files.writeString(outside.resolve("secret.txt"), "TOP SECRET\n");
        Files.writeString(root.resolve("notes.txt"), "plain notes\n");
    }

    @AfterEach
    void unblockFifos() throws IOException {
        // Opening a FIFO for reading and writing never blocks on Linux and releases any thread stuck opening it.
        for (Path fifo : fifos) {
            try (FileChannel ignored = FileChannel.open(fifo, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
                assertThat(ignored.isOpen()).isTrue();
            }
        }
    }

    // ---- grep deadline ----

    @Test
    void grepStopsAtItsTimeoutOverManyFilesOfShortLines() throws IOException {
        // The regex backtracks exponentially in a line's length: cheap per line, seconds over all files. Fourteen x's a
        // line finished in 0.9 s on JDK 17.0.21, under a 1 s budget; seventeen are about eight times that work.
        String file = "xxxxxxxxxxxxxxxxx\n".repeat(3_000);
        for (int i = 0; i < 20; i++) {
            Files.writeString(root.resolve("short-" + i + ".txt"), file);
        }
        FileTools tools = FileTools.builder()
                .root(root)
                .grepTimeout(Duration.ofMillis(300))
                .build();

        long start = System.nanoTime();
        String out = tools.grep("(x+x+)+y", "short-*.txt");
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);

        assertThat(out)
                .isEqualTo("No matches for '(x+x+)+y'.\n[stopped: the search exceeded its time budget of"
                        + " 300 ms; use a simpler regex or a narrower glob]");
        // The budget is checked every few lines, so the overshoot is milliseconds; the bound leaves room for a
        // loaded machine. Without checks between lines this search runs for many seconds.
        assertThat(elapsed).isLessThan(Duration.ofMillis(2_000));
    }

    @Test
    void grepChecksTheClockBetweenShortLinesAndBetweenFiles() throws IOException {
        for (int i = 0; i < 20; i++) {
            Files.writeString(root.resolve("lines-" + i + ".txt"), "x\n".repeat(5_000));
        }
        // A clock that stands still for the first ten readings and then jumps past the deadline.
        AtomicLong readings = new AtomicLong();
        long timeout = Duration.ofSeconds(1).toNanos();
        FileTools tools = FileTools.builder()
                .root(root)
                .grepTimeout(Duration.ofSeconds(1))
                .maxResults(1_000_000)
                .ticker(() -> readings.incrementAndGet() <= 10 ? 0 : timeout + 1)
                .build();

        String out = tools.grep("x", "lines-*.txt");

        assertThat(out)
                .endsWith("[stopped: the search exceeded its time budget of 1000 ms; use a simpler regex or"
                        + " a narrower glob]");
        long hits = out.lines().filter(line -> line.endsWith(":x")).count();
        assertThat(hits)
                .as("lines searched after the clock passed the deadline")
                .isLessThan(1_000);
        assertThat(readings.get())
                .as("the clock is read once more, then the search stops")
                .isEqualTo(11);
    }

    @Test
    void grepWithoutATimeoutStillSearchesEverything() throws IOException {
        for (int i = 0; i < 3; i++) {
            Files.writeString(root.resolve("lines-" + i + ".txt"), "x\n".repeat(1_000));
        }
        FileTools tools = FileTools.builder()
                .root(root)
                .maxResults(1_000_000)
                .ticker(() -> 0)
                .build();
        assertThat(tools.grep("x", "lines-*.txt").lines()).hasSize(3_000);
    }

    // ---- non-regular files ----

    @Test
    void readingGreppingOrWritingAFifoIsRefusedWithoutBlocking() throws Exception {
        Path fifo = mkfifo(root.resolve("pipe.txt"));
        FileTools tools = FileTools.builder().root(root).allowWrite(true).build();

        noHang(() -> assertThatThrownBy(() -> tools.read("pipe.txt"))
                .isInstanceOf(ToolRefusedException.class)
                .hasMessage("Refused to read 'pipe.txt': it is a FIFO (named pipe), not a regular file. Only regular"
                        + " files can be read."));
        noHang(() -> assertThat(tools.grep("x", "pipe.txt"))
                .isEqualTo("No matches for 'x'.\n[not searched:"
                        + " pipe.txt (it is a FIFO (named pipe), not a regular file)]"));
        noHang(() -> assertThat(tools.grep("plain", null))
                .isEqualTo("notes.txt:1:plain notes\n[not searched:"
                        + " pipe.txt (it is a FIFO (named pipe), not a regular file)]"));
        noHang(() -> assertThatThrownBy(() -> tools.write("pipe.txt", "data"))
                .isInstanceOf(ToolRefusedException.class)
                .hasMessage("Refused path 'pipe.txt': it is a FIFO (named pipe), not a regular file; only regular"
                        + " files can be written."));
        assertThat(Files.isRegularFile(fifo)).isFalse();
        assertThat(tools.list(".")).contains("pipe.txt  (a FIFO (named pipe))");
    }

    @Test
    void grepNamesAFewFilesItCouldNotSearchAndCountsTheRest() throws IOException {
        assumeUnix();
        for (int i = 0; i < 8; i++) {
            Files.createLink(root.resolve("link-" + i + ".txt"), outside.resolve("secret.txt"));
        }
        String out = new FileTools(root).grep("SECRET", "link-*.txt");
        assertThat(out)
                .startsWith("No matches for 'SECRET'.\n[not searched: link-")
                .endsWith("; and 3 more]")
                .doesNotContain("TOP SECRET");
        assertThat(out.split("hard links")).hasSize(6);
    }

    @Test
    void readingOrWritingASocketIsRefused() throws IOException {
        Path socket = root.resolve("s.sock");
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(socket));
            FileTools tools = FileTools.builder().root(root).allowWrite(true).build();
            assertThatThrownBy(() -> tools.read("s.sock"))
                    .isInstanceOf(ToolRefusedException.class)
                    .hasMessageContaining("it is a socket, not a regular file");
            assertThatThrownBy(() -> tools.write("s.sock", "data"))
                    .isInstanceOf(ToolRefusedException.class)
                    .hasMessageContaining("it is a socket, not a regular file");
            assertThat(tools.grep("x", "*.sock")).contains("[not searched: s.sock (it is a socket");
        }
    }

    @Test
    void readingOrWritingADeviceIsRefused() {
        Path dev = Path.of("/dev");
        assumeTrue(Files.exists(dev.resolve("null")) && !Files.isRegularFile(dev.resolve("null")), "needs /dev/null");
        FileTools tools = FileTools.builder().root(dev).allowWrite(true).build();
        assertThatThrownBy(() -> tools.read("null"))
                .isInstanceOf(ToolRefusedException.class)
                .hasMessageContaining("it is a character device, not a regular file");
        assertThatThrownBy(() -> tools.write("null", "data"))
                .isInstanceOf(ToolRefusedException.class)
                .hasMessageContaining("it is a character device, not a regular file");
    }

    // ---- hard links ----

    @Test
    void aHardLinkToAFileOutsideTheSandboxIsNeitherReadNorGreppedNorWritten() throws IOException {
        assumeUnix();
        Files.createLink(root.resolve("hard.txt"), outside.resolve("secret.txt"));
        FileTools tools = FileTools.builder().root(root).allowWrite(true).build();

        assertThatThrownBy(() -> tools.read("hard.txt"))
                .isInstanceOf(ToolRefusedException.class)
                .hasMessage("Refused to read 'hard.txt': it has 2 hard links, so its content may belong to a file"
                        + " outside the sandbox. Only files with a single link can be read.");
        assertThat(tools.grep("SECRET", null))
                .isEqualTo("No matches for 'SECRET'.\n[not searched: hard.txt (it"
                        + " has 2 hard links, so its content may belong to a file outside the sandbox)]");
        assertThatThrownBy(() -> tools.write("hard.txt", "pwned"))
                .isInstanceOf(ToolRefusedException.class)
                .hasMessage("Refused path 'hard.txt': it has 2 hard links, so writing it could change a file"
                        + " outside the sandbox; only files with a single link can be written.");
        assertThat(outside.resolve("secret.txt")).hasContent("TOP SECRET");
    }

    @Test
    void multiplyLinkedFilesCanBeReadWhenAllowedButNeverWritten() throws IOException {
        assumeUnix();
        Files.createLink(root.resolve("hard.txt"), outside.resolve("secret.txt"));
        FileTools tools = FileTools.builder()
                .root(root)
                .allowWrite(true)
                .allowMultiplyLinkedFiles(true)
                .build();

        assertThat(tools.read("hard.txt")).isEqualTo("TOP SECRET\n");
        assertThat(tools.grep("SECRET", null)).isEqualTo("hard.txt:1:TOP SECRET");
        assertThatThrownBy(() -> tools.write("hard.txt", "pwned"))
                .isInstanceOf(ToolRefusedException.class)
                .hasMessageContaining("it has 2 hard links");
        assertThat(outside.resolve("secret.txt")).hasContent("TOP SECRET");
        // A file with a single link is written as before.
        assertThat(tools.write("notes.txt", "new")).isEqualTo("Wrote 3 bytes to notes.txt.");
        assertThat(tools.sandbox().fileRefusal(root.resolve("notes.txt"))).isEmpty();
    }

    @Test
    void theSandboxNamesTheRefusalForEachKindOfFile() throws IOException {
        assumeUnix();
        Sandbox sandbox = Sandbox.of(root);
        Path fifo = mkfifo(root.resolve("p"));
        Path hard = Files.createLink(root.resolve("hard.txt"), outside.resolve("secret.txt"));
        Path real = sandbox.root();
        assertThat(sandbox.fileRefusal(real.resolve("notes.txt"))).isEmpty();
        assertThat(sandbox.fileRefusal(real.resolve(fifo.getFileName())))
                .contains("it is a FIFO (named pipe), not a regular file");
        assertThat(sandbox.fileRefusal(real)).contains("it is a directory, not a regular file");
        assertThat(sandbox.fileRefusal(real.resolve(hard.getFileName())))
                .contains("it has 2 hard links, so its content may belong to a file outside the sandbox");
        assertThat(sandbox.withMultiplyLinkedReads(true).fileRefusal(real.resolve(hard.getFileName())))
                .isEmpty();
        assertThatThrownBy(() -> sandbox.fileRefusal(temp.resolve("outside/secret.txt")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private Path mkfifo(Path path) throws IOException {
        Process process;
        try {
            process = new ProcessBuilder("mkfifo", path.toString())
                    .redirectErrorStream(true)
                    .start();
        } catch (IOException e) {
            assumeTrue(false, "mkfifo is not available: " + e.getMessage());
            throw e;
        }
        try {
            assumeTrue(process.waitFor() == 0, "mkfifo failed");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
        fifos.add(path);
        return path;
    }

    private static void assumeUnix() {
        assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("unix"), "needs unix:nlink");
    }

    private static void noHang(Executable call) {
        assertTimeoutPreemptively(NO_HANG, call);
    }
}

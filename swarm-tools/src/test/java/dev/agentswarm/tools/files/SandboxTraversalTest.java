package dev.agentswarm.tools.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentswarm.tools.ToolRefusedException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SandboxTraversalTest {

    @TempDir
    Path temp;

    private Path root;
    private Path outside;
    private Sandbox sandbox;

    @BeforeEach
    void setUp() throws IOException {
        root = Files.createDirectories(temp.resolve("root"));
        outside = Files.createDirectories(temp.resolve("outside"));
        Files.writeString(outside.resolve("secret.txt"), "TOP SECRET");
        Files.createDirectories(root.resolve("docs"));
        Files.writeString(root.resolve("docs/a.md"), "hello");
        Files.createSymbolicLink(root.resolve("link-dir"), outside);
        Files.createSymbolicLink(root.resolve("link-file"), outside.resolve("secret.txt"));
        Files.createSymbolicLink(root.resolve("inner-link"), root.resolve("docs"));
        sandbox = Sandbox.of(root);
    }

    @Test
    void resolvesPathsInsideTheRoot() throws IOException {
        Path real = root.toRealPath();
        assertThat(sandbox.resolveExisting("docs/a.md")).isEqualTo(real.resolve("docs/a.md"));
        assertThat(sandbox.resolveExisting("./docs/a.md")).isEqualTo(real.resolve("docs/a.md"));
        assertThat(sandbox.resolveExisting("")).isEqualTo(real);
        assertThat(sandbox.resolveExisting(".")).isEqualTo(real);
        assertThat(sandbox.resolveExisting(real.resolve("docs/a.md").toString()))
                .isEqualTo(real.resolve("docs/a.md"));
        assertThat(sandbox.relativize(real.resolve("docs/a.md"))).isEqualTo("docs/a.md");
        assertThat(sandbox.relativize(real)).isEqualTo(".");
    }

    @Test
    void followsSymbolicLinksThatStayInside() throws IOException {
        assertThat(sandbox.resolveExisting("inner-link/a.md"))
                .isEqualTo(root.toRealPath().resolve("docs/a.md"));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "../outside/secret.txt",
                "..",
                "docs/../../outside/secret.txt",
                "docs/../a.md",
                "docs/..",
                "./../outside"
            })
    void refusesTraversal(String path) {
        assertThatThrownBy(() -> sandbox.resolveExisting(path))
                .isInstanceOf(ToolRefusedException.class)
                .hasMessageContaining("path traversal");
    }

    @Test
    void refusesAbsolutePathsOutsideTheRoot() {
        assertThatThrownBy(() ->
                        sandbox.resolveExisting(outside.resolve("secret.txt").toString()))
                .isInstanceOf(ToolRefusedException.class)
                .hasMessageContaining("absolute paths outside the sandbox root");
        assertThatThrownBy(() -> sandbox.resolveExisting("/etc/passwd"))
                .isInstanceOf(ToolRefusedException.class)
                .hasMessageContaining("absolute paths outside the sandbox root");
        assertThatThrownBy(() -> sandbox.resolveExisting("/")).isInstanceOf(ToolRefusedException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"link-file", "link-dir", "link-dir/secret.txt"})
    void refusesSymbolicLinksLeadingOutside(String path) {
        assertThatThrownBy(() -> sandbox.resolveExisting(path))
                .isInstanceOf(ToolRefusedException.class)
                .hasMessageContaining("symbolic link")
                .hasMessageContaining("outside the sandbox root");
    }

    @ParameterizedTest
    @ValueSource(strings = {"link-dir/new.txt", "link-dir/sub/new.txt", "link-file", "../new.txt", ".", ""})
    void refusesWritesThatWouldEscapeOrHitLinks(String path) {
        assertThatThrownBy(() -> sandbox.resolveForWrite(path)).isInstanceOf(ToolRefusedException.class);
    }

    @Test
    void allowsWritesToNewFilesInside() throws IOException {
        Path real = root.toRealPath();
        assertThat(sandbox.resolveForWrite("new.txt")).isEqualTo(real.resolve("new.txt"));
        assertThat(sandbox.resolveForWrite("a/b/c.txt")).isEqualTo(real.resolve("a/b/c.txt"));
        assertThat(sandbox.resolveForWrite("inner-link/new.txt")).isEqualTo(real.resolve("docs/new.txt"));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "%2e%2e%2foutside/secret.txt",
                "%2E%2E/outside/secret.txt",
                "..%2foutside",
                "..%2Foutside",
                "docs%2fa.md",
                "%252e%252e%252foutside",
                "..%5coutside",
                "docs/a.md%00.txt",
                "%c0%ae%c0%ae/outside"
            })
    void refusesUrlEncodedSeparatorsAndDots(String path) {
        assertThatThrownBy(() -> sandbox.resolveExisting(path))
                .isInstanceOf(ToolRefusedException.class)
                .hasMessageContaining("URL-encoded");
    }

    @Test
    void allowsHarmlessPercentSigns() throws IOException {
        Files.writeString(root.resolve("100%.txt"), "full");
        Files.writeString(root.resolve("a%20b.txt"), "literal");
        assertThat(sandbox.resolveExisting("100%.txt")).exists();
        assertThat(sandbox.resolveExisting("a%20b.txt")).exists();
    }

    @Test
    void refusesNulBytesBackslashesAndControlCharacters() {
        assertThatThrownBy(() -> sandbox.resolveExisting("docs/a.md\0.txt"))
                .isInstanceOf(ToolRefusedException.class)
                .hasMessageContaining("NUL byte")
                .hasMessageNotContaining("\0");
        assertThatThrownBy(() -> sandbox.resolveExisting("..\\outside\\secret.txt"))
                .isInstanceOf(ToolRefusedException.class)
                .hasMessageContaining("backslash");
        assertThatThrownBy(() -> sandbox.resolveExisting("docs/\na.md"))
                .isInstanceOf(ToolRefusedException.class)
                .hasMessageContaining("control character");
    }

    @Test
    void reportsMissingFilesClearly() {
        assertThatThrownBy(() -> sandbox.resolveExisting("docs/missing.md"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("No such file or directory: 'docs/missing.md'");
    }

    @Test
    void refusesDanglingLinks() throws IOException {
        Files.createSymbolicLink(root.resolve("dangling"), outside.resolve("nothing-here"));
        assertThatThrownBy(() -> sandbox.resolveExisting("dangling"))
                .isInstanceOf(ToolRefusedException.class)
                .hasMessageContaining("symbolic link");
        assertThatThrownBy(() -> sandbox.resolveForWrite("dangling"))
                .isInstanceOf(ToolRefusedException.class)
                .hasMessageContaining("symbolic link");
    }

    @Test
    void rejectsARootThatIsNotADirectory() {
        assertThatThrownBy(() -> Sandbox.of(root.resolve("docs/a.md"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Sandbox.of(root.resolve("nope"))).isInstanceOf(IllegalArgumentException.class);
    }
}

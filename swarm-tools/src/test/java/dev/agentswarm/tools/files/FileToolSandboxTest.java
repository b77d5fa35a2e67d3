package dev.agentswarm.tools.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentswarm.tools.ToolRefusedException;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.agent.tool.ToolSpecifications;
import dev.langchain4j.service.tool.DefaultToolExecutor;
import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FileToolSandboxTest {

    @TempDir
    Path temp;

    private Path root;
    private Path outside;
    private FileTools readOnly;
    private FileTools writable;

    @BeforeEach
    void setUp() throws IOException {
        root = Files.createDirectories(temp.resolve("root"));
        outside = Files.createDirectories(temp.resolve("outside"));
        Files.writeString(outside.resolve("secret.txt"), "TOP SECRET TODO");
        Files.createDirectories(root.resolve("docs"));
        Files.createDirectories(root.resolve("src"));
        Files.writeString(root.resolve("docs/a.md"), "# Alpha\nhello world\nTODO: fix the intro\n");
        Files.writeString(root.resolve("docs/b.txt"), "second file\nnothing to do\nTODO later\n");
        Files.writeString(root.resolve("src/Main.java"), "class Main {\n    // TODO implement\n}\n");
        Files.write(root.resolve("blob.bin"), new byte[] {1, 2, 0, 3, 'T', 'O', 'D', 'O'});
        Files.createSymbolicLink(root.resolve("link-dir"), outside);
        Files.createSymbolicLink(root.resolve("link-file"), outside.resolve("secret.txt"));
        readOnly = new FileTools(root);
        writable = FileTools.builder()
                .root(root)
                .allowWrite(true)
                .maxWriteBytes(64)
                .build();
    }

    @Test
    void listsADirectory() {
        String listing = readOnly.list(".");
        assertThat(listing.lines())
                .containsExactly(
                        "blob.bin  (8 bytes)",
                        "docs/",
                        "link-dir  (symbolic link)",
                        "link-file  (symbolic link)",
                        "src/");
        assertThat(readOnly.list("docs").lines()).containsExactly("docs/a.md  (40 bytes)", "docs/b.txt  (37 bytes)");
    }

    @Test
    void listCapsEntriesAndRejectsFiles() {
        FileTools small = FileTools.builder().root(root).maxResults(2).build();
        assertThat(small.list(".")).endsWith("[3 more entries not shown]");
        assertThatThrownBy(() -> readOnly.list("docs/a.md"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is a file");
    }

    @Test
    void readsAFile() {
        assertThat(readOnly.read("docs/a.md")).isEqualTo("# Alpha\nhello world\nTODO: fix the intro\n");
    }

    @Test
    void truncatesLargeFilesWithAMarker() throws IOException {
        Files.writeString(root.resolve("big.txt"), "x".repeat(5000));
        FileTools small = FileTools.builder().root(root).maxReadBytes(1000).build();
        String text = small.read("big.txt");
        assertThat(text).startsWith("x".repeat(1000) + "\n\n[truncated: showing the first 1000 of 5000 bytes");
        assertThat(text.chars().filter(c -> c == 'x').count()).isEqualTo(1000);
    }

    @Test
    void refusesBinaryFilesAndDirectories() {
        assertThatThrownBy(() -> readOnly.read("blob.bin"))
                .isInstanceOf(ToolRefusedException.class)
                .hasMessageContaining("binary");
        assertThatThrownBy(() -> readOnly.read("docs"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is a directory");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "../outside/secret.txt",
                "docs/../../outside/secret.txt",
                "%2e%2e%2foutside/secret.txt",
                "..%2foutside/secret.txt",
                "link-file",
                "link-dir/secret.txt",
                "..\\outside\\secret.txt"
            })
    void refusesReadsOutsideTheSandbox(String path) {
        assertThatThrownBy(() -> readOnly.read(path)).isInstanceOf(ToolRefusedException.class);
    }

    @Test
    void refusesAbsoluteAndNulPaths() {
        assertThatThrownBy(() -> readOnly.read(outside.resolve("secret.txt").toString()))
                .isInstanceOf(ToolRefusedException.class)
                .hasMessageContaining("absolute");
        assertThatThrownBy(() -> readOnly.read("docs/a.md\0"))
                .isInstanceOf(ToolRefusedException.class)
                .hasMessageContaining("NUL");
        assertThatThrownBy(() -> readOnly.list("link-dir"))
                .isInstanceOf(ToolRefusedException.class)
                .hasMessageContaining("symbolic link");
    }

    @Test
    void refusesWritesWhenReadOnly() {
        assertThatThrownBy(() -> readOnly.write("new.txt", "data"))
                .isInstanceOf(ToolRefusedException.class)
                .hasMessageContaining("read-only");
        assertThat(root.resolve("new.txt")).doesNotExist();
    }

    @Test
    void writesFilesWhenAllowed() throws IOException {
        assertThat(writable.write("notes/today.txt", "remember")).isEqualTo("Wrote 8 bytes to notes/today.txt.");
        assertThat(root.resolve("notes/today.txt")).hasContent("remember");
        writable.write("notes/today.txt", "again");
        assertThat(root.resolve("notes/today.txt")).hasContent("again");
    }

    @Test
    void refusesWritesThatEscapeOrAreTooLarge() throws IOException {
        assertThatThrownBy(() -> writable.write("link-dir/evil.txt", "pwned"))
                .isInstanceOf(ToolRefusedException.class)
                .hasMessageContaining("outside the sandbox root");
        assertThatThrownBy(() -> writable.write("link-file", "pwned"))
                .isInstanceOf(ToolRefusedException.class)
                .hasMessageContaining("symbolic link");
        assertThatThrownBy(() -> writable.write("../evil.txt", "pwned"))
                .isInstanceOf(ToolRefusedException.class)
                .hasMessageContaining("traversal");
        assertThatThrownBy(() -> writable.write("%2e%2e%2fevil.txt", "pwned")).isInstanceOf(ToolRefusedException.class);
        assertThatThrownBy(() -> writable.write("docs", "pwned"))
                .isInstanceOf(ToolRefusedException.class)
                .hasMessageContaining("directory");
        assertThatThrownBy(() -> writable.write("big.txt", "y".repeat(65)))
                .isInstanceOf(ToolRefusedException.class)
                .hasMessageContaining("write limit of 64 bytes");
        assertThat(outside.resolve("evil.txt")).doesNotExist();
        assertThat(temp.resolve("evil.txt")).doesNotExist();
        assertThat(outside.resolve("secret.txt")).hasContent("TOP SECRET TODO");
    }

    @Test
    void globMatchesNamesAnywhereOrWholePaths() {
        assertThat(readOnly.glob("*.md")).isEqualTo("docs/a.md");
        assertThat(readOnly.glob("docs/*").lines()).containsExactly("docs/a.md", "docs/b.txt");
        assertThat(readOnly.glob("**/*.java")).isEqualTo("src/Main.java");
        assertThat(readOnly.glob("*.none")).isEqualTo("No files match '*.none'.");
    }

    @Test
    void globDoesNotFollowLinksOrLeaveTheRoot() {
        assertThat(readOnly.glob("*.txt")).isEqualTo("docs/b.txt");
        assertThat(readOnly.glob("*")).doesNotContain("secret", "link-");
        assertThatThrownBy(() -> readOnly.glob("../*")).isInstanceOf(ToolRefusedException.class);
        assertThatThrownBy(() -> readOnly.glob("/etc/*")).isInstanceOf(ToolRefusedException.class);
        assertThatThrownBy(() -> readOnly.glob("["))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Invalid glob");
    }

    @Test
    void globCapsResults() {
        FileTools small = FileTools.builder().root(root).maxResults(1).build();
        assertThat(small.glob("docs/*")).endsWith("[more matches not shown; use a narrower pattern]");
    }

    @Test
    void grepReturnsPathLineAndText() {
        assertThat(readOnly.grep("TODO", null).lines())
                .containsExactlyInAnyOrder(
                        "docs/a.md:3:TODO: fix the intro",
                        "docs/b.txt:3:TODO later",
                        "src/Main.java:2:// TODO implement");
        assertThat(readOnly.grep("TODO", "*.java")).isEqualTo("src/Main.java:2:// TODO implement");
        assertThat(readOnly.grep("^hello", "docs/**")).isEqualTo("docs/a.md:2:hello world");
        assertThat(readOnly.grep("nope", "")).isEqualTo("No matches for 'nope'.");
    }

    @Test
    void grepSkipsBinaryFilesAndLinks() {
        assertThat(readOnly.grep("SECRET|TODO", null)).doesNotContain("secret", "SECRET", "blob.bin");
    }

    @Test
    void grepRejectsInvalidRegexAndCapsResults() {
        assertThatThrownBy(() -> readOnly.grep("(unclosed", null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Invalid regular expression");
        FileTools small = FileTools.builder().root(root).maxResults(1).build();
        String out = small.grep("TODO", null);
        assertThat(out.lines()).hasSize(2);
        assertThat(out).endsWith("[more matches not shown; use a more specific regex or glob]");
    }

    @Test
    void grepStopsCatastrophicRegexesAtTheTimeBudget() throws IOException {
        Files.writeString(root.resolve("docs/evil.txt"), "a".repeat(40) + "!\n");
        FileTools tools = FileTools.builder()
                .root(root)
                .grepTimeout(Duration.ofMillis(200))
                .build();
        long start = System.nanoTime();
        // Polynomial backtracking: about ten seconds on this line without the budget.
        String out = tools.grep("(.*a){8}b", "evil.txt");
        assertThat(out).contains("[stopped: the search exceeded its time budget of 200 ms");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void builderValidatesLimits() {
        assertThatThrownBy(() -> FileTools.builder().maxReadBytes(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> FileTools.builder().maxResults(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> FileTools.builder().grepTimeout(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> FileTools.builder().build()).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new FileTools(root.resolve("missing"))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void worksAsPlainLangChain4jTools() throws Exception {
        List<ToolSpecification> specs = ToolSpecifications.toolSpecificationsFrom(readOnly);
        assertThat(specs)
                .extracting(ToolSpecification::name)
                .containsExactlyInAnyOrder("list", "read", "write", "glob", "grep");
        ToolSpecification grep =
                specs.stream().filter(s -> s.name().equals("grep")).findFirst().orElseThrow();
        assertThat(grep.parameters().required()).containsExactly("regex");

        String result = execute(readOnly, "read", "{\"path\": \"docs/a.md\"}");
        assertThat(result).contains("hello world");
        assertThat(execute(readOnly, "grep", "{\"regex\": \"later\"}")).isEqualTo("docs/b.txt:3:TODO later");
    }

    static String execute(Object tools, String name, String arguments) throws Exception {
        Method method = Arrays.stream(tools.getClass().getMethods())
                .filter(m -> m.getName().equals(name))
                .findFirst()
                .orElseThrow();
        ToolExecutionRequest request = ToolExecutionRequest.builder()
                .id("1")
                .name(name)
                .arguments(arguments)
                .build();
        return new DefaultToolExecutor(tools, method).execute(request, "memory");
    }
}

package dev.agentswarm.tools.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.agentswarm.tools.ToolRefusedException;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.agent.tool.ToolSpecifications;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LocalSearchToolTest {

    private static final Pattern RESULT = Pattern.compile("(?m)^\\d+\\. \\[([^]]+)] .* \\(score (\\d+\\.\\d+)\\)$");

    @TempDir
    Path temp;

    private Path root;
    private LocalSearchTool search;

    @BeforeEach
    void setUp() throws IOException {
        root = Files.createDirectories(temp.resolve("corpus"));
        Path outside = Files.createDirectories(temp.resolve("outside"));
        Files.createDirectories(root.resolve("guide"));
        Files.writeString(root.resolve("lucene.md"), """
                # Lucene scoring
                Lucene ranks documents with BM25, a ranking function that weighs term frequency against
                document length. BM25 ranking replaced the classic TF-IDF ranking in Lucene 6.
                """);
        Files.writeString(root.resolve("notes.md"), """
                # Meeting notes
                We discussed the quarterly budget, hiring plans and office ranking of coffee machines.
                """);
        Files.writeString(root.resolve("cooking.txt"), """
                Pasta recipe: boil salted water, cook the pasta for nine minutes, then add tomato sauce.
                """);
        Files.writeString(root.resolve("guide/roses.html"), """
                <html><head><title>Garden Guide</title><script>var secretScript = 1;</script></head>
                <body><h1>Roses</h1><p>Prune roses in early spring, just above an outward-facing bud.</p>
                </body></html>
                """);
        Files.write(root.resolve("image.png"), new byte[] {(byte) 0x89, 'P', 'N', 'G'});
        Files.writeString(outside.resolve("secret.md"), "# Secret\nclassified launch codes\n");
        Files.createSymbolicLink(root.resolve("leak.md"), outside.resolve("secret.md"));
        search = new LocalSearchTool(root);
    }

    @AfterEach
    void tearDown() {
        search.close();
    }

    @Test
    void indexesTextMarkdownAndHtmlButNotLinksOrOtherFiles() {
        assertThat(search.documentCount()).isEqualTo(4);
        assertThat(search.search("classified launch codes", null)).startsWith("No documents match");
    }

    @Test
    void ranksTheMostRelevantDocumentFirst() {
        String result = search.search("bm25 ranking", null);
        List<String> ids = ids(result);
        assertThat(ids).first().isEqualTo("lucene.md");
        assertThat(ids).contains("notes.md");
        assertThat(result).contains("[lucene.md] Lucene scoring (score ");
        assertThat(result).contains("BM25");
        assertThat(scores(result)).isSortedAccordingTo((a, b) -> Double.compare(b, a));
    }

    @Test
    void searchesHtmlAsText() {
        String result = search.search("prune roses", null);
        assertThat(ids(result)).containsExactly("guide/roses.html");
        assertThat(result).contains("[guide/roses.html] Garden Guide").contains("Prune roses in early spring");
        assertThat(search.search("secretScript", null)).startsWith("No documents match");
    }

    @Test
    void stemsQueryTerms() {
        assertThat(ids(search.search("boiling", null))).containsExactly("cooking.txt");
    }

    @Test
    void respectsMaxResults() {
        String result = search.search("ranking", 1);
        assertThat(ids(result)).containsExactly("lucene.md");
        assertThat(result).startsWith("Results for 'ranking' (1 of 2 matching documents):");
        assertThat(ids(search.search("ranking", 0))).hasSize(1);
        assertThat(ids(search.search("ranking", 1000))).hasSize(2);
    }

    @Test
    void supportsQuerySyntax() {
        assertThat(ids(search.search("\"ranking function\"", null))).containsExactly("lucene.md");
        assertThat(ids(search.search("ranking -bm25", null))).containsExactly("notes.md");
        assertThat(ids(search.search("pas*", null))).containsExactly("cooking.txt");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {"bm25 AND (", "\"unterminated bm25", "bm25 ]", "*bm25", "bm25:", "bm25 ~~ /", "title:[bm25"})
    void fallsBackToPlainWordsOnSyntaxErrors(String query) {
        assertThat(ids(search.search(query, null))).contains("lucene.md");
    }

    @Test
    void refusesBlankQueries() {
        assertThatThrownBy(() -> search.search("  ", null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("query is empty");
    }

    @Test
    void opensDocumentsAsText() {
        assertThat(search.open("lucene.md")).startsWith("# Lucene scoring\nLucene ranks documents");
        String html = search.open("guide/roses.html");
        assertThat(html).startsWith("Garden Guide\n\nRoses\nPrune roses").doesNotContain("<p>", "secretScript");
        assertThat(search.open("cooking.txt")).startsWith("Pasta recipe");
    }

    @Test
    void truncatesLongDocuments() {
        LocalSearchTool small =
                LocalSearchTool.builder().root(root).maxOpenChars(20).build();
        try {
            assertThat(small.open("cooking.txt"))
                    .isEqualTo("Pasta recipe: boil s\n\n[truncated: showing the first 20 of 89 characters]");
        } finally {
            small.close();
        }
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "../outside/secret.md",
                "leak.md",
                "%2e%2e%2foutside%2fsecret.md",
                "/etc/passwd",
                "guide/../../outside/secret.md",
                "lucene.md\0"
            })
    void refusesToOpenAnythingOutsideTheCorpus(String docId) {
        assertThatThrownBy(() -> search.open(docId)).isInstanceOf(ToolRefusedException.class);
    }

    @Test
    void skipsFilesWithSeveralHardLinksUnlessAllowed() throws IOException {
        assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("unix"), "needs unix:nlink");
        Files.createLink(root.resolve("hard.md"), temp.resolve("outside/secret.md"));
        LocalSearchTool strict = new LocalSearchTool(root);
        LocalSearchTool lenient = LocalSearchTool.builder()
                .root(root)
                .allowMultiplyLinkedFiles(true)
                .build();
        try {
            assertThat(strict.documentCount()).isEqualTo(4);
            assertThat(strict.search("classified launch codes", null)).startsWith("No documents match");
            assertThatThrownBy(() -> strict.open("hard.md"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("Unknown document id 'hard.md'");
            assertThat(ids(lenient.search("classified launch codes", null))).containsExactly("hard.md");
            assertThat(lenient.open("hard.md")).contains("classified launch codes");
            // A file that gains a second link after indexing is refused when opened.
            Files.createLink(temp.resolve("outside/lucene-copy.md"), root.resolve("lucene.md"));
            assertThatThrownBy(() -> strict.open("lucene.md"))
                    .isInstanceOf(ToolRefusedException.class)
                    .hasMessage("Refused to open 'lucene.md': it has 2 hard links, so its content may belong to a"
                            + " file outside the sandbox.");
        } finally {
            strict.close();
            lenient.close();
        }
    }

    @Test
    void refusesUnknownDocuments() {
        assertThatThrownBy(() -> search.open("image.png"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Unknown document id 'image.png'");
        assertThatThrownBy(() -> search.open("missing.md"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("No such file");
    }

    @Test
    void exposesSearchAndOpenAsLangChain4jTools() {
        List<ToolSpecification> specs = ToolSpecifications.toolSpecificationsFrom(search);
        assertThat(specs).extracting(ToolSpecification::name).containsExactlyInAnyOrder("search", "open");
        ToolSpecification searchSpec = specs.stream()
                .filter(s -> s.name().equals("search"))
                .findFirst()
                .orElseThrow();
        assertThat(searchSpec.parameters().required()).containsExactly("query");
    }

    private static List<String> ids(String result) {
        return RESULT.matcher(result).results().map(m -> m.group(1)).toList();
    }

    private static List<Double> scores(String result) {
        Matcher matcher = RESULT.matcher(result);
        return matcher.results().map(m -> Double.parseDouble(m.group(2))).toList();
    }
}

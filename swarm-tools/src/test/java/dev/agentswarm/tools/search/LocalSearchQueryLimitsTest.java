package dev.agentswarm.tools.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Hostile queries: deep nesting, huge length, regular expressions that explode, random syntax. Each must give a
 * result or a clear {@link IllegalArgumentException}, never an {@link Error} or an unexplained Lucene exception.
 */
class LocalSearchQueryLimitsTest {

    @TempDir
    Path temp;

    private Path root;
    private LocalSearchTool search;

    @BeforeEach
    void setUp() throws IOException {
        root = Files.createDirectories(temp.resolve("corpus"));
        Files.writeString(root.resolve("lucene.md"), "# Lucene scoring\nLucene ranks documents with BM25.\n");
        Files.writeString(root.resolve("cooking.txt"), "Pasta recipe: boil salted water, cook the pasta.\n");
        search = new LocalSearchTool(root);
    }

    @AfterEach
    void tearDown() {
        search.close();
    }

    @Test
    void twentyThousandNestedParenthesesAreAClearErrorNotAStackOverflow() {
        String balanced = "(".repeat(20_000) + "bm25" + ")".repeat(20_000);
        String unbalanced = "(".repeat(20_000);
        LocalSearchTool roomy =
                LocalSearchTool.builder().root(root).maxQueryChars(1_000_000).build();
        try {
            for (LocalSearchTool tool : List.of(search, roomy)) {
                for (String query : List.of(balanced, unbalanced)) {
                    assertThatThrownBy(() -> tool.search(query, null))
                            .isExactlyInstanceOf(IllegalArgumentException.class)
                            .message()
                            .hasSizeLessThan(400);
                }
            }
            assertThatThrownBy(() -> roomy.search(balanced, null))
                    .hasMessageContaining("has 20000 opening parentheses")
                    .hasMessageContaining("at most " + LocalSearchTool.MAX_QUERY_PARENTHESES);
        } finally {
            roomy.close();
        }
    }

    @Test
    void nestingUpToTheLimitStillWorks() {
        int max = LocalSearchTool.MAX_QUERY_PARENTHESES;
        assertThat(search.search("(".repeat(max) + "bm25" + ")".repeat(max), null))
                .contains("[lucene.md]");
        assertThat(search.search("(bm25 OR (pasta AND (boil OR (water))))", null))
                .contains("[lucene.md]", "[cooking.txt]");
        assertThatThrownBy(() -> search.search("(".repeat(max + 1) + "bm25" + ")".repeat(max + 1), null))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("has " + (max + 1) + " opening parentheses; at most " + max);
        assertThatThrownBy(() -> search.search("(bm25) ".repeat(max + 1), null))
                .hasMessageContaining("has " + (max + 1) + " opening parentheses");
        assertThat(search.search("(bm25) ".repeat(max), null)).contains("[lucene.md]");
        // Escaped parentheses are plain characters and do not nest.
        assertThat(search.search("\\(".repeat(100) + " bm25", null)).contains("[lucene.md]");
    }

    @Test
    void hugeQueriesAreAClearError() {
        String megabyte = "bm25 ".repeat(200_000);
        assertThatThrownBy(() -> search.search(megabyte, null))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("1000000 characters")
                .hasMessageContaining("at most " + LocalSearchTool.DEFAULT_MAX_QUERY_CHARS)
                .message()
                .hasSizeLessThan(400);
        String atTheLimit = ("bm25 " + "x".repeat(LocalSearchTool.DEFAULT_MAX_QUERY_CHARS))
                .substring(0, LocalSearchTool.DEFAULT_MAX_QUERY_CHARS);
        assertThat(search.search(atTheLimit, null)).contains("[lucene.md]");
        assertThatThrownBy(() -> search.search(atTheLimit + "x", null))
                .hasMessageContaining((LocalSearchTool.DEFAULT_MAX_QUERY_CHARS + 1) + " characters");

        LocalSearchTool tight =
                LocalSearchTool.builder().root(root).maxQueryChars(10).build();
        try {
            assertThat(tight.search("bm25", null)).contains("[lucene.md]");
            assertThatThrownBy(() -> tight.search("bm25 lucene", null))
                    .hasMessageContaining("11 characters")
                    .hasMessageContaining("at most 10");
        } finally {
            tight.close();
        }
        assertThatThrownBy(() -> LocalSearchTool.builder().maxQueryChars(0))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void queriesWithTooManyWordsAreAClearError() {
        LocalSearchTool roomy =
                LocalSearchTool.builder().root(root).maxQueryChars(1_000_000).build();
        try {
            String words = IntStream.range(0, 3_000).mapToObj(i -> "w" + i).collect(Collectors.joining(" "));
            assertThatThrownBy(() -> roomy.search(words, null))
                    .isExactlyInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("too broad")
                    .hasMessageContaining("fewer")
                    .message()
                    .hasSizeLessThan(400);
        } finally {
            roomy.close();
        }
    }

    @Test
    void wildcardsTooComplexToExpandAreAClearError() {
        for (String query :
                List.of("a" + "*?".repeat(400), "a*b*c*d*e*f*g*h*i*j*k*l*m*n*o*p*q*r*s*t*u*v*w*x*y*z*".repeat(10))) {
            assertThatThrownBy(() -> search.search(query, null))
                    .isExactlyInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("is too complex")
                    .hasMessageContaining("simpler wildcards");
        }
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "/.{0,100000}/",
                "/a{1000}{1000}/",
                "/[a-z]{1,1000}{1,1000}/",
                "/a{2147483647}/",
                "/(.*){100}/",
                "title:/.*/",
                "/[^a]*/"
            })
    void regularExpressionQueriesAreSearchedAsPlainWords(String query) {
        assertThat(search.search(query, null)).isNotBlank();
    }

    @Test
    void aRegularExpressionIsReadAsItsWords() {
        assertThat(search.search("/bm25/", null)).contains("[lucene.md]");
        assertThat(search.search("/" + "a".repeat(990) + "/ pasta", null)).contains("[cooking.txt]");
    }

    @Test
    void worstCaseQueriesWithinTheLimitsRunOnASmallStack() throws InterruptedException {
        int max = LocalSearchTool.MAX_QUERY_PARENTHESES;
        int chars = LocalSearchTool.DEFAULT_MAX_QUERY_CHARS;
        List<String> queries = new ArrayList<>(List.of(
                "(".repeat(max) + "bm25" + ")".repeat(max),
                ("(".repeat(max) + "a" + ")".repeat(max) + " ").repeat(chars).substring(0, chars),
                "+(".repeat(max) + "bm25" + ")".repeat(max),
                "title:(".repeat(max) + "bm25" + ")".repeat(max),
                "~".repeat(chars),
                "\\".repeat(chars),
                "\"".repeat(chars),
                "*".repeat(chars),
                "[".repeat(chars),
                "a* ".repeat(chars / 3),
                "NOT ".repeat(chars / 4),
                "a AND ".repeat(chars / 6),
                "/" + "(".repeat(max) + "a" + ")".repeat(max) + "/"));
        Random random = new Random(12);
        String alphabet = "()[]{}\"/\\*?~^:+-!&| ANDORNOTbm25";
        for (int i = 0; i < 300; i++) {
            StringBuilder query = new StringBuilder();
            int length = 1 + random.nextInt(chars);
            for (int j = 0; j < length; j++) {
                query.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            queries.add(query.toString());
        }
        AtomicReference<Throwable> unexpected = new AtomicReference<>();
        AtomicReference<String> culprit = new AtomicReference<>();
        Thread worker = new Thread(
                null,
                () -> {
                    for (String query : queries) {
                        try {
                            search.search(query, null);
                        } catch (IllegalArgumentException expected) {
                            assertThat(expected.getMessage()).hasSizeLessThan(chars + 400);
                        } catch (Throwable e) {
                            unexpected.set(e);
                            culprit.set(query);
                            return;
                        }
                    }
                },
                "small-stack-search",
                256 * 1024);
        worker.start();
        worker.join();
        assertThat(unexpected.get()).as("query %s", culprit.get()).isNull();
    }
}

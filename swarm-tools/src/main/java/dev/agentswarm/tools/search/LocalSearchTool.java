package dev.agentswarm.tools.search;

import dev.agentswarm.tools.HtmlText;
import dev.agentswarm.tools.ToolRefusedException;
import dev.agentswarm.tools.files.Sandbox;
import dev.langchain4j.agent.tool.P;
import dev.langchain4j.agent.tool.Tool;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.OffsetAttribute;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.queryparser.classic.MultiFieldQueryParser;
import org.apache.lucene.queryparser.classic.ParseException;
import org.apache.lucene.queryparser.classic.QueryParser;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.QueryVisitor;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.search.similarities.BM25Similarity;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.apache.lucene.util.automaton.TooComplexToDeterminizeException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A LangChain4j tool that searches a local folder of documents: the offline stand-in for web search.
 *
 * <p>At construction every {@code .txt}, {@code .md}, {@code .markdown}, {@code .html} and {@code .htm} file
 * under the root (symbolic links are not followed; files over {@code maxDocumentBytes} are skipped, and so are
 * files with more than one hard link unless the builder allows them) is indexed in memory with Apache Lucene,
 * English analysis and BM25 ranking; HTML is indexed as its readable text.
 * {@link #search(String, Integer)} returns ranked snippets with each document's id (its root-relative path) and
 * score, and {@link #open(String)} returns a document's text, confined to the root by a {@link Sandbox}. The index
 * is a snapshot: files changed later are not seen until a new tool is built.
 *
 * <p>Queries use Lucene's classic syntax ({@code "exact phrase"}, {@code AND}, {@code -excluded},
 * {@code prefix*}); a query that is not valid syntax, and a regular-expression query ({@code /.../}), is searched
 * as plain words instead. A query longer than {@code maxQueryChars} (default {@value #DEFAULT_MAX_QUERY_CHARS}),
 * with more than {@value #MAX_QUERY_PARENTHESES} opening parentheses, or expanding to more clauses than Lucene
 * allows is refused with an {@link IllegalArgumentException} that says what to change.
 *
 * <p>Instances are thread-safe. {@link #close()} releases the index.
 */
public final class LocalSearchTool implements AutoCloseable {

    /**
     * The most opening parentheses a query may contain (escaped ones, {@code \(}, do not count). Lucene's query
     * parser descends one level per parenthesis, so this bounds its recursion: a query of thousands of nested
     * parentheses would otherwise overflow the stack.
     */
    public static final int MAX_QUERY_PARENTHESES = 32;

    /** The default longest query, in characters; see {@link Builder#maxQueryChars(int)}. */
    public static final int DEFAULT_MAX_QUERY_CHARS = 1000;

    /** How much of a refused query an error message quotes. */
    private static final int QUOTED_QUERY_CHARS = 80;

    private static final Logger LOG = LoggerFactory.getLogger(LocalSearchTool.class);
    private static final Set<String> EXTENSIONS = Set.of("txt", "md", "markdown", "html", "htm");
    private static final String ID = "id";
    private static final String TITLE = "title";
    private static final String BODY = "body";
    private static final Map<String, Float> BOOSTS = Map.of(TITLE, 2f, BODY, 1f);

    private final Sandbox sandbox;
    private final int maxResults;
    private final int snippetChars;
    private final long maxDocumentBytes;
    private final int maxOpenChars;
    private final int maxQueryChars;
    private final Analyzer analyzer = new EnglishAnalyzer();
    private final ByteBuffersDirectory directory = new ByteBuffersDirectory();
    private final Set<String> ids;
    private final DirectoryReader reader;
    private final IndexSearcher searcher;

    private LocalSearchTool(Builder builder) {
        this.sandbox = Sandbox.of(Objects.requireNonNull(builder.root, "root must be set"))
                .withMultiplyLinkedReads(builder.allowMultiplyLinkedFiles);
        this.maxResults = builder.maxResults;
        this.snippetChars = builder.snippetChars;
        this.maxDocumentBytes = builder.maxDocumentBytes;
        this.maxOpenChars = builder.maxOpenChars;
        this.maxQueryChars = builder.maxQueryChars;
        try {
            this.ids = Set.copyOf(index());
            this.reader = DirectoryReader.open(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot index " + sandbox.root() + ": " + e.getMessage(), e);
        }
        this.searcher = new IndexSearcher(reader);
        this.searcher.setSimilarity(new BM25Similarity());
        LOG.info("indexed {} documents under {}", ids.size(), sandbox.root());
    }

    /**
     * Returns a builder.
     *
     * @return a new builder with default limits
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Indexes a folder with default limits; use {@link #builder()} to change them.
     *
     * @param root the folder of documents
     * @throws IllegalArgumentException if {@code root} is not an existing directory
     * @throws UncheckedIOException if indexing fails
     */
    public LocalSearchTool(Path root) {
        this(builder().root(root));
    }

    /**
     * Returns the number of indexed documents.
     *
     * @return the document count
     */
    public int documentCount() {
        return ids.size();
    }

    /**
     * Searches the indexed documents.
     *
     * @param query the query, in Lucene classic syntax or as plain words
     * @param maxResults how many results to return; null for the default, values above the configured maximum
     *     are lowered to it
     * @return ranked results, best first, each with rank, document id, score, title and a snippet; or a line
     *     saying nothing matched
     * @throws IllegalArgumentException if the query is blank, longer than {@code maxQueryChars}, has more than
     *     {@value #MAX_QUERY_PARENTHESES} opening parentheses, expands to too many clauses or cannot be searched
     * @throws UncheckedIOException if the index cannot be read
     */
    @Tool("Search the local document collection (offline stand-in for web search). Returns ranked snippets with"
            + " document ids; read a whole document with open(docId).")
    public String search(
            @P("search query: keywords, \"exact phrase\", AND/OR/-excluded, prefix*") String query,
            @P(value = "maximum number of results, default 5", required = false) @Nullable Integer maxResults) {
        if (query.isBlank()) {
            throw new IllegalArgumentException("The search query is empty; give some keywords.");
        }
        checkLimits(query);
        int wanted =
                Math.max(1, Math.min(maxResults == null ? Math.min(5, this.maxResults) : maxResults, this.maxResults));
        try {
            Query parsed = searcher.rewrite(parse(query));
            TopDocs top = searcher.search(parsed, wanted);
            if (top.scoreDocs.length == 0) {
                return "No documents match '" + query + "'.";
            }
            Set<Term> queryTerms = new HashSet<>();
            parsed.visit(QueryVisitor.termCollector(queryTerms));
            Set<String> terms = queryTerms.stream().map(Term::text).collect(Collectors.toSet());
            StoredFields stored = searcher.storedFields();
            StringBuilder out = new StringBuilder();
            out.append("Results for '")
                    .append(query)
                    .append("' (")
                    .append(top.scoreDocs.length)
                    .append(" of ")
                    .append(top.totalHits.value)
                    .append(" matching documents):\n");
            int rank = 0;
            for (ScoreDoc hit : top.scoreDocs) {
                Document doc = stored.document(hit.doc);
                out.append('\n')
                        .append(++rank)
                        .append(". [")
                        .append(doc.get(ID))
                        .append("] ")
                        .append(doc.get(TITLE))
                        .append(String.format(Locale.ROOT, " (score %.3f)", hit.score))
                        .append('\n')
                        .append("   ")
                        .append(snippet(Objects.requireNonNull(doc.get(BODY)), terms))
                        .append('\n');
            }
            return out.toString().stripTrailing();
        } catch (IndexSearcher.TooManyClauses e) {
            throw tooBroad(query, e);
        } catch (TooComplexToDeterminizeException e) {
            throw new IllegalArgumentException(
                    "The query '" + quote(query) + "' is too complex: a wildcard pattern"
                            + " in it would take too much work to expand. Use plain keywords or simpler wildcards.",
                    e);
        } catch (IOException e) {
            throw new UncheckedIOException("Search failed: " + e.getMessage(), e);
        }
    }

    /** Refuses queries too long or with too many parentheses before the parser sees them. */
    private void checkLimits(String query) {
        if (query.length() > maxQueryChars) {
            throw new IllegalArgumentException("The query '" + quote(query) + "' is " + query.length()
                    + " characters long; at most " + maxQueryChars + " are allowed. Search for a few keywords.");
        }
        int parentheses = 0;
        for (int i = 0; i < query.length(); i++) {
            char c = query.charAt(i);
            if (c == '\\') {
                i++; // an escaped character is a plain character, never a parenthesis of the syntax
            } else if (c == '(') {
                parentheses++;
            }
        }
        if (parentheses > MAX_QUERY_PARENTHESES) {
            throw new IllegalArgumentException("The query '" + quote(query) + "' has " + parentheses + " opening"
                    + " parentheses; at most " + MAX_QUERY_PARENTHESES + " are allowed. Use fewer groups, or"
                    + " plain keywords.");
        }
    }

    private static IllegalArgumentException tooBroad(String query, RuntimeException cause) {
        return new IllegalArgumentException(
                "The query '" + quote(query) + "' is too broad: it expands to more than "
                        + IndexSearcher.getMaxClauseCount()
                        + " clauses (too many words, or a wildcard that matches too many"
                        + " terms). Use fewer, more specific keywords or longer prefixes.",
                cause);
    }

    private static String quote(String query) {
        return query.length() <= QUOTED_QUERY_CHARS ? query : query.substring(0, QUOTED_QUERY_CHARS) + "...";
    }

    /**
     * Returns the text of an indexed document (HTML as readable text), cut off at {@code maxOpenChars} with a
     * truncation marker.
     *
     * @param docId a document id as returned by {@link #search(String, Integer)}
     * @return the document text
     * @throws ToolRefusedException if the id is refused by the sandbox (traversal, links out of the root, ...) or
     *     the file is no longer one that may be read (see {@link Sandbox#fileRefusal(Path)})
     * @throws IllegalArgumentException if no indexed document has that id
     * @throws UncheckedIOException if the document cannot be read
     */
    @Tool("Open a document of the local collection by the id shown in search results and return its text.")
    public String open(@P("document id from the search results, e.g. 'guides/intro.md'") String docId) {
        Path real = sandbox.resolveExisting(docId);
        String id = sandbox.relativize(real);
        if (!ids.contains(id)) {
            throw new IllegalArgumentException(
                    "Unknown document id '" + docId + "'. Use an id shown in the search" + " results.");
        }
        Optional<String> refusal = sandbox.fileRefusal(real);
        if (refusal.isPresent()) {
            // Indexed as a plain file; replaced since by a FIFO, device or hard link.
            throw new ToolRefusedException("Refused to open '" + docId + "': " + refusal.get() + ".");
        }
        Parsed doc = parseFile(real, id);
        String text = isHtml(real) && !doc.title().equals(id) ? doc.title() + "\n\n" + doc.body() : doc.body();
        if (text.length() > maxOpenChars) {
            return text.substring(0, maxOpenChars) + "\n\n[truncated: showing the first " + maxOpenChars + " of "
                    + text.length() + " characters]";
        }
        return text;
    }

    /**
     * Releases the in-memory index; the tool cannot be used afterwards.
     *
     * @throws UncheckedIOException if the index cannot be closed
     */
    @Override
    public void close() {
        try {
            reader.close();
            directory.close();
            analyzer.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Set<String> index() throws IOException {
        Set<String> indexed = new HashSet<>();
        IndexWriterConfig config = new IndexWriterConfig(analyzer).setSimilarity(new BM25Similarity());
        try (IndexWriter writer = new IndexWriter(directory, config)) {
            Files.walkFileTree(sandbox.root(), new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    if (!attrs.isRegularFile() || !EXTENSIONS.contains(extension(file))) {
                        return FileVisitResult.CONTINUE;
                    }
                    Optional<String> refusal;
                    try {
                        refusal = sandbox.fileRefusal(file);
                    } catch (UncheckedIOException e) {
                        LOG.debug("not indexing uninspectable {}: {}", file, e.toString());
                        return FileVisitResult.CONTINUE;
                    }
                    if (refusal.isPresent()) {
                        LOG.info("not indexing {}: {}", file, refusal.get());
                    } else if (attrs.size() <= maxDocumentBytes) {
                        String id = sandbox.relativize(file);
                        Parsed parsed = parseFile(file, id);
                        Document doc = new Document();
                        doc.add(new StringField(ID, id, Field.Store.YES));
                        doc.add(new TextField(TITLE, parsed.title(), Field.Store.YES));
                        doc.add(new TextField(BODY, parsed.body(), Field.Store.YES));
                        writer.addDocument(doc);
                        indexed.add(id);
                    } else {
                        LOG.debug("not indexing {}: {} bytes is over the limit", file, attrs.size());
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    LOG.debug("not indexing unreadable {}: {}", file, e.toString());
                    return FileVisitResult.CONTINUE;
                }
            });
        }
        return indexed;
    }

    private Query parse(String query) {
        try {
            return newParser().parse(query);
        } catch (ParseException e) {
            if (e.getCause() instanceof IndexSearcher.TooManyClauses tooMany) {
                throw tooBroad(query, tooMany);
            }
            LOG.debug("query '{}' is not valid syntax, searching it as plain words: {}", quote(query), e.getMessage());
        }
        try {
            return newParser().parse(QueryParser.escape(query));
        } catch (ParseException e) {
            if (e.getCause() instanceof IndexSearcher.TooManyClauses tooMany) {
                throw tooBroad(query, tooMany);
            }
            throw new IllegalArgumentException(
                    "Cannot search for '" + quote(query) + "': " + e.getMessage() + " Use plain keywords.", e);
        }
    }

    private MultiFieldQueryParser newParser() {
        MultiFieldQueryParser parser = new PlainParser(new String[] {TITLE, BODY}, analyzer, BOOSTS);
        parser.setDefaultOperator(QueryParser.Operator.OR);
        return parser;
    }

    /**
     * The classic parser without regular-expression queries ({@code /.../}): Lucene parses those recursively and
     * may spend seconds building their automata, so such a query is searched as plain words instead.
     */
    private static final class PlainParser extends MultiFieldQueryParser {

        PlainParser(String[] fields, Analyzer analyzer, Map<String, Float> boosts) {
            super(fields, analyzer, boosts);
        }

        @Override
        protected Query getRegexpQuery(@Nullable String field, String termStr) throws ParseException {
            throw new ParseException("regular expression queries are not supported");
        }
    }

    private String snippet(String body, Set<String> terms) throws IOException {
        int hit = -1;
        try (TokenStream tokens = analyzer.tokenStream(BODY, body)) {
            CharTermAttribute term = tokens.addAttribute(CharTermAttribute.class);
            OffsetAttribute offset = tokens.addAttribute(OffsetAttribute.class);
            tokens.reset();
            while (tokens.incrementToken()) {
                if (terms.contains(term.toString())) {
                    hit = offset.startOffset();
                    break;
                }
            }
            tokens.end();
        }
        int start = hit < 0 ? 0 : Math.max(0, hit - snippetChars / 3);
        int end = Math.min(body.length(), start + snippetChars);
        if (start > 0) {
            int space = body.indexOf(' ', start);
            start = space >= 0 && space < hit ? space + 1 : start;
        }
        String text = body.substring(start, end).replaceAll("\\s+", " ").strip();
        return (start > 0 ? "..." : "") + text + (end < body.length() ? "..." : "");
    }

    private Parsed parseFile(Path file, String id) {
        String raw;
        try {
            raw = decode(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read document '" + id + "': " + e.getMessage(), e);
        }
        if (isHtml(file)) {
            HtmlText html = HtmlText.parse(raw, "");
            return new Parsed(html.title().isEmpty() ? id : html.title(), html.text());
        }
        for (String line : raw.split("\n", 50)) {
            if (line.startsWith("# ")) {
                return new Parsed(line.substring(2).strip(), raw);
            }
        }
        return new Parsed(id, raw);
    }

    private static boolean isHtml(Path file) {
        String ext = extension(file);
        return ext.equals("html") || ext.equals("htm");
    }

    private static String extension(Path file) {
        Path name = file.getFileName();
        String text = name == null ? "" : name.toString();
        int dot = text.lastIndexOf('.');
        return dot < 0 ? "" : text.substring(dot + 1).toLowerCase(Locale.ROOT);
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

    @Override
    public String toString() {
        return "LocalSearchTool[root=" + sandbox.root() + ", documents=" + ids.size() + "]";
    }

    private record Parsed(String title, String body) {}

    /** Builds a {@link LocalSearchTool}; validates every limit. */
    public static final class Builder {

        private @Nullable Path root;
        private int maxResults = 20;
        private int snippetChars = 300;
        private long maxDocumentBytes = 5L * 1024 * 1024;
        private int maxOpenChars = 100_000;
        private int maxQueryChars = DEFAULT_MAX_QUERY_CHARS;
        private boolean allowMultiplyLinkedFiles;

        private Builder() {}

        /**
         * Sets the folder of documents to index (required).
         *
         * @param root an existing directory
         * @return this builder
         */
        public Builder root(Path root) {
            this.root = Objects.requireNonNull(root, "root");
            return this;
        }

        /**
         * Sets the most results one search may return (default 20; a search returns 5 unless asked for more).
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
         * Sets the length of each result snippet (default 300 characters).
         *
         * @param snippetChars a positive number of characters
         * @return this builder
         * @throws IllegalArgumentException if not positive
         */
        public Builder snippetChars(int snippetChars) {
            this.snippetChars = positive(snippetChars, "snippetChars");
            return this;
        }

        /**
         * Sets the size above which files are not indexed (default 5 MiB).
         *
         * @param maxDocumentBytes a positive number of bytes
         * @return this builder
         * @throws IllegalArgumentException if not positive
         */
        public Builder maxDocumentBytes(long maxDocumentBytes) {
            if (maxDocumentBytes <= 0) {
                throw new IllegalArgumentException("maxDocumentBytes must be positive: " + maxDocumentBytes);
            }
            this.maxDocumentBytes = maxDocumentBytes;
            return this;
        }

        /**
         * Sets how many characters {@link LocalSearchTool#open(String)} returns at most (default 100,000).
         *
         * @param maxOpenChars a positive number of characters
         * @return this builder
         * @throws IllegalArgumentException if not positive
         */
        public Builder maxOpenChars(int maxOpenChars) {
            this.maxOpenChars = positive(maxOpenChars, "maxOpenChars");
            return this;
        }

        /**
         * Sets the longest query {@link LocalSearchTool#search(String, Integer)} accepts (default
         * {@value LocalSearchTool#DEFAULT_MAX_QUERY_CHARS} characters); longer queries are refused with an
         * explanation. Independently of this limit, a query may hold at most
         * {@value LocalSearchTool#MAX_QUERY_PARENTHESES} opening parentheses.
         *
         * @param maxQueryChars a positive number of characters
         * @return this builder
         * @throws IllegalArgumentException if not positive
         */
        public Builder maxQueryChars(int maxQueryChars) {
            this.maxQueryChars = positive(maxQueryChars, "maxQueryChars");
            return this;
        }

        /**
         * Lets files with more than one hard link be indexed and opened (by default they are skipped): a hard link
         * inside the root can name a file outside it, and nothing in the path shows it. Turn this on only for a
         * folder no one else can create files in, for example one copied with hard links ({@code cp -al}).
         *
         * @param allow whether multiply-linked files are indexed
         * @return this builder
         */
        public Builder allowMultiplyLinkedFiles(boolean allow) {
            this.allowMultiplyLinkedFiles = allow;
            return this;
        }

        /**
         * Indexes the folder and builds the tool.
         *
         * @return the search tool
         * @throws NullPointerException if no root was set
         * @throws IllegalArgumentException if the root is not an existing directory
         * @throws UncheckedIOException if indexing fails
         */
        public LocalSearchTool build() {
            return new LocalSearchTool(this);
        }

        private static int positive(int value, String name) {
            if (value <= 0) {
                throw new IllegalArgumentException(name + " must be positive: " + value);
            }
            return value;
        }
    }
}

package dev.agentswarm.test.cassette;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.FinishReason;
import dev.langchain4j.model.output.TokenUsage;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A cassette file: one JSON line per recorded model call, {@code {"key": sha256, "request": canonical request,
 * "response": response}}, appended as calls complete so that a recording interrupted half-way keeps what it had.
 * The key is {@link CanonicalRequest#key(String, dev.langchain4j.model.chat.request.ChatRequest)}; a request made
 * several times is recorded as often, and replayed in the same order.
 *
 * <p>Thread-safe.
 */
public final class Cassette implements Closeable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path path;
    private final List<Entry> entries = Collections.synchronizedList(new ArrayList<>());
    private @Nullable FileChannel channel;

    private Cassette(Path path, @Nullable FileChannel channel) {
        this.path = path;
        this.channel = channel;
    }

    /**
     * One recorded call.
     *
     * @param key the SHA-256 of the canonical request
     * @param request the canonical request
     * @param response the response, as {@link #toJson(ChatResponse)} writes it
     */
    public record Entry(String key, JsonNode request, JsonNode response) {}

    /**
     * Opens a new cassette for recording.
     *
     * @param path the file; must be missing or empty, so that no recording is overwritten by accident
     * @return the cassette
     * @throws IllegalStateException if the file holds data
     * @throws UncheckedIOException if it cannot be created
     */
    public static Cassette create(Path path) {
        try {
            if (Files.exists(path) && Files.size(path) > 0) {
                throw new IllegalStateException("cassette " + path + " already holds a recording; delete it to "
                        + "record again, or replay it with ReplayModel");
            }
            Path parent = path.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            return new Cassette(
                    path,
                    FileChannel.open(
                            path, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create cassette " + path + ": " + e.getMessage(), e);
        }
    }

    /**
     * Loads a recorded cassette. A last line without its newline (a recording killed mid-write) is ignored; a bad
     * line before it is an error naming the line.
     *
     * @param path the file
     * @return the cassette, read-only
     * @throws IllegalArgumentException if a line is not a recorded call
     * @throws UncheckedIOException if it cannot be read
     */
    public static Cassette load(Path path) {
        Cassette c = new Cassette(path, null);
        String text;
        try {
            text = Files.readString(path, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read cassette " + path + ": " + e.getMessage(), e);
        }
        int start = 0;
        int lineNo = 0;
        for (int nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', start)) {
            lineNo++;
            String line = text.substring(start, nl);
            try {
                JsonNode n = JSON.readTree(line);
                c.entries.add(new Entry(n.get("key").asText(), n.get("request"), n.get("response")));
            } catch (IOException | RuntimeException e) {
                throw new IllegalArgumentException(
                        "cassette " + path + " line " + lineNo + " is not a recorded call: " + e.getMessage(), e);
            }
            start = nl + 1;
        }
        return c;
    }

    /**
     * Records one call, and appends it to the file.
     *
     * @param model the model's name
     * @param request the request
     * @param response the response
     * @throws IllegalStateException if this cassette was loaded for replay
     * @throws UncheckedIOException if the write fails
     */
    public void record(String model, dev.langchain4j.model.chat.request.ChatRequest request, ChatResponse response) {
        ObjectNode canonical = CanonicalRequest.of(model, request);
        Entry e = new Entry(CanonicalRequest.key(canonical), canonical, toJson(response));
        ObjectNode line = JSON.createObjectNode();
        line.put("key", e.key());
        line.set("request", e.request());
        line.set("response", e.response());
        byte[] bytes;
        try {
            bytes = (JSON.writeValueAsString(line) + "\n").getBytes(StandardCharsets.UTF_8);
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        synchronized (this) {
            FileChannel ch = channel;
            if (ch == null) {
                throw new IllegalStateException("cassette " + path + " was loaded for replay; create one to record");
            }
            try {
                ByteBuffer buf = ByteBuffer.wrap(bytes);
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
            } catch (IOException ex) {
                throw new UncheckedIOException("cannot append to cassette " + path + ": " + ex.getMessage(), ex);
            }
            entries.add(e);
        }
    }

    /** @return every recorded call, in recording order */
    public List<Entry> entries() {
        synchronized (entries) {
            return List.copyOf(entries);
        }
    }

    /** @return the file */
    public Path path() {
        return path;
    }

    /** Closes the file of a recording cassette; idempotent. */
    @Override
    public synchronized void close() {
        FileChannel ch = channel;
        channel = null;
        if (ch != null) {
            try {
                ch.force(false);
                ch.close();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot close cassette " + path + ": " + e.getMessage(), e);
            }
        }
    }

    /**
     * @param response a model response
     * @return its JSON form in a cassette: text, tool calls with ids, token usage, finish reason, model name and id
     */
    public static ObjectNode toJson(ChatResponse response) {
        ObjectNode n = JSON.createObjectNode();
        AiMessage ai = response.aiMessage();
        n.put("text", ai.text());
        ArrayNode calls = n.putArray("toolCalls");
        if (ai.hasToolExecutionRequests()) {
            for (ToolExecutionRequest c : ai.toolExecutionRequests()) {
                calls.addObject().put("id", c.id()).put("name", c.name()).put("arguments", c.arguments());
            }
        }
        TokenUsage usage = response.tokenUsage();
        if (usage != null) {
            n.put("inputTokens", usage.inputTokenCount());
            n.put("outputTokens", usage.outputTokenCount());
        }
        if (response.finishReason() != null) {
            n.put("finishReason", response.finishReason().name());
        }
        n.put("modelName", response.modelName());
        n.put("id", response.id());
        return n;
    }

    /**
     * @param n a response as {@link #toJson(ChatResponse)} wrote it
     * @return the response
     */
    public static ChatResponse fromJson(JsonNode n) {
        List<ToolExecutionRequest> calls = new ArrayList<>();
        for (JsonNode c : n.path("toolCalls")) {
            calls.add(ToolExecutionRequest.builder()
                    .id(text(c, "id"))
                    .name(text(c, "name"))
                    .arguments(text(c, "arguments"))
                    .build());
        }
        AiMessage.Builder ai = AiMessage.builder();
        String text = text(n, "text");
        if (text != null) {
            ai.text(text);
        }
        if (!calls.isEmpty()) {
            ai.toolExecutionRequests(calls);
        }
        ChatResponse.Builder b = ChatResponse.builder().aiMessage(ai.build());
        if (n.hasNonNull("inputTokens") || n.hasNonNull("outputTokens")) {
            b.tokenUsage(new TokenUsage(
                    n.hasNonNull("inputTokens") ? n.get("inputTokens").asInt() : null,
                    n.hasNonNull("outputTokens") ? n.get("outputTokens").asInt() : null));
        }
        String finish = text(n, "finishReason");
        if (finish != null) {
            b.finishReason(FinishReason.valueOf(finish));
        }
        String modelName = text(n, "modelName");
        if (modelName != null) {
            b.modelName(modelName);
        }
        String id = text(n, "id");
        if (id != null) {
            b.id(id);
        }
        return b.build();
    }

    private static @Nullable String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    @Override
    public String toString() {
        return "Cassette[" + Objects.toString(path) + ", " + entries.size() + " calls]";
    }
}

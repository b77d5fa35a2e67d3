package dev.agentswarm.eval.rollout;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.agentswarm.eval.EvalTask;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Reads a rollout dataset: JSONL, one task per line,
 * <pre>{@code {"id": "q1", "task": "…", "answer": "…", "toolset": "search", "judge": "exact", "seed": 7}}</pre>
 * {@code task} (or {@code prompt}) is required; {@code id} defaults to {@code line-N}; {@code answer} (or
 * {@code gold}), {@code toolset}, {@code judge} and {@code seed} are optional. Blank lines are skipped. A line that is
 * not a JSON object, or lacks its task, becomes a {@link DatasetLine.Invalid} naming the line: it is reported, and
 * the other lines run.
 */
public final class Dataset {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Dataset() {}

    /**
     * @param file a JSONL file
     * @return its lines, blank lines skipped
     * @throws UncheckedIOException if the file cannot be read
     */
    public static List<DatasetLine> read(Path file) {
        try {
            return parse(Files.readAllLines(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the dataset " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * @param lines the lines of a JSONL dataset
     * @return one entry per non-blank line, numbered from 1 by position
     */
    public static List<DatasetLine> parse(List<String> lines) {
        List<DatasetLine> out = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String text = lines.get(i);
            if (text.isBlank()) {
                continue;
            }
            out.add(parse(i + 1, text));
        }
        return out;
    }

    /**
     * @param line the line number, from 1
     * @param text the line
     * @return the task, or why the line is not one
     */
    public static DatasetLine parse(int line, String text) {
        JsonNode node;
        try {
            node = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            return new DatasetLine.Invalid(line, "dataset line " + line + " is not JSON: " + e.getOriginalMessage());
        }
        if (node == null || !node.isObject()) {
            return new DatasetLine.Invalid(line, "dataset line " + line + " is not a JSON object");
        }
        String prompt = text(node, "task");
        if (prompt == null) {
            prompt = text(node, "prompt");
        }
        if (prompt == null || prompt.isBlank()) {
            return new DatasetLine.Invalid(
                    line, "dataset line " + line + " lacks its task: give a non-empty \"task\" string");
        }
        String id = text(node, "id");
        String gold = text(node, "answer");
        if (gold == null) {
            gold = text(node, "gold");
        }
        Long seed = null;
        JsonNode s = node.get("seed");
        if (s != null && !s.isNull()) {
            if (!s.canConvertToLong() || !s.isIntegralNumber()) {
                return new DatasetLine.Invalid(line, "dataset line " + line + ": \"seed\" must be an integer");
            }
            seed = s.asLong();
        }
        return new DatasetLine.Valid(new RolloutTask(
                line,
                new EvalTask(id == null || id.isBlank() ? "line-" + line : id, prompt, gold),
                text(node, "toolset"),
                text(node, "judge"),
                seed));
    }

    private static @Nullable String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        return v.isValueNode() ? v.asText() : v.toString();
    }
}

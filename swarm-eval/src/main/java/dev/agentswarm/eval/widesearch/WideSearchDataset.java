package dev.agentswarm.eval.widesearch;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.agentswarm.eval.EvalTask;
import dev.agentswarm.eval.Scorer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * The WideSearch dataset in its official layout: a JSON-lines file of task records ({@code instance_id},
 * {@code query}, {@code evaluation} as an object or a JSON string with {@code required}, {@code unique_columns} and
 * {@code eval_pipeline}, {@code language}) and a directory of gold tables, {@code <instance_id>.csv}.
 *
 * <p>Unlike the official loader, which skips a task whose gold file is missing or lacks a required column, loading
 * fails with a message naming the file and the task, so that no task silently drops out of a benchmark.
 */
public final class WideSearchDataset {

    /** The gold directory's name in the published dataset. */
    public static final String GOLD_DIR = "widesearch_gold";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, WideSearchTask> tasks;

    private WideSearchDataset(Map<String, WideSearchTask> tasks) {
        this.tasks = tasks;
    }

    /**
     * Loads a dataset directory: its only {@code .jsonl} file and its {@code widesearch_gold} (or {@code gold})
     * directory.
     *
     * @param dir the directory
     * @return the dataset
     * @throws WideSearchDataException if the layout, a record, a setting or a gold file is bad
     */
    public static WideSearchDataset load(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new WideSearchDataException(dir + ": not a directory (expected a WideSearch dataset: a .jsonl file"
                    + " of task records and a " + GOLD_DIR + " directory of <instance_id>.csv files)");
        }
        List<Path> jsonl;
        try (Stream<Path> s = Files.list(dir)) {
            jsonl = s.filter(p -> p.getFileName().toString().endsWith(".jsonl"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new WideSearchDataException(dir + ": cannot be listed (" + e.getMessage() + ")", e);
        }
        if (jsonl.size() != 1) {
            throw new WideSearchDataException(dir + ": expected exactly one .jsonl file of task records, found "
                    + jsonl.size() + " "
                    + jsonl.stream().map(p -> p.getFileName().toString()).toList());
        }
        Path gold = dir.resolve(GOLD_DIR);
        if (!Files.isDirectory(gold)) {
            gold = dir.resolve("gold");
        }
        if (!Files.isDirectory(gold)) {
            throw new WideSearchDataException(dir + ": has no " + GOLD_DIR + " (or gold) directory of gold CSV files");
        }
        return load(jsonl.get(0), gold);
    }

    /**
     * @param records the JSON-lines file of task records
     * @param goldDir the directory of {@code <instance_id>.csv} gold tables
     * @return the dataset
     * @throws WideSearchDataException if a record, a setting or a gold file is bad
     */
    public static WideSearchDataset load(Path records, Path goldDir) {
        List<String> lines;
        try {
            lines = Files.readAllLines(records, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new WideSearchDataException(records + ": cannot be read (" + e.getMessage() + ")", e);
        }
        Map<String, WideSearchTask> tasks = new LinkedHashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank()) {
                continue;
            }
            String where = records.getFileName() + ":" + (i + 1);
            JsonNode rec;
            try {
                rec = JSON.readTree(line);
            } catch (JsonProcessingException e) {
                throw new WideSearchDataException(where + ": not valid JSON (" + e.getOriginalMessage() + ")", e);
            }
            if (rec == null || !rec.isObject() || !rec.path("instance_id").isTextual()) {
                throw new WideSearchDataException(where + ": a task record needs a string 'instance_id'");
            }
            String id = rec.get("instance_id").asText();
            String source = where + " (task " + id + ")";
            if (!rec.has("evaluation")) {
                throw new WideSearchDataException(source + ": the record has no 'evaluation'");
            }
            WideSearchSpec spec = WideSearchSpec.fromJson(rec, source);
            Path csv = goldDir.resolve(id + ".csv");
            String text;
            try {
                text = Files.readString(csv, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new WideSearchDataException(
                        csv + " (task " + id + "): the gold table cannot be read (" + e.getMessage() + ")", e);
            }
            WideSearchGold gold = WideSearchGold.parse(text, spec, csv + " (task " + id + ")");
            if (tasks.containsKey(id)) {
                throw new WideSearchDataException(source + ": repeats the instance id of an earlier record");
            }
            tasks.put(
                    id,
                    new WideSearchTask(
                            id,
                            rec.path("query").asText(""),
                            rec.path("language").asText(""),
                            spec,
                            gold,
                            text));
        }
        return new WideSearchDataset(tasks);
    }

    /** @return the tasks, in file order */
    public List<WideSearchTask> tasks() {
        return List.copyOf(tasks.values());
    }

    /**
     * @param id an instance id
     * @return the task
     * @throws WideSearchDataException if the dataset has no such task
     */
    public WideSearchTask task(String id) {
        WideSearchTask t = tasks.get(id);
        if (t == null) {
            throw new WideSearchDataException("the dataset has no task '" + id + "'");
        }
        return t;
    }

    /** @return the tasks as {@link EvalTask}s for the evaluation runner and for rollouts */
    public List<EvalTask> evalTasks() {
        List<EvalTask> out = new ArrayList<>();
        for (WideSearchTask t : tasks.values()) {
            out.add(t.toEvalTask());
        }
        return out;
    }

    /**
     * A scorer for this dataset's {@link EvalTask}s: looks the task up by id and scores the answer with the
     * evaluator.
     *
     * @param evaluator the evaluator
     * @param metric which value to return, one of {@link WideSearchResult#METRIC_NAMES} ({@code item_f1} for the
     *     headline number)
     * @return the scorer
     * @throws IllegalArgumentException if the metric is unknown
     */
    public Scorer scorer(WideSearchEvaluator evaluator, String metric) {
        Objects.requireNonNull(evaluator, "evaluator");
        if (!WideSearchResult.METRIC_NAMES.contains(metric)) {
            throw new IllegalArgumentException(
                    "unknown WideSearch metric '" + metric + "'; known: " + WideSearchResult.METRIC_NAMES);
        }
        return (task, answer) -> {
            WideSearchTask t = task(task.id());
            return evaluator.evaluate(t.id(), t.spec(), t.gold(), answer).get(metric);
        };
    }
}

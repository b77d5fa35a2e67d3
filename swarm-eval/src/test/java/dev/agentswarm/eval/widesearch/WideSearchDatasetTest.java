package dev.agentswarm.eval.widesearch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.agentswarm.eval.EvalTask;
import dev.agentswarm.eval.Scorer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The loader on files in the official layout: task records in JSON lines and gold CSV files. */
class WideSearchDatasetTest {

    static final String EVAL = "{\"required\": [\"name\", \"year\"], \"unique_columns\": [\"name\"],"
            + " \"eval_pipeline\": {\"name\": {\"preprocess\": [\"norm_str\"], \"metric\": [\"exact_match\"]},"
            + " \"year\": {\"metric\": [\"number_near\"], \"criterion\": 0.0}}}";

    @TempDir
    Path dir;

    private Path layout(String records, String... gold) throws IOException {
        Files.writeString(dir.resolve("widesearch.jsonl"), records);
        Path g = Files.createDirectories(dir.resolve(WideSearchDataset.GOLD_DIR));
        for (int i = 0; i < gold.length; i += 2) {
            Files.writeString(g.resolve(gold[i] + ".csv"), gold[i + 1]);
        }
        return dir;
    }

    static String record(String id, String evaluation, boolean asString) {
        String ev = asString ? "\"" + evaluation.replace("\"", "\\\"") + "\"" : evaluation;
        return "{\"instance_id\": \"" + id + "\", \"query\": \"List the companies\", \"evaluation\": " + ev
                + ", \"language\": \"en\"}\n";
    }

    @Test
    void loadsTasksWithTheirSettingsAndGoldTablesAsEvalTasks() throws IOException {
        Path d = layout(
                record("ws_en_001", EVAL, true) + "\n" + record("ws_en_002", EVAL, false),
                "ws_en_001",
                "Name,Year,Extra\nApple,1976,x\nMicrosoft,1975,y\n",
                "ws_en_002",
                "name,year\nIBM,1911\n");
        WideSearchDataset ds = WideSearchDataset.load(d);
        assertThat(ds.tasks()).extracting(WideSearchTask::id).containsExactly("ws_en_001", "ws_en_002");
        WideSearchTask t = ds.task("ws_en_001");
        assertThat(t.language()).isEqualTo("en");
        assertThat(t.spec().required()).containsExactly("name", "year");
        assertThat(t.spec().pipeline().get("year").tolerance()).isEqualTo(0.0);
        List<EvalTask> evalTasks = ds.evalTasks();
        assertThat(evalTasks.get(0).prompt()).isEqualTo("List the companies");
        assertThat(evalTasks.get(0).gold()).startsWith("Name,Year");

        Scorer itemF1 = ds.scorer(WideSearchEvaluator.official(), "item_f1");
        String answer = "```markdown\n| Name | Year |\n|---|---|\n| Apple | 1976 |\n| Microsoft | 1980 |\n```";
        assertThat(itemF1.score(evalTasks.get(0), answer)).isCloseTo(0.75, within(1e-9));
        assertThat(ds.scorer(WideSearchEvaluator.official(), "score").score(evalTasks.get(0), answer))
                .isZero();
    }

    @Test
    void aMissingGoldColumnNamesTheFileAndTheTask() throws IOException {
        Path d = layout(record("ws_en_003", EVAL, false), "ws_en_003", "name,founded\nApple,1976\n");
        assertThatThrownBy(() -> WideSearchDataset.load(d))
                .isInstanceOf(WideSearchDataException.class)
                .hasMessageContaining("ws_en_003.csv")
                .hasMessageContaining("task ws_en_003")
                .hasMessageContaining("lacks the required column 'year'");
    }

    @Test
    void aMalformedCsvNamesTheFile() throws IOException {
        Path d = layout(record("ws_en_004", EVAL, false), "ws_en_004", "name,year\nApple,1976\nIBM,1911,x,y\n");
        assertThatThrownBy(() -> WideSearchDataset.load(d))
                .isInstanceOf(WideSearchDataException.class)
                .hasMessageContaining("ws_en_004.csv")
                .hasMessageContaining("malformed gold CSV")
                .hasMessageContaining("Expected 2 fields in line 3, saw 4");
        Path e = layout(record("ws_en_004", EVAL, false), "ws_en_004", "name,year\n\"Apple,1976\n");
        assertThatThrownBy(() -> WideSearchDataset.load(e)).hasMessageContaining("EOF inside string");
    }

    @Test
    void aMissingGoldFileOrBadRecordNamesTheTaskAndLine() throws IOException {
        Path d = layout(record("ws_en_005", EVAL, false));
        assertThatThrownBy(() -> WideSearchDataset.load(d))
                .hasMessageContaining("ws_en_005.csv (task ws_en_005): the gold table cannot be read");
        Files.writeString(dir.resolve("widesearch.jsonl"), "{\"query\": 1}\n");
        assertThatThrownBy(() -> WideSearchDataset.load(dir)).hasMessageContaining("widesearch.jsonl:1");
        Files.writeString(dir.resolve("widesearch.jsonl"), "not json\n");
        assertThatThrownBy(() -> WideSearchDataset.load(dir))
                .hasMessageContaining("widesearch.jsonl:1: not valid JSON");
        Files.writeString(dir.resolve("widesearch.jsonl"), "{\"instance_id\": \"x\"}\n");
        assertThatThrownBy(() -> WideSearchDataset.load(dir)).hasMessageContaining("has no 'evaluation'");
    }

    @Test
    void anUnknownMethodOrMissingColumnSpecNamesTheTaskAndColumn() throws IOException {
        String unknown = EVAL.replace("\"exact_match\"", "\"fuzzy_match\"");
        Path d = layout(record("ws_en_006", unknown, true), "ws_en_006", "name,year\nA,1\n");
        assertThatThrownBy(() -> WideSearchDataset.load(d))
                .hasMessageContaining("task ws_en_006")
                .hasMessageContaining("column 'name' uses the unknown metric 'fuzzy_match'");
        String missing = EVAL.replace(", \"year\": {\"metric\": [\"number_near\"], \"criterion\": 0.0}", "");
        Files.writeString(dir.resolve("widesearch.jsonl"), record("ws_en_007", missing, false));
        assertThatThrownBy(() -> WideSearchDataset.load(dir))
                .hasMessageContaining("task ws_en_007")
                .hasMessageContaining("column 'year' has no entry in 'eval_pipeline'");
        String pre = EVAL.replace("\"norm_str\"", "\"stem\"");
        Files.writeString(dir.resolve("widesearch.jsonl"), record("ws_en_008", pre, false));
        assertThatThrownBy(() -> WideSearchDataset.load(dir)).hasMessageContaining("unknown preprocessor 'stem'");
        String noCrit = EVAL.replace(", \"criterion\": 0.0", "");
        Files.writeString(dir.resolve("widesearch.jsonl"), record("ws_en_009", noCrit, false));
        assertThatThrownBy(() -> WideSearchDataset.load(dir)).hasMessageContaining("number_near without a numeric");
    }

    @Test
    void aDirectoryWithoutTheLayoutIsRejected() throws IOException {
        assertThatThrownBy(() -> WideSearchDataset.load(dir.resolve("absent"))).hasMessageContaining("not a directory");
        assertThatThrownBy(() -> WideSearchDataset.load(dir)).hasMessageContaining("exactly one .jsonl");
        Files.writeString(dir.resolve("t.jsonl"), "");
        assertThatThrownBy(() -> WideSearchDataset.load(dir)).hasMessageContaining("has no widesearch_gold");
        Files.createDirectories(dir.resolve("gold"));
        assertThat(WideSearchDataset.load(dir).tasks()).isEmpty();
        assertThatThrownBy(() -> WideSearchDataset.load(dir).task("nope")).hasMessageContaining("no task 'nope'");
    }

    @Test
    void repeatedInstanceIdsAreRejected() throws IOException {
        Path d = layout(record("a", EVAL, false) + record("a", EVAL, false), "a", "name,year\nA,1\n");
        assertThatThrownBy(() -> WideSearchDataset.load(d)).hasMessageContaining("repeats the instance id");
    }

    @Test
    void trialsAggregateAsTheOfficialSummary() {
        WideSearchResult perfect = new WideSearchResult("a", 1, 1, 1, 1, 1, 1, 1, "");
        WideSearchResult half = new WideSearchResult("a", 0, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, "");
        WideSearchResult none = WideSearchResult.zero("b", "no table");
        WideSearchTrials.Summary s =
                WideSearchTrials.summarise(Map.of("a", List.of(perfect, half), "b", List.of(none, half)), 2);
        assertThat(s.tasks()).isEqualTo(2);
        assertThat(s.trials()).isEqualTo(2);
        assertThat(s.metrics().get("item_f1").avgAtN()).isCloseTo((0.75 + 0.25) / 2, within(1e-12));
        assertThat(s.metrics().get("item_f1").maxAtN()).isCloseTo((1 + 0.5) / 2, within(1e-12));
        assertThat(s.metrics().get("item_f1").minAtN()).isCloseTo((0.5 + 0) / 2, within(1e-12));
        assertThat(s.passAtN()).isCloseTo(0.5, within(1e-12));
        assertThat(s.metrics().get("score").avgAtN()).isCloseTo(0.25, within(1e-12));
        assertThat(s.metrics().keySet()).containsExactlyElementsOf(WideSearchResult.METRIC_NAMES);
        assertThatThrownBy(() -> WideSearchTrials.summarise(Map.of("a", List.of(perfect)), 2))
                .hasMessageContaining("task a has 1 trials, expected 2");
        assertThatThrownBy(() -> WideSearchTrials.summarise(Map.of(), 1)).hasMessageContaining("no task");
        assertThatThrownBy(() -> WideSearchTrials.summarise(Map.of("a", List.of(perfect)), 0))
                .hasMessageContaining("at least 1");
    }
}

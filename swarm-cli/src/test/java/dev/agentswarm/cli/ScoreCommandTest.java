package dev.agentswarm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code swarm score widesearch}, in-process. */
class ScoreCommandTest {

    static final String EVAL = "{\"required\": [\"name\", \"year\"], \"unique_columns\": [\"name\"],"
            + " \"eval_pipeline\": {\"name\": {\"preprocess\": [\"norm_str\"], \"metric\": [\"exact_match\"]},"
            + " \"year\": {\"metric\": [\"number_near\"], \"criterion\": 0.0}}}";
    static final String GOLD = "Name,Year\nApple,1976\nMicrosoft,1975\n";
    static final String ANSWER =
            "Final:\n```markdown\n| Name | Year |\n|---|---|\n| Apple | 1976 |\n| Microsoft | 1980 |\n```";

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int swarm(String... args) {
        return SwarmCli.execute(
                new CliContext(new PrintWriter(out, true), new PrintWriter(err, true), Map.of(), false), args);
    }

    private List<String> single(String answer) throws Exception {
        Files.writeString(dir.resolve("gold.csv"), GOLD);
        Files.writeString(dir.resolve("ws_en_001.json"), EVAL);
        Files.writeString(dir.resolve("response.md"), answer);
        List<String> a = new ArrayList<>(List.of(
                "score", "widesearch",
                "--gold", dir.resolve("gold.csv").toString(),
                "--eval", dir.resolve("ws_en_001.json").toString(),
                "--response", dir.resolve("response.md").toString()));
        return a;
    }

    @Test
    void jsonPrintsExactlyOneObjectWithTheSevenScores() throws Exception {
        List<String> a = single(ANSWER);
        a.add("--json");
        assertThat(swarm(a.toArray(String[]::new))).as(err.toString()).isZero();
        List<String> lines = out.toString().lines().toList();
        assertThat(lines).hasSize(1);
        JsonNode o = new ObjectMapper().readTree(lines.get(0));
        List<String> keys = new ArrayList<>();
        o.fieldNames().forEachRemaining(keys::add);
        assertThat(keys).containsExactly("score", "item_p", "item_r", "item_f1", "row_p", "row_r", "row_f1");
        assertThat(o.get("score").asDouble()).isZero();
        assertThat(o.get("item_f1").asDouble()).isEqualTo(0.75);
        assertThat(o.get("row_f1").asDouble()).isEqualTo(0.5);
    }

    @Test
    void textOutputAndStrictMode() throws Exception {
        List<String> a = single(ANSWER.replace("1980", "1975"));
        a.add("--strict");
        assertThat(swarm(a.toArray(String[]::new))).as(err.toString()).isZero();
        assertThat(out.toString())
                .contains("task ws_en_001")
                .contains("item_f1  1.0000")
                .contains("score    1.0000");
    }

    @Test
    void aResponseWithoutTableScoresZeroAndSaysSo() throws Exception {
        assertThat(swarm(single("I do not know.").toArray(String[]::new))).isZero();
        assertThat(out.toString()).contains("task ws_en_001: the answer holds no markdown table");
    }

    @Test
    void badInputNamesTheFile() throws Exception {
        List<String> a = single(ANSWER);
        Files.writeString(dir.resolve("ws_en_001.json"), EVAL.replace("exact_match", "fuzzy"));
        assertThat(swarm(a.toArray(String[]::new))).isEqualTo(2);
        assertThat(err.toString()).contains("ws_en_001.json").contains("unknown metric 'fuzzy'");
        err.getBuffer().setLength(0);
        Files.writeString(dir.resolve("ws_en_001.json"), EVAL);
        Files.writeString(dir.resolve("gold.csv"), "name,year\n\"Apple,1976\n");
        assertThat(swarm(a.toArray(String[]::new))).isEqualTo(2);
        assertThat(err.toString()).contains("gold.csv").contains("malformed gold CSV");
        err.getBuffer().setLength(0);
        assertThat(swarm("score", "widesearch", "--gold", "x.csv")).isEqualTo(2);
        assertThat(err.toString()).contains("needs all of --gold, --eval and --response");
        err.getBuffer().setLength(0);
        assertThat(swarm("score", "widesearch")).isEqualTo(2);
        assertThat(err.toString()).contains("give either");
        err.getBuffer().setLength(0);
        assertThat(swarm("score", "widesearch", "--dataset", dir.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("needs both --dataset and --responses");
        err.getBuffer().setLength(0);
        assertThat(swarm("score", "widesearch", "--judge-model", "m", "--dataset", "d", "--responses", "r"))
                .isEqualTo(2);
        assertThat(err.toString()).contains("need --judge-provider");
    }

    @Test
    void aRunPrintsAvgMaxMinAndPassOverTrials() throws Exception {
        Path ds = Files.createDirectories(dir.resolve("ds"));
        Files.writeString(
                ds.resolve("widesearch.jsonl"),
                "{\"instance_id\": \"ws_en_001\", \"query\": \"q\", \"evaluation\": " + EVAL + "}\n"
                        + "{\"instance_id\": \"t2\", \"query\": \"q\", \"evaluation\": " + EVAL + "}\n");
        Path gold = Files.createDirectories(ds.resolve("widesearch_gold"));
        Files.writeString(gold.resolve("ws_en_001.csv"), GOLD);
        Files.writeString(gold.resolve("t2.csv"), GOLD);
        Path rs = Files.createDirectories(dir.resolve("rs"));
        Files.writeString(rs.resolve("ws_en_001.md"), ANSWER);
        Files.writeString(rs.resolve("ws_en_001_1.md"), ANSWER.replace("1980", "1975"));
        Files.writeString(
                rs.resolve("run.jsonl"), "{\"instance_id\": \"t2\", \"trial_idx\": 0, \"response\": \"none\"}\n");
        assertThat(swarm("score", "widesearch", "--dataset", ds.toString(), "--responses", rs.toString()))
                .as(err.toString())
                .isZero();
        assertThat(out.toString())
                .contains("2 tasks, 2 trials each (official-compatible)")
                .contains("item_f1     0.4375    0.5000    0.3750")
                .containsPattern("pass@2 +0\\.5000");
        out.getBuffer().setLength(0);
        assertThat(swarm("score", "widesearch", "--dataset", ds.toString(), "--responses", rs.toString(), "--json"))
                .isZero();
        JsonNode o = new ObjectMapper().readTree(out.toString());
        assertThat(o.get("pass_at_n").asDouble()).isEqualTo(0.5);
        assertThat(o.get("item_f1").get("max_at_n").asDouble()).isEqualTo(0.5);
        Files.writeString(rs.resolve("t9.md"), ANSWER);
        assertThat(swarm("score", "widesearch", "--dataset", ds.toString(), "--responses", rs.toString()))
                .isEqualTo(2);
        assertThat(err.toString()).contains("task 't9', which the dataset does not hold");
    }
}

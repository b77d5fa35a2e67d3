package dev.agentswarm.eval.widesearch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.agentswarm.model.SwarmModel;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

/** Official-compatible and strict scoring: bad input, the judge through a model, and each strict-mode fix. */
class WideSearchEvaluatorTest {

    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-01T00:00:00Z"), ZoneOffset.UTC);
    static final String EVAL = "{\"required\": [\"name\", \"year\", \"revenue\"], \"unique_columns\": [\"name\"],"
            + " \"eval_pipeline\": {\"name\": {\"preprocess\": [\"norm_str\"], \"metric\": [\"exact_match\"]},"
            + " \"year\": {\"metric\": [\"number_near\"], \"criterion\": 0.0},"
            + " \"revenue\": {\"preprocess\": [\"extract_number\"], \"metric\": [\"number_near\"], \"criterion\": 0.05}}}";
    static final String GOLD = "name,year,revenue\nApple Inc,1976,394.3\nMicrosoft,1975,211.9\nAlphabet,1998,282.8\n";
    static final String OK = "| name | year | revenue |\n|---|---|---|\n| Apple Inc | 1976 | 394.3 |\n"
            + "| Microsoft | 1975 | 211.9 |\n| Alphabet | 1998 | 282.8 |";

    final WideSearchSpec spec = WideSearchSpec.parse(EVAL, "test.json");
    final WideSearchGold gold = WideSearchGold.parse(GOLD, spec, "gold.csv");
    final WideSearchEvaluator official =
            WideSearchEvaluator.of(WideSearchEvaluator.Mode.OFFICIAL, WideSearchJudge.NONE, CLOCK);
    final WideSearchEvaluator strict =
            WideSearchEvaluator.of(WideSearchEvaluator.Mode.STRICT, WideSearchJudge.NONE, CLOCK);

    static String fenced(String t) {
        return "```markdown\n" + t + "\n```";
    }

    @Test
    void aPerfectAnswerScoresOneInBothModes() {
        for (WideSearchEvaluator e : List.of(official, strict)) {
            WideSearchResult r = e.evaluate("t", spec, gold, fenced(OK));
            assertThat(r.score()).isEqualTo(1.0);
            assertThat(r.itemF1()).isEqualTo(1.0);
            assertThat(r.rowF1()).isEqualTo(1.0);
            assertThat(r.taskId()).isEqualTo("t");
        }
        assertThat(official.mode()).isEqualTo(WideSearchEvaluator.Mode.OFFICIAL);
        assertThat(WideSearchEvaluator.official().mode()).isEqualTo(WideSearchEvaluator.Mode.OFFICIAL);
    }

    @Test
    void badAnswersScoreZeroWithAMessageNamingTheTask() {
        assertThat(official.evaluate("ws_1", spec, gold, "no table here").message())
                .isEqualTo("task ws_1: the answer holds no markdown table");
        assertThat(strict.evaluate("ws_1", spec, gold, "no table here").message())
                .isEqualTo("task ws_1: the answer holds no markdown table");
        WideSearchResult bad = official.evaluate("ws_2", spec, gold, fenced(OK.replace("| Microsoft |", "| M\\|s |")));
        assertThat(bad.itemF1()).isZero();
        assertThat(bad.message())
                .contains("task ws_2: the answer's table cannot be read")
                .contains("Expected 5 fields");
        WideSearchResult cols = official.evaluate("ws_3", spec, gold, fenced("| name | year |\n|--|--|\n| a | 1 |"));
        assertThat(cols.message()).contains("task ws_3: the answer's columns [name, year] differ");
    }

    @Test
    void strictTakesTheLastTableAndReadsEscapedPipes() {
        String draft =
                fenced(OK.replace("1998", "1900")) + "\nFinal:\n" + OK.replace("| Microsoft |", "| Micro\\|soft |");
        WideSearchResult r = strict.evaluate("t", spec, gold, draft);
        assertThat(r.rowRecall()).isCloseTo(2.0 / 3, within(1e-9));
        assertThat(official.evaluate("t", spec, gold, draft).rowRecall()).isCloseTo(2.0 / 3, within(1e-9));
        WideSearchResult extra = strict.evaluate("t", spec, gold, OK + "\n| x | 1 | 2 | 3 |");
        assertThat(extra.message()).contains("a row has 4 cells but the header has 3");
        assertThat(strict.evaluate("t", spec, gold, "| a | a |\n|---|---|\n| 1 | 2 |")
                        .message())
                .contains("repeats the column 'a'");
    }

    @Test
    void strictJoinsNormalisedDuplicateKeysOnceSoF1StaysAtMostOne() {
        String dup = fenced(OK + "\n| apple inc | 1976 | 394.3 |");
        assertThat(official.evaluate("t", spec, gold, dup).itemRecall()).isGreaterThan(1.0);
        WideSearchResult s = strict.evaluate("t", spec, gold, dup);
        assertThat(s.itemRecall()).isEqualTo(1.0);
        assertThat(s.itemPrecision()).isEqualTo(1.0);
        assertThat(s.score()).isEqualTo(1.0);
    }

    @Test
    void strictReadsCellsAsWrittenNotAsPandasRendersThem() {
        WideSearchSpec ex = WideSearchSpec.parse(
                "{\"required\": [\"k\", \"year\"], \"unique_columns\": [\"k\"], \"eval_pipeline\": {"
                        + "\"year\": {\"metric\": [\"exact_match\"]}}}",
                "e.json");
        WideSearchGold g = WideSearchGold.parse("k,year\na,1976\nb,1975\nc,1998\nd,\n", ex, "g.csv");
        String answer = "| k | year |\n|---|---|\n| a | 1976 |\n| b |  |\n| c | 1998 |\n| d | N/A |";
        WideSearchResult o = official.evaluate("t", ex, g, answer);
        WideSearchResult s = strict.evaluate("t", ex, g, answer);
        // official: both year columns have a blank, so they read as floats (1976.0 = 1976.0); N/A and blank are nan
        assertThat(o.itemRecall()).isCloseTo(7.0 / 8, within(1e-9));
        // strict: cells as written; a blank is not 1975 and N/A is not blank
        assertThat(s.itemRecall()).isCloseTo(6.0 / 8, within(1e-9));
        WideSearchGold intGold = WideSearchGold.parse("k,year\na,1976\nb,1975\nc,1998\nd,2000\n", ex, "g.csv");
        // official: the answer's blank turns its 1976 into 1976.0, which no longer equals the gold's int 1976
        assertThat(official.evaluate("t", ex, intGold, answer).itemRecall()).isCloseTo(4.0 / 8, within(1e-9));
        assertThat(strict.evaluate("t", ex, intGold, answer).itemRecall()).isCloseTo(6.0 / 8, within(1e-9));
    }

    @Test
    void strictCountsACellWithTwoMetricsAsOneItem() {
        WideSearchSpec two = WideSearchSpec.parse(
                EVAL.replace(
                        "\"metric\": [\"number_near\"], \"criterion\": 0.05",
                        "\"metric\": [\"number_near\", \"exact_match\"]," + " \"criterion\": 0.05"),
                "two.json");
        WideSearchGold g = WideSearchGold.parse(GOLD, two, "gold.csv");
        String answer = fenced(OK.replace("394.3", "394.0"));
        assertThat(official.evaluate("t", two, g, answer).itemPrecision()).isGreaterThan(1.0);
        WideSearchResult s = strict.evaluate("t", two, g, answer);
        assertThat(s.itemPrecision()).isCloseTo(8.0 / 9, within(1e-9));
        assertThat(s.rowPrecision()).isCloseTo(2.0 / 3, within(1e-9));
    }

    @Test
    void strictIgnoresAPipelineEntryForAnUnrequiredColumnAndScoresOnlyPerfectTablesOne() {
        WideSearchSpec extra = WideSearchSpec.parse(
                EVAL.replace("\"eval_pipeline\": {", "\"eval_pipeline\": {\"ceo\": {\"preprocess\": [\"norm_str\"]}, "),
                "x.json");
        WideSearchGold g = WideSearchGold.parse(GOLD, extra, "gold.csv");
        assertThat(official.evaluate("t", extra, g, fenced(OK)).message()).contains("KeyError: 'ceo'");
        assertThat(strict.evaluate("t", extra, g, fenced(OK)).score()).isEqualTo(1.0);
    }

    @Test
    void aJudgeModelGradesAndAlignsThroughTheSwarmModelPort() {
        WideSearchSpec ej = WideSearchSpec.parse(
                "{\"required\": [\"name\", \"ceo\"], \"unique_columns\": [\"name\"], \"eval_pipeline\": {"
                        + "\"name\": {\"metric\": [\"exact_match\"]}, \"ceo\": {\"metric\": [\"llm_judge\"],"
                        + " \"criterion\": \"same person\"}}}",
                "j.json");
        WideSearchGold g = WideSearchGold.parse("name,ceo\nApple,Tim Cook\nIBM,Arvind Krishna\n", ej, "g.csv");
        List<String> prompts = new ArrayList<>();
        List<String> replies = new ArrayList<>(
                List.of("```json\n{\"Apple Inc\": \"Apple\"}\n```", "```json\n{\"idx_0\": 1, \"idx_1\": true}\n```"));
        SwarmModel model = SwarmModel.of("judge", (ChatRequest req) -> {
            prompts.add(((UserMessage) req.messages().get(0)).singleText());
            return Mono.just(ChatResponse.builder()
                    .aiMessage(AiMessage.from(replies.remove(0)))
                    .build());
        });
        WideSearchEvaluator e = WideSearchEvaluator.of(
                WideSearchEvaluator.Mode.OFFICIAL, WideSearchJudge.of(model, Duration.ofSeconds(5)), CLOCK);
        WideSearchResult r =
                e.evaluate("t", ej, g, "| name | ceo |\n|---|---|\n| Apple Inc | Mr Cook |\n| IBM | A. Krishna |");
        assertThat(r.score()).isEqualTo(1.0);
        assertThat(prompts).hasSize(2);
        assertThat(prompts.get(0)).contains("['Apple Inc', 'IBM']").contains("['Apple', 'IBM']");
        assertThat(prompts.get(1))
                .contains("same person")
                .contains("{'idx_0': {'response': 'Mr Cook', 'target': 'Tim Cook'}, 'idx_1': {'response': 'A. Krishna',"
                        + " 'target': 'Arvind Krishna'}}");

        SwarmModel failing = SwarmModel.of("down", req -> Mono.error(new IllegalStateException("503")));
        WideSearchEvaluator f = WideSearchEvaluator.of(
                WideSearchEvaluator.Mode.OFFICIAL, WideSearchJudge.of(failing, Duration.ofSeconds(5)), CLOCK);
        WideSearchResult fr = f.evaluate("ws_9", ej, g, "| name | ceo |\n|---|---|\n| Apple | Tim Cook |");
        assertThat(fr.itemRecall()).isCloseTo(0.25, within(1e-9));
        assertThat(fr.message())
                .contains("task ws_9")
                .contains("the judge call failed for column 'ceo': its 1 cells score 0, as officially");
        WideSearchEvaluator unparseable = WideSearchEvaluator.of(WideSearchEvaluator.Mode.OFFICIAL, p -> "yes", CLOCK);
        assertThat(unparseable
                        .evaluate("t", ej, g, "| name | ceo |\n|---|---|\n| Apple | Tim Cook |")
                        .message())
                .contains("reply holds no ```json object");
        SwarmModel empty = SwarmModel.of("empty", req -> Mono.empty());
        assertThat(WideSearchJudge.of(empty, Duration.ofSeconds(1)).complete("p"))
                .isNull();
    }

    @Test
    void aHugeAnswerIsScoredWithoutOverflowingTheStack() {
        StringBuilder b = new StringBuilder("Answer:\n| name | year | revenue |\n|---|---|---|\n");
        for (int i = 0; i < 30_000; i++) {
            b.append("| company ").append(i).append(" | 1976 | 1.5 |\n");
        }
        b.append(OK.substring(OK.indexOf("| Apple")));
        for (WideSearchEvaluator e : List.of(official, strict)) {
            WideSearchResult r = e.evaluate("big", spec, gold, b.toString());
            assertThat(r.itemRecall()).isEqualTo(1.0);
            assertThat(r.itemPrecision()).isCloseTo(3.0 / 30_003, within(1e-12));
        }
    }

    @Test
    void thePipeRunIsTheOfficialRegexMatch() {
        assertThat(ResponseTable.pipeRun("no pipes")).isNull();
        assertThat(ResponseTable.pipeRun("\nab | c\n| d\n|e\n f|\n|g")).isEqualTo("| c\n| d\n|e\n");
        assertThat(ResponseTable.pipeRun("|a\n|b")).isEqualTo("|a\n|b");
        assertThat(ResponseTable.pipeRun("|a\n")).isEqualTo("|a\n");
    }

    @Test
    void markdownJsonTakesTheLastObjectBlock() {
        assertThat(WideSearchEvaluator.markdownJson(null)).isNull();
        assertThat(WideSearchEvaluator.markdownJson("```json\n[1]\n```")).isNull();
        assertThat(WideSearchEvaluator.markdownJson("```json\n{bad}\n```")).isNull();
        assertThat(WideSearchEvaluator.markdownJson("```json {\"a\": 1} ``` ```json\n{\"a\": 2}\n```")
                        .get("a")
                        .asInt())
                .isEqualTo(2);
    }

    @Test
    void f1IsZeroBelowTheOfficialEpsilon() {
        assertThat(WideSearchEvaluator.f1(0, 0)).isZero();
        assertThat(WideSearchEvaluator.f1(5e-10, 4e-10)).isZero();
        assertThat(WideSearchEvaluator.f1(0.5, 1)).isCloseTo(2.0 / 3, within(1e-12));
    }

    @Test
    void resultMetricNamesAndSpecErrors() {
        WideSearchResult r = new WideSearchResult("t", 1, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, "m");
        assertThat(WideSearchResult.METRIC_NAMES.stream().map(r::get).toList())
                .containsExactly(1.0, 0.4, 0.5, 0.6, 0.1, 0.2, 0.3);
        assertThatThrownBy(() -> r.get("f2")).hasMessageContaining("unknown WideSearch metric 'f2'");
        assertThatThrownBy(() -> WideSearchSpec.parse("[]", "s.json")).hasMessageContaining("s.json: expected a JSON");
        assertThatThrownBy(() -> WideSearchSpec.parse("{", "s.json")).hasMessageContaining("s.json: not valid JSON");
        assertThatThrownBy(() -> WideSearchSpec.parse("{\"evaluation\": \"{\"}", "s.json"))
                .hasMessageContaining("'evaluation' is a string that is not valid JSON");
        assertThatThrownBy(() -> WideSearchSpec.parse(
                        "{\"required\": [], \"unique_columns\": [], \"eval_pipeline\": {}}", "s.json"))
                .hasMessageContaining("'required' lists no column");
        assertThatThrownBy(() -> WideSearchSpec.parse(
                        "{\"required\": [\"a\"], \"unique_columns\": [], \"eval_pipeline\": {}}", "s.json"))
                .hasMessageContaining("'unique_columns' lists no column");
        assertThatThrownBy(() -> WideSearchSpec.parse(
                        "{\"required\": [\"a\"], \"unique_columns\": [\"b\"], \"eval_pipeline\": {}}", "s.json"))
                .hasMessageContaining("unique column 'b' is not one of the required columns");
        assertThatThrownBy(() -> WideSearchSpec.parse("{\"required\": [\"a\"], \"unique_columns\": [\"a\"]}", "s.json"))
                .hasMessageContaining("'eval_pipeline' is missing");
        assertThatThrownBy(() -> WideSearchSpec.parse(
                        "{\"required\": \"a\", \"unique_columns\": [\"a\"], \"eval_pipeline\": {}}", "s.json"))
                .hasMessageContaining("'required' is missing or not a list");
        assertThatThrownBy(() -> WideSearchSpec.parse(
                        "{\"required\": [1], \"unique_columns\": [\"a\"], \"eval_pipeline\": {}}", "s.json"))
                .hasMessageContaining("non-string element 1");
        assertThatThrownBy(() -> WideSearchSpec.parse(
                        "{\"required\": [\"a\"], \"unique_columns\": [\"a\"], \"eval_pipeline\": {\"a\": 1}}",
                        "s.json"))
                .hasMessageContaining("eval_pipeline.a is not an object");
        assertThatThrownBy(() -> WideSearchSpec.parse(
                        "{\"required\": [\"a\"], \"unique_columns\": [\"a\"],"
                                + " \"eval_pipeline\": {\"a\": {\"metric\": \"exact_match\"}}}",
                        "s.json"))
                .hasMessageContaining("eval_pipeline.a.metric is not a list");
        WideSearchSpec crit = WideSearchSpec.parse(
                "{\"required\": [\"a\", \"b\"], \"unique_columns\": [\"a\"],"
                        + " \"eval_pipeline\": {\"b\": {\"metric\": [\"llm_judge\"], \"criterion\": {\"x\": 1}},"
                        + " \"a\": {\"metric\": null, \"criterion\": 1}}}",
                "s.json");
        assertThat(crit.pipeline().get("b").criterion()).isEqualTo("{\"x\":1}");
        assertThat(crit.pipeline().get("a").criterion()).isEqualTo("1");
        assertThat(crit.pipeline().get("a").tolerance()).isEqualTo(1.0);
        assertThat(crit.pipeline().keySet()).containsExactly("b", "a");
    }
}

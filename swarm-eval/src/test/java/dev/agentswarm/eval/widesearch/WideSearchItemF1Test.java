package dev.agentswarm.eval.widesearch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.agentswarm.eval.EvalTask;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Item-F1 and Row-F1 of the WideSearch scorer on hand-computed tables. The gold table has 4 rows x 4 columns = 16
 * items, keyed by Country.
 */
class WideSearchItemF1Test {

    static final String GOLD = """
            | Country | Capital | Population (M) | Founded |
            |---------|---------|---------------:|---------|
            | France  | Paris   | 68.2           | 1958-10-04 |
            | Germany | Berlin  | 84.5           | 1949-05-23 |
            | Italy   | Rome    | 59.0           | 1946-06-02 |
            | Spain   | Madrid  | 48.6           | 1978-12-29 |
            """;

    /**
     * Columns reordered; Spain missing; Portugal extra; Germany's population a near miss (84.6 vs 84.5, within 1 %);
     * Italy's population wrong (65 vs 59.0); dates in other formats; case differs in a key.
     */
    static final String ANSWER = """
            Here is the table you asked for:

            | Capital | Country  | Founded          | Population (M) |
            | :--     | :--      | :--              | --:            |
            | Paris   | **france** | October 4, 1958 | 68.2           |
            | Berlin  | Germany  | 23.05.1949       | 84.6           |
            | Rome    | Italy    | 1946-06-02       | 65             |
            | Lisbon  | Portugal | 1976-04-25       | 10.3           |

            Sources: various.
            """;

    @Test
    void missingRowsExtraRowsReorderedColumnsAndANearMissNumber() {
        WideSearchScore s = WideSearchScorer.keyedBy("Country").evaluate(GOLD, ANSWER);

        // items: France 4 + Germany 4 (84.6 ~ 84.5) + Italy 3 (65 != 59) = 11 of 16 predicted and 16 gold
        assertThat(s.itemPrecision()).isEqualTo(11.0 / 16);
        assertThat(s.itemRecall()).isEqualTo(11.0 / 16);
        assertThat(s.itemF1()).isCloseTo(0.6875, within(1e-12));
        // rows: France and Germany fully correct -> P = 2/4, R = 2/4
        assertThat(s.rowPrecision()).isEqualTo(0.5);
        assertThat(s.rowRecall()).isEqualTo(0.5);
        assertThat(s.rowF1()).isEqualTo(0.5);
        assertThat(s.goldRows()).isEqualTo(4);
        assertThat(s.predictedRows()).isEqualTo(4);
        assertThat(s.matchedRows()).isEqualTo(3);
        assertThat(s.correctRows()).isEqualTo(2);
        assertThat(s.missingKeys()).containsExactly("spain");
        assertThat(s.extraKeys()).containsExactly("portugal");
    }

    @Test
    void withoutNumberToleranceTheNearMissCountsAsWrong() {
        WideSearchScorer strict =
                new WideSearchScorer(List.of("Country"), new CellMatcher(0, 0), WideSearchScorer.Metric.ROW_F1);

        WideSearchScore s = strict.evaluate(GOLD, ANSWER);

        // items 10 of 16; rows: only France -> 1/4
        assertThat(s.itemF1()).isCloseTo(0.625, within(1e-12));
        assertThat(s.rowF1()).isEqualTo(0.25);
        assertThat(strict.score(new EvalTask("t", "p", GOLD), ANSWER)).isEqualTo(0.25);
    }

    @Test
    void missingRowsLowerRecallOnly() {
        String answer = """
                | Country | Capital | Population (M) | Founded |
                |---|---|---|---|
                | France | Paris | 68.2 | 1958-10-04 |
                | Italy | Rome | 59 | 1946-06-02 |
                """;

        WideSearchScore s = WideSearchScorer.keyedBy("Country").evaluate(GOLD, answer);

        // 8 of 8 predicted items right, 8 of 16 gold items found: P = 1, R = 0.5, F1 = 2/3
        assertThat(s.itemPrecision()).isEqualTo(1.0);
        assertThat(s.itemRecall()).isEqualTo(0.5);
        assertThat(s.itemF1()).isCloseTo(2.0 / 3, within(1e-12));
        assertThat(s.rowF1()).isCloseTo(2.0 / 3, within(1e-12));
        assertThat(s.missingKeys()).containsExactly("germany", "spain");
    }

    @Test
    void extraAndRepeatedRowsLowerPrecisionOnly() {
        String answer = """
                | Country | Capital | Population (M) | Founded |
                |---|---|---|---|
                | France | Paris | 68.2 | 1958-10-04 |
                | Germany | Berlin | 84.5 | 1949-05-23 |
                | Italy | Rome | 59.0 | 1946-06-02 |
                | Spain | Madrid | 48.6 | 1978-12-29 |
                | France | Lyon | 1 | 2000-01-01 |
                | Andorra | Andorra la Vella | 0.08 | 1993-03-14 |
                """;

        WideSearchScore s = WideSearchScorer.keyedBy("Country").evaluate(GOLD, answer);

        // 16 right of 24 predicted items: P = 2/3, R = 1, F1 = 0.8; rows 4 of 6: P = 2/3, R = 1
        assertThat(s.itemPrecision()).isCloseTo(2.0 / 3, within(1e-12));
        assertThat(s.itemRecall()).isEqualTo(1.0);
        assertThat(s.itemF1()).isCloseTo(0.8, within(1e-12));
        assertThat(s.rowF1()).isCloseTo(0.8, within(1e-12));
        assertThat(s.extraKeys()).containsExactly("france", "andorra");
    }

    @Test
    void aMissingColumnCountsAsEmptyCells() {
        String answer = """
                | Country | Capital | Founded |
                |---|---|---|
                | France | Paris | 1958-10-04 |
                | Germany | Berlin | 1949-05-23 |
                | Italy | Rome | 1946-06-02 |
                | Spain | Madrid | 1978-12-29 |
                """;

        WideSearchScore s = WideSearchScorer.keyedBy("country").evaluate(GOLD, answer);

        // 12 of 12 predicted items right, 12 of 16 gold: P = 1, R = 0.75, F1 = 6/7; no row complete
        assertThat(s.itemF1()).isCloseTo(6.0 / 7, within(1e-12));
        assertThat(s.rowF1()).isZero();
    }

    @Test
    void anAnswerWithoutATableScoresZero() {
        WideSearchScore s = WideSearchScorer.keyedBy("Country").evaluate(GOLD, "I could not find it.");

        assertThat(s.itemF1()).isZero();
        assertThat(s.rowF1()).isZero();
        assertThat(s.missingKeys()).hasSize(4);
        assertThat(WideSearchScorer.keyedBy("Country").score(new EvalTask("t", "p", GOLD), "no table"))
                .isZero();
    }

    @Test
    void cellsMatchExactlyByNearNumberOrByNearDate() {
        CellMatcher m = new CellMatcher(0.01, 2);
        assertThat(m.matches("  **Paris** ", "paris.")).isTrue();
        assertThat(m.matches("$1,234,000", "1234000")).isTrue();
        assertThat(m.matches("1,240,000", "1234000")).isTrue(); // 6,000 <= 0.01 * 1,240,000
        assertThat(m.matches("1,300,000", "1234000")).isFalse();
        assertThat(m.matches("12.5%", "12.5")).isTrue();
        assertThat(m.matches("March 5, 2024", "2024-03-05")).isTrue();
        assertThat(m.matches("03/07/2024", "2024-03-05")).isTrue(); // US order, 2 days apart
        assertThat(m.matches("5 Mar 2024", "2024-03-08")).isFalse(); // 3 days apart
        assertThat(m.matches("Lyon", "Paris")).isFalse();
        assertThat(m.matches("", "Paris")).isFalse();
    }

    @Test
    void theParserHandlesEscapedPipesAndShortRows() {
        MarkdownTable t = MarkdownTable.parse("""
                | a | b |
                |---|---|
                | x \\| y | z |
                | only |
                """).orElseThrow();

        assertThat(t.headers()).containsExactly("a", "b");
        assertThat(t.rows()).containsExactly(List.of("x | y", "z"), List.of("only", ""));
    }

    @Test
    void aGoldTableWithoutTheKeyColumnOrWithARepeatedKeyIsRefused() {
        assertThatThrownBy(() -> WideSearchScorer.keyedBy("Nation").evaluate(GOLD, ANSWER))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no key column 'Nation'")
                .hasMessageContaining("Country");
        assertThatThrownBy(() -> WideSearchScorer.keyedBy("a").evaluate("|a|\n|-|\n|x|\n|X|", "|a|\n|-|\n|x|"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("repeats the key x");
        assertThatThrownBy(() -> WideSearchScorer.keyedBy("a").score(new EvalTask("t", "p", null), "x"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no gold table");
    }

    @Test
    void theScorerReturnsTheMetricItWasBuiltWith() {
        EvalTask task = new EvalTask("t", "p", GOLD);
        CellMatcher matcher = new CellMatcher(0, 0);

        // the answer of withoutNumberToleranceTheNearMissCountsAsWrong: Item-F1 0.625, Row-F1 0.25
        assertThat(new WideSearchScorer(List.of("Country"), matcher, WideSearchScorer.Metric.ITEM_F1)
                        .score(task, ANSWER))
                .isCloseTo(0.625, within(1e-12));
        assertThat(new WideSearchScorer(List.of("Country"), matcher, WideSearchScorer.Metric.ROW_F1)
                        .score(task, ANSWER))
                .isEqualTo(0.25);
    }

    @Test
    void aScorerWithoutKeyColumnsIsRefused() {
        assertThatThrownBy(
                        () -> new WideSearchScorer(List.of(), new CellMatcher(0, 0), WideSearchScorer.Metric.ITEM_F1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least one key column");
    }

    @Test
    void anAnswerTableWithoutRowsScoresZeroNotNaN() {
        WideSearchScore s = WideSearchScorer.keyedBy("Country").evaluate(GOLD, "| Country | Capital |\n|---|---|\n");

        assertThat(s.predictedRows()).isZero();
        assertThat(s.itemPrecision()).isZero();
        assertThat(s.rowPrecision()).isZero();
        assertThat(s.itemF1()).isZero();
        assertThat(s.rowF1()).isZero();
    }

    @Test
    void aGoldTextWithoutATableIsRefusedWithItsBeginning() {
        String longProse = "no table here ".repeat(20);

        assertThatThrownBy(() -> WideSearchScorer.keyedBy("a").evaluate(longProse, "x"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the gold answer holds no markdown table: " + longProse.substring(0, 80) + "…");
        assertThatThrownBy(() -> WideSearchScorer.keyedBy("a").evaluate("short", "x"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the gold answer holds no markdown table: short");
        String eighty = "x".repeat(80);
        assertThatThrownBy(() -> WideSearchScorer.keyedBy("a").evaluate(eighty, "x"))
                .hasMessage("the gold answer holds no markdown table: " + eighty);
    }

    @Test
    void equalNumbersWrittenDifferentlyMatchWithoutTolerance() {
        CellMatcher exact = new CellMatcher(0, 0);

        assertThat(exact.matches("1.0", "1")).isTrue();
        assertThat(exact.matches("1,000", "1000")).isTrue();
        assertThat(exact.matches("1.01", "1")).isFalse();
        assertThat(exact.matches("2024-03-05", "March 5, 2024")).isTrue();
        assertThat(exact.matches("2024-03-06", "March 5, 2024")).isFalse();
    }

    @Test
    void negativeOrUndefinedTolerancesAreRefused() {
        assertThatThrownBy(() -> new CellMatcher(-0.01, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("relativeTolerance=-0.01");
        assertThatThrownBy(() -> new CellMatcher(Double.NaN, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new CellMatcher(0, -1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("dateToleranceDays=-1");
    }

    @Test
    void aTableRowMustBeAsWideAsItsHeader() {
        assertThatThrownBy(() -> new MarkdownTable(List.of("a", "b"), List.of(List.of("x"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("a row has 1 cells but the header has 2");
    }

    @Test
    void aHeadingUnderlinedWithDashesIsNotATable() {
        // "Results" over "---" is a markdown heading; the table follows it
        MarkdownTable t = MarkdownTable.parse("""
                Results
                ---
                | a | b |
                |---|---|
                | 1 | 2 |
                """).orElseThrow();

        assertThat(t.headers()).containsExactly("a", "b");
        assertThat(t.rows()).containsExactly(List.of("1", "2"));
    }

    @Test
    void aLineWithAPipeOverAHyphenatedLineIsNotATable() {
        // the second line holds a dash but is no separator row, so the first line is prose, not a header
        MarkdownTable t = MarkdownTable.parse("""
                Columns: Country | Capital
                The data is up-to-date.
                | Country | Capital |
                |---|---|
                | France | Paris |
                """).orElseThrow();

        assertThat(t.headers()).containsExactly("Country", "Capital");
        assertThat(t.rows()).containsExactly(List.of("France", "Paris"));
    }

    @Test
    void aBackslashAtTheEndOfARowIsKept() {
        assertThat(MarkdownTable.cells("| a | b\\")).containsExactly("a", "b\\");
        assertThat(MarkdownTable.cells("a\\")).containsExactly("a\\");
    }
}

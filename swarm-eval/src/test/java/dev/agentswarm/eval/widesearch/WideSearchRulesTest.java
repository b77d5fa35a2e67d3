package dev.agentswarm.eval.widesearch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The building blocks against values the official code (Python, pandas, dateparser) gives. */
class WideSearchRulesTest {

    static final LocalDate TODAY = LocalDate.of(2026, 12, 1);

    @Test
    void pythonFloatRepr() {
        assertThat(PyText.floatRepr(1958)).isEqualTo("1958.0");
        assertThat(PyText.floatRepr(1e16)).isEqualTo("1e+16");
        assertThat(PyText.floatRepr(1.5e-5)).isEqualTo("1.5e-05");
        assertThat(PyText.floatRepr(0.0001)).isEqualTo("0.0001");
        assertThat(PyText.floatRepr(0.1)).isEqualTo("0.1");
        assertThat(PyText.floatRepr(-2.5)).isEqualTo("-2.5");
        assertThat(PyText.floatRepr(1234567.125)).isEqualTo("1234567.125");
        assertThat(PyText.floatRepr(123456789012345678.0)).isEqualTo("1.2345678901234568e+17");
        assertThat(PyText.floatRepr(-0.0)).isEqualTo("-0.0");
        assertThat(PyText.floatRepr(0.0)).isEqualTo("0.0");
        assertThat(PyText.floatRepr(Double.NaN)).isEqualTo("nan");
        assertThat(PyText.floatRepr(Double.POSITIVE_INFINITY)).isEqualTo("inf");
        assertThat(PyText.floatRepr(Double.NEGATIVE_INFINITY)).isEqualTo("-inf");
        assertThat(PyText.floatRepr(1e-300)).isEqualTo("1e-300");
    }

    @Test
    void pythonFloatParsing() {
        assertThat(PyText.parseFloat(" 12 ")).isEqualTo(12.0);
        assertThat(PyText.parseFloat("1_000.5")).isEqualTo(1000.5);
        assertThat(PyText.parseFloat("-.5e1")).isEqualTo(-5.0);
        assertThat(PyText.parseFloat("5.")).isEqualTo(5.0);
        assertThat(PyText.parseFloat("１２")).isEqualTo(12.0);
        assertThat(PyText.parseFloat("-Infinity")).isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(PyText.parseFloat("+inf")).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(PyText.parseFloat("NaN")).isNaN();
        assertThat(PyText.parseFloat("1__0")).isNull();
        assertThat(PyText.parseFloat("0x10")).isNull();
        assertThat(PyText.parseFloat("1d")).isNull();
        assertThat(PyText.parseFloat("NULL")).isNull();
        assertThat(PyText.parseFloat("")).isNull();
    }

    @Test
    void pythonStripAndRepr() {
        assertThat(PyText.strip("\u00a0\u3000 a b\t\n")).isEqualTo("a b");
        assertThat(PyText.strip("\u200b")).isEqualTo("\u200b");
        assertThat(PyText.repr("it's")).isEqualTo("\"it's\"");
        assertThat(PyText.repr("say \"hi\" it's")).isEqualTo("'say \"hi\" it\\'s'");
        assertThat(PyText.repr("a\\b\n\r\t\u0001\u00a0\u200b\u00e9\uD83D\uDE00\uDB80\uDC00"))
                .isEqualTo("'a\\\\b\\n\\r\\t\\x01\\xa0\\u200b\u00e9\uD83D\uDE00\\U000f0000'");
        assertThat(PyText.repr(List.of("a", "b"))).isEqualTo("['a', 'b']");
        assertThat(PyText.repr(List.<String>of())).isEqualTo("[]");
        assertThat(PyText.reprDict(Map.of("k", Map.of("x", "y")))).isEqualTo("{'k': {'x': 'y'}}");
        assertThat(PyText.reprDict(Map.of())).isEqualTo("{}");
    }

    @Test
    void pandasTypeInferenceAndRendering() {
        assertThat(PandasCsv.renderColumn(Arrays.asList("1976", " 7 ", "+5", "-0")))
                .containsExactly("1976", "7", "5", "0");
        assertThat(PandasCsv.renderColumn(Arrays.asList("1976", ""))).containsExactly("1976.0", "nan");
        assertThat(PandasCsv.renderColumn(Arrays.asList("1976", null))).containsExactly("1976.0", "nan");
        assertThat(PandasCsv.renderColumn(Arrays.asList("1.50", "1e3", "inf", "-Infinity")))
                .containsExactly("1.5", "1000.0", "inf", "-inf");
        assertThat(PandasCsv.renderColumn(Arrays.asList("1e400"))).containsExactly("1e400");
        assertThat(PandasCsv.renderColumn(Arrays.asList("9223372036854775808"))).containsExactly("9223372036854775808");
        assertThat(PandasCsv.renderColumn(Arrays.asList("99999999999999999999")))
                .containsExactly("99999999999999999999");
        assertThat(PandasCsv.renderColumn(Arrays.asList("TRUE", "false"))).containsExactly("True", "False");
        assertThat(PandasCsv.renderColumn(Arrays.asList("TRUE", ""))).containsExactly("True", "nan");
        assertThat(PandasCsv.renderColumn(Arrays.asList("1.5", "2e20"))).containsExactly("1.5", "2e+20");
        assertThat(PandasCsv.renderColumn(Arrays.asList("1,000", "N/A", "None")))
                .containsExactly("1,000", "nan", "nan");
        assertThat(PandasCsv.renderColumn(Arrays.asList("", "NA"))).containsExactly("nan", "nan");
        assertThat(PandasCsv.renderColumn(Arrays.asList("1", "x"))).containsExactly("1", "x");
    }

    @Test
    void pandasTokenizer() throws Exception {
        Frame f = PandasCsv.read("a,a,,b\r\n\"x, \"\"y\"\"\",1,2,3\n\nz\n", ',');
        assertThat(f.columns).containsExactly("a", "a.1", "Unnamed: 2", "b");
        assertThat(f.rows.get(0)).containsExactly("x, \"y\"", "1.0", "2.0", "3.0");
        assertThat(f.rows.get(1)).containsExactly("z", "nan", "nan", "nan");
        Frame shifted = PandasCsv.read("a,b\ni,x,1\nj,y\n", ',');
        assertThat(shifted.rows).containsExactly(List.of("x", "1.0"), List.of("y", "nan"));
        assertThatThrownBy(() -> PandasCsv.read("a,b\ni,x,1\nj,y,2,3\n", ','))
                .hasMessageContaining("Expected 3 fields in line 3, saw 4");
        assertThatThrownBy(() -> PandasCsv.read("", ',')).hasMessageContaining("No columns to parse");
        assertThatThrownBy(() -> PandasCsv.read("a\n\"open", ',')).hasMessageContaining("EOF inside string");
        Frame dup = PandasCsv.read("a,a,a.1\n1,2,3\n", ',');
        assertThat(dup.columns).containsExactly("a", "a.1", "a.1.1");
    }

    @Test
    void officialExtraction() throws Exception {
        assertThat(ResponseTable.official("a | b")).isNull();
        Frame f = ResponseTable.official("text\n| A B | c |\n|---|---|\n| 1 | 2 |\n\nmore | text |");
        assertThat(f).isNotNull();
        assertThat(f.columns).containsExactly("ab", "c");
        assertThat(f.rows).containsExactly(List.of("1", "2"));
        assertThat(ResponseTable.normColumn("  Population (M) ")).isEqualTo("population(m)");
        assertThat(ResponseTable.cells("a | b \\| c |")).containsExactly("a", "b | c");
        assertThat(ResponseTable.strict("| a |\n| b |")).isNull();
    }

    @Test
    void numbersAndStrings() {
        assertThat(Methods.extractNumber("15,000 employees")).isEqualTo("15000");
        assertThat(Methods.extractNumber("$2.5 million")).isEqualTo("2.5");
        assertThat(Methods.extractNumber("about .5%")).isEqualTo(".5%");
        assertThat(Methods.extractNumber("-3 and 4")).isEqualTo("-3");
        assertThat(Methods.extractNumber("12.")).isEqualTo("12.");
        assertThat(Methods.extractNumber("none")).isEqualTo("NULL");
        assertThat(Methods.normStr(" **Apple  Inc** ")).isEqualTo("appleinc");
        assertThat(Methods.numberNear("110", "100", 0.1)).isTrue();
        assertThat(Methods.numberNear("100", "90", 0.1)).isFalse();
        assertThat(Methods.numberNear("45%", "0.45", 0)).isTrue();
        assertThat(Methods.numberNear("0.45", "45%", 0)).isTrue();
        assertThat(Methods.numberNear("x%", "x%", 0)).isTrue();
        assertThat(Methods.numberNear("NULL", "NULL", 0)).isTrue();
        assertThat(Methods.numberNear("NULL", "nil", 0)).isFalse();
        assertThat(Methods.numberNear("nan", "nan", 0)).isFalse();
        assertThat(Methods.numberNear("1", "NULL", 0)).isFalse();
        assertThat(Methods.numberNear("-0", "0", 0)).isTrue();
        assertThat(Methods.exactMatch("ABC", "abc")).isTrue();
        assertThat(Methods.exactMatch("ABC", "abd")).isFalse();
        assertThat(Methods.inMatch("par", "paris")).isTrue();
        assertThat(Methods.inMatch("paris", "par")).isFalse();
    }

    @Test
    void urlsCompareByHost() {
        assertThat(Methods.urlMatch("https://www.apple.com/about?x=1", "http://www.apple.com"))
                .isTrue();
        assertThat(Methods.urlMatch("https://apple.com", "https://www.apple.com"))
                .isFalse();
        assertThat(Methods.urlMatch("none", "n/a")).isTrue();
        assertThat(Methods.urlMatch("https://a.org:8080/x", "https://a.org/x")).isFalse();
        assertThat(Methods.urlMatch("https://a.org#frag https://b.org?q", "https://b.org/ https://a.org"))
                .isTrue();
        assertThat(Methods.urlMatch("https://a.org", "")).isFalse();
    }

    @Test
    void datesAsDateparserReadsThem() {
        assertThat(DateParsing.parse("2024-03-05", TODAY)).isEqualTo(LocalDateTime.of(2024, 3, 5, 0, 0));
        assertThat(DateParsing.parse("2024-03-05T10:30", TODAY)).isEqualTo(LocalDateTime.of(2024, 3, 5, 10, 30));
        assertThat(DateParsing.parse("2024/03/05 10:30:15", TODAY)).isEqualTo(LocalDateTime.of(2024, 3, 5, 10, 30, 15));
        assertThat(DateParsing.parse("2024.03.05", TODAY)).isEqualTo(LocalDateTime.of(2024, 3, 5, 0, 0));
        assertThat(DateParsing.parse("03/05/2024", TODAY)).isEqualTo(LocalDateTime.of(2024, 3, 5, 0, 0));
        assertThat(DateParsing.parse("13/05/2024", TODAY)).isEqualTo(LocalDateTime.of(2024, 5, 13, 0, 0));
        assertThat(DateParsing.parse("05.03.2024", TODAY)).isEqualTo(LocalDateTime.of(2024, 5, 3, 0, 0));
        assertThat(DateParsing.parse("March 5th, 2024", TODAY)).isEqualTo(LocalDateTime.of(2024, 3, 5, 0, 0));
        assertThat(DateParsing.parse("Tuesday, March 5, 2024", TODAY)).isEqualTo(LocalDateTime.of(2024, 3, 5, 0, 0));
        assertThat(DateParsing.parse("5th of Sept 2024", TODAY)).isEqualTo(LocalDateTime.of(2024, 9, 5, 0, 0));
        assertThat(DateParsing.parse("Mar. 2024", TODAY)).isEqualTo(LocalDateTime.of(2024, 3, 1, 0, 0));
        assertThat(DateParsing.parse("2024-03", TODAY)).isEqualTo(LocalDateTime.of(2024, 3, 1, 0, 0));
        assertThat(DateParsing.parse("3/2024", TODAY)).isEqualTo(LocalDateTime.of(2024, 3, 1, 0, 0));
        assertThat(DateParsing.parse("2024年3月", TODAY)).isEqualTo(LocalDateTime.of(2024, 3, 1, 0, 0));
        assertThat(DateParsing.parse("2024年3月5日", TODAY)).isEqualTo(LocalDateTime.of(2024, 3, 5, 0, 0));
        assertThat(DateParsing.parse("1958", TODAY)).isEqualTo(LocalDateTime.of(1958, 12, 1, 0, 0));
        assertThat(DateParsing.parse("2020-02-30", TODAY)).isNull();
        assertThat(DateParsing.parse("Foo 5, 2024", TODAY)).isNull();
        assertThat(DateParsing.parse("5 Foo 2024", TODAY)).isNull();
        assertThat(DateParsing.parse("Foo 2024", TODAY)).isNull();
        assertThat(DateParsing.parse("Q1 2024", TODAY)).isNull();
        assertThat(DateParsing.parse("15000", TODAY)).isNull();
        assertThat(Methods.dateNear("2024-03-05", "2024-04-05", TODAY)).isTrue();
        assertThat(Methods.dateNear("2024-03-05", "2024-04-06", TODAY)).isFalse();
        assertThat(Methods.dateNear("2024-04-05", "2024-03-05", TODAY)).isTrue();
        // timedelta.days floors: -31 days 23 hours is -32 days
        assertThat(Methods.dateNear("2024-03-05T01:00", "2024-04-06", TODAY)).isFalse();
        assertThat(Methods.dateNear("2024-03-06T23:00", "2024-04-06", TODAY)).isTrue();
        assertThat(Methods.dateNear("unknown", "tbd", TODAY)).isTrue();
        assertThat(Methods.dateNear("unknown", "2024-01-01", TODAY)).isFalse();
        assertThat(Methods.normDate("March 5, 2024", TODAY)).isEqualTo("2024-03-05");
        assertThat(Methods.normDate("soon", TODAY)).isEqualTo("soon");
    }
}

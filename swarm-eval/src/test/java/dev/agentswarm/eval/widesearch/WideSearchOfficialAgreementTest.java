package dev.agentswarm.eval.widesearch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every case of {@code widesearch/agreement/cases.jsonl}, scored in official-compatible mode, agrees to 1e-6 with the
 * scores the official WideSearch evaluation gave it ({@code official-scores.jsonl}, written by
 * {@code score_official.py} at the official commit recorded in its first line), and the judge received exactly the
 * prompts the official code sent.
 */
class WideSearchOfficialAgreementTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    static final String OFFICIAL_COMMIT = "0e664c307d12c88810a31530be40c8c358f56b4f";
    /** The date the official scores were computed on: dateparser fills a year-only date's month from it. */
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-01T02:00:00Z"), ZoneOffset.UTC);

    static List<String> lines(String resource) throws IOException {
        try (InputStream in = Objects.requireNonNull(
                WideSearchOfficialAgreementTest.class.getResourceAsStream("/widesearch/agreement/" + resource))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8)
                    .lines()
                    .filter(l -> !l.isBlank())
                    .toList();
        }
    }

    static Stream<Arguments> cases() throws IOException {
        Map<String, JsonNode> official = new LinkedHashMap<>();
        for (String l : lines("official-scores.jsonl")) {
            JsonNode n = JSON.readTree(l);
            if (n.has("id")) {
                official.put(n.get("id").asText(), n);
            }
        }
        List<Arguments> out = new ArrayList<>();
        for (String l : lines("cases.jsonl")) {
            JsonNode c = JSON.readTree(l);
            out.add(Arguments.of(
                    c.get("id").asText(), c, official.get(c.get("id").asText())));
        }
        return out.stream();
    }

    /** A judge that replays the case's scripted replies in call order (null: the call failed) and records prompts. */
    static final class ReplayJudge implements WideSearchJudge {
        final List<String> prompts = Collections.synchronizedList(new ArrayList<>());
        private final List<String> replies = new ArrayList<>();

        ReplayJudge(JsonNode llm) {
            if (llm != null) {
                for (JsonNode r : llm) {
                    replies.add(r.isNull() ? null : r.asText());
                }
            }
        }

        @Override
        public String complete(String prompt) {
            prompts.add(prompt);
            return replies.isEmpty() ? null : replies.remove(0);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void agreesWithTheOfficialEvaluation(String id, JsonNode c, JsonNode official) {
        assertThat(official).as("official score of case " + id).isNotNull();
        WideSearchSpec spec = WideSearchSpec.fromJson(c, "cases.jsonl#" + id);
        WideSearchGold gold = WideSearchGold.parse(c.get("gold_csv").asText(), spec, "gold of " + id);
        ReplayJudge judge = new ReplayJudge(c.get("llm"));
        WideSearchResult r = WideSearchEvaluator.of(WideSearchEvaluator.Mode.OFFICIAL, judge, CLOCK)
                .evaluate(id, spec, gold, c.get("response").asText());
        assertThat(r.score()).as("score").isCloseTo(official.get("score").asDouble(), within(1e-6));
        assertThat(r.rowPrecision())
                .as("row P")
                .isCloseTo(official.get("precision_by_row").asDouble(), within(1e-6));
        assertThat(r.rowRecall())
                .as("row R")
                .isCloseTo(official.get("recall_by_row").asDouble(), within(1e-6));
        assertThat(r.rowF1()).as("row F1").isCloseTo(official.get("f1_by_row").asDouble(), within(1e-6));
        assertThat(r.itemPrecision())
                .as("item P")
                .isCloseTo(official.get("precision_by_item").asDouble(), within(1e-6));
        assertThat(r.itemRecall())
                .as("item R")
                .isCloseTo(official.get("recall_by_item").asDouble(), within(1e-6));
        assertThat(r.itemF1())
                .as("item F1")
                .isCloseTo(official.get("f1_by_item").asDouble(), within(1e-6));
        List<String> prompts = new ArrayList<>();
        official.get("prompts").forEach(p -> prompts.add(p.asText()));
        assertThat(judge.prompts).as("prompts sent to the judge").containsExactlyElementsOf(prompts);
    }

    @Test
    void theFixturesCoverEnoughCasesAndRecordTheOfficialCommit() throws IOException {
        assertThat(lines("cases.jsonl")).hasSizeGreaterThanOrEqualTo(30);
        assertThat(JSON.readTree(lines("official-scores.jsonl").get(0))
                        .get("official_commit")
                        .asText())
                .isEqualTo(OFFICIAL_COMMIT);
    }
}

package dev.agentswarm.eval.widesearch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Scores a WideSearch answer against its gold table with the task's per-column evaluation pipeline.
 *
 * <p>{@link Mode#OFFICIAL} (the default) reproduces the official WideSearch evaluation
 * ({@code evaluate_single_query} of ByteDance Seed's WideSearch repository) rule for rule, quirks included, so that
 * numbers compare with published ones; {@link Mode#STRICT} fixes the quirks. {@code docs/evaluation.md} lists every
 * rule and each quirk with its strict counterpart.
 *
 * <p>Instances are immutable and thread-safe if the judge is.
 */
public final class WideSearchEvaluator {

    /** Which rules apply. */
    public enum Mode {
        /** The official evaluation, quirks included. */
        OFFICIAL,
        /** The official rules with the quirks fixed. */
        STRICT
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern MARKDOWN_JSON = Pattern.compile("```json\\s*(\\{.*?\\})\\s*```", Pattern.DOTALL);

    private final Mode mode;
    private final WideSearchJudge judge;
    private final Clock clock;

    private WideSearchEvaluator(Mode mode, WideSearchJudge judge, Clock clock) {
        this.mode = mode;
        this.judge = judge;
        this.clock = clock;
    }

    /**
     * @param mode which rules apply
     * @param judge the model behind alignment and {@code llm_judge}; {@link WideSearchJudge#NONE} for none
     * @param clock today's date fills a date's missing month, as dateparser does
     * @return the evaluator
     */
    public static WideSearchEvaluator of(Mode mode, WideSearchJudge judge, Clock clock) {
        return new WideSearchEvaluator(
                Objects.requireNonNull(mode, "mode"),
                Objects.requireNonNull(judge, "judge"),
                Objects.requireNonNull(clock, "clock"));
    }

    /**
     * @return the official-compatible evaluator without a model (its LLM calls fail, as officially without one), on
     *     the system clock in UTC
     */
    public static WideSearchEvaluator official() {
        return of(Mode.OFFICIAL, WideSearchJudge.NONE, Clock.systemUTC());
    }

    /** @return the rules that apply */
    public Mode mode() {
        return mode;
    }

    /**
     * Scores one answer. Bad answers (no table, an unreadable table, wrong columns) score 0 with a message that says
     * why; they never throw.
     *
     * @param taskId the task, named in messages
     * @param spec the task's evaluation settings
     * @param gold the gold table
     * @param response the answer, holding a markdown table
     * @return the scores
     */
    public WideSearchResult evaluate(String taskId, WideSearchSpec spec, WideSearchGold gold, String response) {
        Objects.requireNonNull(taskId, "taskId");
        Objects.requireNonNull(response, "response");
        LocalDate today = LocalDate.now(clock);
        boolean strict = mode == Mode.STRICT;
        Frame answer = strict ? gold.strict(spec) : gold.official(spec);
        Frame resp;
        try {
            resp = strict ? ResponseTable.strict(response) : ResponseTable.official(response);
        } catch (PandasCsv.ParseException e) {
            return WideSearchResult.zero(
                    taskId, "task " + taskId + ": the answer's table cannot be read: " + e.getMessage());
        }
        if (resp == null) {
            return WideSearchResult.zero(taskId, "task " + taskId + ": the answer holds no markdown table");
        }
        List<String> cols = new ArrayList<>();
        for (String c : resp.columns) {
            cols.add(ResponseTable.normColumn(c));
        }
        resp = new Frame(cols, resp.rows);
        List<String> required = spec.required();
        if (!new HashSet<>(required).equals(new HashSet<>(resp.columns))) {
            Map<String, String> map = align(resp.columns, required);
            List<String> renamed = new ArrayList<>();
            for (String c : resp.columns) {
                renamed.add(map.getOrDefault(c, c));
            }
            resp = new Frame(renamed, resp.rows);
        }
        if (!new HashSet<>(required).equals(new HashSet<>(resp.columns))
                || (strict && resp.columns.size() != required.size())) {
            return WideSearchResult.zero(
                    taskId,
                    "task " + taskId + ": the answer's columns " + resp.columns + " differ from the required columns "
                            + required);
        }
        List<String> unique = spec.uniqueColumns();
        if (!strict) {
            dropDuplicates(resp, unique);
            dropDuplicates(answer, unique);
        }
        for (String col : unique) {
            WideSearchSpec.Column item = spec.pipeline().get(col);
            if (item == null
                    || !(item.metric().contains("llm_judge") || item.metric().contains("exact_match"))) {
                continue;
            }
            int rc = resp.index(col);
            Map<String, String> map = align(resp.column(rc), answer.column(answer.index(col)));
            resp.columns.add(col + "_before_map");
            for (List<String> row : resp.rows) {
                String before = row.get(rc);
                row.add(before);
                row.set(rc, map.getOrDefault(before, before));
            }
        }
        for (Map.Entry<String, WideSearchSpec.Column> e : spec.pipeline().entrySet()) {
            int rc = resp.index(e.getKey());
            int ac = answer.index(e.getKey());
            if (rc < 0 || ac < 0) {
                if (strict || e.getValue().preprocess().isEmpty()) {
                    continue;
                }
                return WideSearchResult.zero(
                        taskId,
                        "task " + taskId + ": evaluator error: KeyError: '" + e.getKey()
                                + "' (eval_pipeline names a column that is not required)");
            }
            for (String p : e.getValue().preprocess()) {
                preprocess(resp, rc, p, today);
                preprocess(answer, ac, p, today);
            }
        }
        if (strict) {
            dropDuplicates(resp, unique);
            dropDuplicates(answer, unique);
        }
        double tempScore = !strict && sortedEqual(answer, resp, required) ? 1.0 : 0.0;
        List<int[]> pairs = innerJoin(answer, resp, unique, strict);
        List<String> notes = new ArrayList<>();
        List<double[]> scoreColumns = new ArrayList<>();
        for (String col : required) {
            if (unique.contains(col)) {
                double[] ones = new double[pairs.size()];
                java.util.Arrays.fill(ones, 1.0);
                scoreColumns.add(ones);
                continue;
            }
            WideSearchSpec.Column item = Objects.requireNonNull(spec.pipeline().get(col));
            int ac = answer.index(col);
            int rc = resp.index(col);
            List<double[]> perMetric = new ArrayList<>();
            for (String metric : item.metric()) {
                if (!strict && pairs.isEmpty() && !metric.equals("llm_judge")) {
                    // pandas: apply(axis=1) on an empty frame returns a frame, which cannot be set as one column
                    return WideSearchResult.zero(
                            taskId,
                            "task " + taskId + ": evaluator error: no answer row joins a"
                                    + " gold row (pandas cannot set the empty " + col + "_" + metric + " column)");
                }
                double[] s = new double[pairs.size()];
                if (metric.equals("llm_judge")) {
                    List<String> rs = new ArrayList<>();
                    List<String> ts = new ArrayList<>();
                    for (int[] p : pairs) {
                        rs.add(resp.rows.get(p[1]).get(rc));
                        ts.add(answer.rows.get(p[0]).get(ac));
                    }
                    s = judgeColumn(rs, ts, item.criterion(), col, notes);
                } else {
                    for (int k = 0; k < pairs.size(); k++) {
                        int[] p = pairs.get(k);
                        String r = resp.rows.get(p[1]).get(rc);
                        String t = answer.rows.get(p[0]).get(ac);
                        s[k] = metric(metric, r, t, item, today) ? 1.0 : 0.0;
                    }
                }
                perMetric.add(s);
            }
            if (strict) {
                double[] cell = new double[pairs.size()];
                java.util.Arrays.fill(cell, perMetric.isEmpty() ? 0.0 : 1.0);
                for (double[] s : perMetric) {
                    for (int k = 0; k < cell.length; k++) {
                        cell[k] = Math.min(cell[k], s[k]);
                    }
                }
                scoreColumns.add(cell);
            } else {
                scoreColumns.addAll(perMetric);
            }
        }
        double tpRow = 0;
        double tpItem = 0;
        for (int k = 0; k < pairs.size(); k++) {
            double min = Double.POSITIVE_INFINITY;
            for (double[] s : scoreColumns) {
                min = Math.min(min, s[k]);
                tpItem += s[k];
            }
            tpRow += min;
        }
        int predRows = resp.rows.size();
        int goldRows = answer.rows.size();
        long predItems = (long) predRows * required.size();
        long goldItems = (long) goldRows * required.size();
        double rowP = predRows > 0 ? tpRow / predRows : 0.0;
        double rowR = goldRows > 0 ? tpRow / goldRows : 0.0;
        double itemP = predItems > 0 ? tpItem / predItems : 0.0;
        double itemR = goldItems > 0 ? tpItem / goldItems : 0.0;
        double rowF1 = f1(rowP, rowR);
        double itemF1 = f1(itemP, itemR);
        double score = tempScore;
        if (itemP == 1.0 && itemR == 1.0 && itemF1 == 1.0 && rowP == 1.0 && rowR == 1.0 && rowF1 == 1.0) {
            score = 1;
        }
        String message = String.format(
                java.util.Locale.ROOT,
                "task %s: %d answer rows, %d gold rows, %d joined on %s",
                taskId,
                predRows,
                goldRows,
                pairs.size(),
                unique);
        for (String n : notes) {
            message += "; " + n;
        }
        return new WideSearchResult(taskId, score, rowP, rowR, rowF1, itemP, itemR, itemF1, message);
    }

    /**
     * @param precision the precision
     * @param recall the recall
     * @return the official {@code calc_f1}: 0 when precision + recall ≤ 1e-9
     */
    static double f1(double precision, double recall) {
        return precision + recall > 1e-9 ? 2 * precision * recall / (precision + recall) : 0.0;
    }

    private boolean metric(String metric, String r, String t, WideSearchSpec.Column item, LocalDate today) {
        return switch (metric) {
            case "exact_match" -> Methods.exactMatch(r, t);
            case "in_match" -> Methods.inMatch(r, t);
            case "url_match" -> Methods.urlMatch(r, t);
            case "date_near" -> Methods.dateNear(r, t, today);
            case "number_near" -> Methods.numberNear(r, t, Objects.requireNonNull(item.tolerance()));
            default -> throw new IllegalStateException("unchecked metric " + metric);
        };
    }

    private static void preprocess(Frame f, int c, String p, LocalDate today) {
        for (List<String> row : f.rows) {
            String v = row.get(c);
            row.set(
                    c,
                    switch (p) {
                        case "norm_str" -> Methods.normStr(v);
                        case "extract_number" -> Methods.extractNumber(v);
                        case "norm_date" -> Methods.normDate(v, today);
                        default -> throw new IllegalStateException("unchecked preprocessor " + p);
                    });
        }
    }

    /** pandas {@code drop_duplicates(subset=unique, keep="first")}. */
    private static void dropDuplicates(Frame f, List<String> unique) {
        Set<List<String>> seen = new HashSet<>();
        f.rows.removeIf(row -> !seen.add(key(f, row, unique)));
    }

    private static List<String> key(Frame f, List<String> row, List<String> unique) {
        List<String> k = new ArrayList<>();
        for (String u : unique) {
            k.add(row.get(f.index(u)));
        }
        return k;
    }

    /**
     * pandas {@code merge(answer, response, on=unique, how="inner")}: gold rows in order, each with every answer row
     * of an equal key (strict: the first only).
     */
    private static List<int[]> innerJoin(Frame answer, Frame resp, List<String> unique, boolean strict) {
        Map<List<String>, List<Integer>> byKey = new LinkedHashMap<>();
        for (int j = 0; j < resp.rows.size(); j++) {
            byKey.computeIfAbsent(key(resp, resp.rows.get(j), unique), k -> new ArrayList<>())
                    .add(j);
        }
        List<int[]> pairs = new ArrayList<>();
        for (int i = 0; i < answer.rows.size(); i++) {
            List<Integer> js = byKey.getOrDefault(key(answer, answer.rows.get(i), unique), List.of());
            for (int j : js) {
                pairs.add(new int[] {i, j});
                if (strict) {
                    break;
                }
            }
        }
        return pairs;
    }

    /**
     * The official exact-table check: equal shape, and equal after both are sorted by the required columns
     * (columns compared in order, so an answer with its columns in another order never passes here).
     */
    private static boolean sortedEqual(Frame answer, Frame resp, List<String> required) {
        if (answer.rows.size() != resp.rows.size() || answer.columns.size() != resp.columns.size()) {
            return false;
        }
        if (!answer.columns.equals(resp.columns)) {
            return false;
        }
        return sortedRows(answer, required).equals(sortedRows(resp, required));
    }

    private static List<List<String>> sortedRows(Frame f, List<String> by) {
        List<List<String>> rows = new ArrayList<>(f.rows);
        int[] idx = by.stream().mapToInt(f::index).toArray();
        rows.sort((a, b) -> {
            for (int c : idx) {
                int cmp = compareCodePoints(a.get(c), b.get(c));
                if (cmp != 0) {
                    return cmp;
                }
            }
            return 0;
        });
        return rows;
    }

    private static int compareCodePoints(String a, String b) {
        int[] x = a.codePoints().toArray();
        int[] y = b.codePoints().toArray();
        return java.util.Arrays.compare(x, y);
    }

    /**
     * The official {@code primary_key_preprocess}: asks the judge to map the answer's values onto the reference
     * vocabulary; an empty map when the call fails or its reply holds no markdown JSON object.
     */
    private Map<String, String> align(List<String> values, List<String> reference) {
        String prompt = WideSearchJudge.ALIGN_PROMPT
                .replace("{response}", PyText.repr(values))
                .replace("{reference}", PyText.repr(reference));
        JsonNode obj = markdownJson(judge.complete(prompt));
        Map<String, String> map = new LinkedHashMap<>();
        if (obj == null) {
            return map;
        }
        for (Map.Entry<String, JsonNode> f : obj.properties()) {
            map.put(
                    f.getKey(),
                    f.getValue().isTextual()
                            ? f.getValue().asText()
                            : f.getValue().toString());
        }
        return map;
    }

    /**
     * The official {@code llm_judge_column}: one call grading every joined row of a column; a row's score is the
     * reply's {@code idx_i} value (0 when absent), every score 0 when the call fails or the reply cannot be parsed.
     */
    private double[] judgeColumn(
            List<String> responses,
            List<String> targets,
            @Nullable String criterion,
            String column,
            List<String> notes) {
        Map<String, Map<String, String>> items = new LinkedHashMap<>();
        for (int i = 0; i < responses.size(); i++) {
            Map<String, String> pair = new LinkedHashMap<>();
            pair.put("response", responses.get(i));
            pair.put("target", targets.get(i));
            items.put("idx_" + i, pair);
        }
        String prompt = WideSearchJudge.JUDGE_PROMPT
                .replace("{criterion}", criterion == null ? "None" : criterion)
                .replace("{response}", PyText.reprDict(items));
        double[] scores = new double[responses.size()];
        String reply = judge.complete(prompt);
        JsonNode obj = markdownJson(reply);
        if (obj == null) {
            notes.add("the judge " + (reply == null ? "call failed" : "reply holds no ```json object") + " for column '"
                    + column + "': its " + scores.length + " cells score 0, as officially");
            return scores;
        }
        for (int i = 0; i < scores.length; i++) {
            JsonNode v = obj.get("idx_" + i);
            if (v == null) {
                continue;
            }
            if (v.isBoolean()) {
                scores[i] = v.asBoolean() ? 1 : 0;
            } else if (v.isNumber()) {
                scores[i] = v.asDouble();
            }
        }
        return scores;
    }

    /** The official {@code parse_markdown_json}: the last {@code ```json {...} ```} block, or null. */
    static @Nullable JsonNode markdownJson(@Nullable String completion) {
        if (completion == null) {
            return null;
        }
        Matcher m = MARKDOWN_JSON.matcher(completion);
        String last = null;
        while (m.find()) {
            last = m.group(1);
        }
        if (last == null) {
            return null;
        }
        try {
            JsonNode n = JSON.readTree(last);
            return n != null && n.isObject() ? n : null;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return null;
        }
    }
}

package dev.agentswarm.eval.widesearch;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A task's evaluation settings in the official layout (the {@code evaluation} object of a task record):
 * <pre>{@code
 * {"required": ["name", "year"], "unique_columns": ["name"],
 *  "eval_pipeline": {"name": {"preprocess": ["norm_str"], "metric": ["exact_match"]},
 *                    "year": {"metric": ["number_near"], "criterion": 0.0}}}
 * }</pre>
 *
 * @param source where the settings come from (a file and a task id), named in every error
 * @param required the answer's columns, normalised names, in order
 * @param uniqueColumns the key columns
 * @param pipeline per column, in the record's order: preprocessors, metrics and criterion
 */
public record WideSearchSpec(
        String source, List<String> required, List<String> uniqueColumns, Map<String, Column> pipeline) {

    /** The preprocessors of the official pipeline. */
    public static final Set<String> PREPROCESSORS = Set.of("norm_str", "extract_number", "norm_date");

    /** The metrics of the official pipeline. */
    public static final Set<String> METRICS =
            Set.of("exact_match", "number_near", "date_near", "url_match", "in_match", "llm_judge");

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * One column's pipeline.
     *
     * @param preprocess the preprocessors, applied in order to the answer's and the gold cells
     * @param metric the metrics; each is one score column of the official evaluation
     * @param criterion the criterion as Python's {@code str()} renders it: the relative tolerance of
     *     {@code number_near}, the grading instructions of {@code llm_judge}; null when absent
     * @param tolerance the criterion as a number, when it is one
     */
    public record Column(
            List<String> preprocess,
            List<String> metric,
            @Nullable String criterion,
            @Nullable Double tolerance) {

        /**
         * Copies the lists.
         *
         * @param preprocess the preprocessors, applied in order to the answer's and the gold cells
         * @param metric the metrics; each is one score column of the official evaluation
         * @param criterion the criterion as text, or null
         * @param tolerance the criterion as a number, or null
         */
        public Column {
            preprocess = List.copyOf(preprocess);
            metric = List.copyOf(metric);
        }
    }

    /**
     * Copies and checks the settings.
     *
     * @param source where the settings come from, named in every error
     * @param required the answer's columns
     * @param uniqueColumns the key columns
     * @param pipeline per column, preprocessors, metrics and criterion
     * @throws WideSearchDataException if a key column is not required, a required non-key column has no pipeline, a
     *     method is unknown, or {@code number_near} has no numeric criterion
     */
    public WideSearchSpec {
        Objects.requireNonNull(source, "source");
        required = List.copyOf(required);
        uniqueColumns = List.copyOf(uniqueColumns);
        pipeline = Collections.unmodifiableMap(new LinkedHashMap<>(pipeline));
        if (required.isEmpty()) {
            throw new WideSearchDataException(source + ": 'required' lists no column");
        }
        if (uniqueColumns.isEmpty()) {
            throw new WideSearchDataException(source + ": 'unique_columns' lists no column");
        }
        for (String u : uniqueColumns) {
            if (!required.contains(u)) {
                throw new WideSearchDataException(
                        source + ": unique column '" + u + "' is not one of the required columns " + required);
            }
        }
        for (String r : required) {
            if (!uniqueColumns.contains(r) && !pipeline.containsKey(r)) {
                throw new WideSearchDataException(source + ": column '" + r
                        + "' has no entry in 'eval_pipeline' (add its preprocess/metric list)");
            }
        }
        for (Map.Entry<String, Column> e : pipeline.entrySet()) {
            for (String p : e.getValue().preprocess()) {
                if (!PREPROCESSORS.contains(p)) {
                    throw new WideSearchDataException(source + ": column '" + e.getKey()
                            + "' uses the unknown preprocessor '" + p + "'; known: " + sorted(PREPROCESSORS));
                }
            }
            for (String m : e.getValue().metric()) {
                if (!METRICS.contains(m)) {
                    throw new WideSearchDataException(source + ": column '" + e.getKey() + "' uses the unknown metric '"
                            + m + "'; known: " + sorted(METRICS));
                }
                if (m.equals("number_near") && e.getValue().tolerance() == null) {
                    throw new WideSearchDataException(source + ": column '" + e.getKey()
                            + "' uses number_near without a numeric 'criterion' (the relative tolerance)");
                }
            }
        }
    }

    private static List<String> sorted(Set<String> s) {
        List<String> l = new ArrayList<>(s);
        Collections.sort(l);
        return l;
    }

    /**
     * Reads the settings from JSON text, either the {@code evaluation} object or a whole task record holding one
     * (as an object or as a JSON string, as the published dataset stores it).
     *
     * @param json the JSON text
     * @param source where it comes from, named in every error
     * @return the settings
     * @throws WideSearchDataException if the text is not such JSON or the settings are invalid
     */
    public static WideSearchSpec parse(String json, String source) {
        JsonNode node;
        try {
            node = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new WideSearchDataException(source + ": not valid JSON (" + e.getOriginalMessage() + ")", e);
        }
        if (node == null || !node.isObject()) {
            throw new WideSearchDataException(
                    source + ": expected a JSON object with 'required', 'unique_columns'" + " and 'eval_pipeline'");
        }
        return fromJson(node, source);
    }

    /**
     * @param node the {@code evaluation} object, or a task record holding one
     * @param source where it comes from, named in every error
     * @return the settings
     * @throws WideSearchDataException if the settings are missing or invalid
     */
    public static WideSearchSpec fromJson(JsonNode node, String source) {
        JsonNode eval = node;
        if (node.has("evaluation")) {
            eval = node.get("evaluation");
            if (eval.isTextual()) {
                try {
                    eval = JSON.readTree(eval.asText());
                } catch (JsonProcessingException e) {
                    throw new WideSearchDataException(
                            source + ": 'evaluation' is a string that is not valid JSON (" + e.getOriginalMessage()
                                    + ")",
                            e);
                }
            }
        }
        List<String> required = strings(eval, "required", source);
        List<String> unique = strings(eval, "unique_columns", source);
        JsonNode pipe = eval.get("eval_pipeline");
        if (pipe == null || !pipe.isObject()) {
            throw new WideSearchDataException(source + ": 'eval_pipeline' is missing or not an object");
        }
        Map<String, Column> pipeline = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> f : pipe.properties()) {
            String where = source + ": eval_pipeline." + f.getKey();
            JsonNode c = f.getValue();
            if (!c.isObject()) {
                throw new WideSearchDataException(where + " is not an object");
            }
            JsonNode crit = c.get("criterion");
            String criterion = null;
            Double tolerance = null;
            if (crit != null && !crit.isNull()) {
                if (crit.isNumber()) {
                    tolerance = crit.asDouble();
                    criterion = crit.isIntegralNumber() ? crit.asText() : PyText.floatRepr(tolerance);
                } else {
                    criterion = crit.isTextual() ? crit.asText() : crit.toString();
                }
            }
            pipeline.put(
                    f.getKey(),
                    new Column(
                            optionalStrings(c, "preprocess", where),
                            optionalStrings(c, "metric", where),
                            criterion,
                            tolerance));
        }
        return new WideSearchSpec(source, required, unique, pipeline);
    }

    private static List<String> strings(JsonNode node, String field, String source) {
        JsonNode n = node.get(field);
        if (n == null || !n.isArray()) {
            throw new WideSearchDataException(source + ": '" + field + "' is missing or not a list of column names");
        }
        return textList(n, source + ": " + field);
    }

    private static List<String> optionalStrings(JsonNode node, String field, String where) {
        JsonNode n = node.get(field);
        if (n == null || n.isNull()) {
            return List.of();
        }
        if (!n.isArray()) {
            throw new WideSearchDataException(where + "." + field + " is not a list");
        }
        return textList(n, where + "." + field);
    }

    private static List<String> textList(JsonNode n, String where) {
        List<String> out = new ArrayList<>();
        for (JsonNode e : n) {
            if (!e.isTextual()) {
                throw new WideSearchDataException(where + " holds a non-string element " + e);
            }
            out.add(e.asText());
        }
        return out;
    }
}

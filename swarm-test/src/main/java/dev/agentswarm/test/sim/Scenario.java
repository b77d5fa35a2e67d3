package dev.agentswarm.test.sim;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.agentswarm.policy.ModelPrice;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.jspecify.annotations.Nullable;

/**
 * A simulated workload for the simulated provider ({@link SimulatedModel}), read from a JSON scenario file: the items to process, how the orchestrator splits them
 * across subagents, which real tools each subagent calls per item and how it turns the tool results into its final
 * table, and per model the distributions of latency, extra output tokens and failures, with prices. See
 * {@code docs/cli.md} for the format.
 *
 * @param name the scenario's name
 * @param description what it simulates
 * @param seed the seed of every random draw
 * @param task the default task text given to the orchestrator
 * @param items the items (entities, documents) the task is about
 * @param corpus the folder the subagents' tools work on, relative to the scenario file's folder
 * @param orchestrator the orchestrator's decomposition policy
 * @param subagent what a subagent does
 * @param models per model name, its distributions and prices
 */
public record Scenario(
        String name,
        String description,
        long seed,
        String task,
        List<String> items,
        String corpus,
        Orchestrator orchestrator,
        Subagent subagent,
        Map<String, ModelProfile> models) {

    /** Validates and copies the scenario.
     * @param name the scenario's name
     * @param description what it simulates
     * @param seed the seed of every random draw
     * @param task the default task text given to the orchestrator
     * @param items the items (entities, documents) the task is about
     * @param corpus the folder the subagents' tools work on, relative to the scenario file's folder
     * @param orchestrator the orchestrator's decomposition policy
     * @param subagent what a subagent does
     * @param models per model name, its distributions and prices */
    public Scenario {
        require(name != null && !name.isBlank(), "'name' is required");
        description = description == null ? "" : description;
        require(task != null && !task.isBlank(), "'task' is required");
        require(items != null && !items.isEmpty(), "'items' must list at least one item");
        items = List.copyOf(items);
        for (String item : items) {
            require(
                    !item.contains(ITEM_SEPARATOR.strip()) && !item.isBlank(),
                    "item '" + item + "' must be non-blank and must not contain ';'");
        }
        require(corpus != null && !corpus.isBlank(), "'corpus' (a folder relative to the scenario file) is required");
        require(orchestrator != null, "'orchestrator' is required");
        require(subagent != null, "'subagent' is required");
        require(models != null, "'models' is required");
        models = Map.copyOf(models);
        require(
                models.containsKey(orchestrator.model()),
                "'models' has no entry for the orchestrator model '" + orchestrator.model() + "'");
        require(
                models.containsKey(subagent.model()),
                "'models' has no entry for the subagent model '" + subagent.model() + "'");
        for (String model : models.keySet()) {
            require(
                    model.startsWith(SIMULATED_PREFIX),
                    "model name '" + model + "' must start with '" + SIMULATED_PREFIX
                            + "' so that simulated output is never mistaken for a real model's");
        }
    }

    /** Every simulated model's name starts with this. */
    public static final String SIMULATED_PREFIX = "simulated/";

    /** Separates items in a task prompt's {@code Items:} line. */
    public static final String ITEM_SEPARATOR = "; ";

    private static final ObjectMapper MAPPER =
            new ObjectMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /**
     * The orchestrator's policy: define one subagent, assign it one task per slice of {@code sliceSize} items in the
     * first turn, re-assign the slices whose task failed (up to {@code retries} times), then merge the subagents'
     * tables into the final answer.
     *
     * @param model the orchestrator's model name
     * @param subagentName the name of the subagent it creates
     * @param subagentPrompt that subagent's system prompt
     * @param sliceSize items per task, at least 1
     * @param taskPrompt the task prompt; {@code {fields}} is replaced by the field names, and a line
     *     {@code Items: a; b; c} is appended
     * @param retries how many times a failed slice is assigned again, at least 0
     * @param answerTitle the line above the merged table
     */
    public record Orchestrator(
            String model,
            String subagentName,
            String subagentPrompt,
            int sliceSize,
            String taskPrompt,
            int retries,
            String answerTitle) {

        /** Validates.
         * @param model the orchestrator's model name
         * @param subagentName the name of the subagent it creates
         * @param subagentPrompt that subagent's system prompt
         * @param sliceSize items per task, at least 1
         * @param taskPrompt the task prompt; {@code {fields}} is replaced by the field names, and a line {@code Items: a; b; c} is appended
         * @param retries how many times a failed slice is assigned again, at least 0
         * @param answerTitle the line above the merged table */
        public Orchestrator {
            require(model != null && !model.isBlank(), "'orchestrator.model' is required");
            subagentName = subagentName == null ? "researcher" : subagentName;
            require(
                    subagentName.matches("[A-Za-z0-9_-]+"),
                    "'orchestrator.subagentName' must be letters, digits," + " '_' or '-'");
            subagentPrompt = subagentPrompt == null ? "You research the items you are given." : subagentPrompt;
            require(sliceSize >= 1, "'orchestrator.sliceSize' must be >= 1, got " + sliceSize);
            require(taskPrompt != null && !taskPrompt.isBlank(), "'orchestrator.taskPrompt' is required");
            require(retries >= 0, "'orchestrator.retries' must be >= 0, got " + retries);
            answerTitle = answerTitle == null ? "" : answerTitle;
        }
    }

    /**
     * A subagent's behaviour: for each item, the tool steps in order (each step one tool call; the calls of several
     * items go in the same turn, up to {@code callsPerTurn}), then the fields extracted from the last step's result.
     *
     * @param model the subagents' model name
     * @param callsPerTurn how many tool calls one turn makes at most, at least 1
     * @param steps the tool calls per item, at least one
     * @param keyColumn the header of the table's first column, holding the item
     * @param fields the columns, each extracted with a regex from the item's last tool result
     */
    public record Subagent(String model, int callsPerTurn, List<Step> steps, String keyColumn, List<Field> fields) {

        /** Validates and copies.
         * @param model the subagents' model name
         * @param callsPerTurn how many tool calls one turn makes at most, at least 1
         * @param steps the tool calls per item, at least one
         * @param keyColumn the header of the table's first column, holding the item
         * @param fields the columns, each extracted with a regex from the item's last tool result */
        public Subagent {
            require(model != null && !model.isBlank(), "'subagent.model' is required");
            require(callsPerTurn >= 1, "'subagent.callsPerTurn' must be >= 1, got " + callsPerTurn);
            require(steps != null && !steps.isEmpty(), "'subagent.steps' must list at least one tool step");
            steps = List.copyOf(steps);
            keyColumn = keyColumn == null ? "item" : keyColumn;
            require(fields != null && !fields.isEmpty(), "'subagent.fields' must list at least one field");
            fields = List.copyOf(fields);
        }

        /** @return the header of the subagents' tables, e.g. {@code | entity | founded |} */
        public List<String> columns() {
            List<String> cols = new ArrayList<>();
            cols.add(keyColumn);
            for (Field f : fields) {
                cols.add(f.name());
            }
            return cols;
        }
    }

    /**
     * One tool call per item.
     *
     * @param tool the tool's name, e.g. {@code search}
     * @param arguments the call's JSON arguments; in string values {@code {item}} is the item and {@code {capture}}
     *     what the previous step's {@code capture} regex matched
     * @param capture a regex whose first group is taken from this step's result, for the next step; may be null
     */
    public record Step(
            String tool,
            Map<String, Object> arguments,
            @Nullable String capture) {

        /** Validates and copies.
         * @param tool the tool's name, e.g. {@code search}
         * @param arguments the call's JSON arguments; in string values {@code {item}} is the item and {@code {capture}} what the previous step's {@code capture} regex matched
         * @param capture a regex whose first group is taken from this step's result, for the next step; may be null */
        public Step {
            require(tool != null && !tool.isBlank(), "each step needs a 'tool'");
            arguments = arguments == null ? Map.of() : new LinkedHashMap<>(arguments);
            if (capture != null) {
                compile(capture, "step '" + tool + "' capture");
            }
        }

        /** @return the compiled capture regex, or null */
        public @Nullable Pattern capturePattern() {
            return capture == null ? null : Pattern.compile(capture);
        }
    }

    /**
     * A column of the table.
     *
     * @param name the column header
     * @param regex the regex; the value is its groups joined by a space (or the whole match when it has none)
     * @param all whether every match is kept (joined with {@code "; "}) instead of the first
     */
    public record Field(String name, String regex, boolean all) {

        /** Validates.
         * @param name the column header
         * @param regex the regex; the value is its groups joined by a space (or the whole match when it has none)
         * @param all whether every match is kept (joined with {@code "; "}) instead of the first */
        public Field {
            require(name != null && !name.isBlank(), "each field needs a 'name'");
            require(regex != null && !regex.isBlank(), "field '" + name + "' needs a 'regex'");
            compile(regex, "field '" + name + "'");
        }

        /** @return the compiled regex */
        public Pattern pattern() {
            return Pattern.compile(regex);
        }
    }

    /**
     * How a simulated model behaves and what it costs. In the JSON file the price is given flat, as
     * {@code inputPricePerMillion} and {@code outputPricePerMillion}.
     *
     * @param latencyMs the [min, max] latency of one call in milliseconds, drawn uniformly
     * @param extraOutputTokens the [min, max] hidden (reasoning) output tokens added to the visible output
     * @param failureRate the probability that a call fails, in [0, 1]
     * @param price the model's price per million input and output tokens (USD in the bundled scenarios)
     */
    public record ModelProfile(
            List<Long> latencyMs, List<Long> extraOutputTokens, double failureRate, ModelPrice price) {

        /** Validates and copies.
         * @param latencyMs the [min, max] latency of one call in milliseconds, drawn uniformly
         * @param extraOutputTokens the [min, max] hidden (reasoning) output tokens added to the visible output
         * @param failureRate the probability that a call fails, in [0, 1]
         * @param price the model's price per million input and output tokens */
        public ModelProfile {
            latencyMs = range(latencyMs, "latencyMs");
            extraOutputTokens =
                    range(extraOutputTokens == null ? List.of(0L, 0L) : extraOutputTokens, "extraOutputTokens");
            require(failureRate >= 0 && failureRate <= 1, "'failureRate' must be in [0, 1], got " + failureRate);
            require(price != null, "a model needs 'inputPricePerMillion' and 'outputPricePerMillion'");
        }

        /**
         * The profile as the JSON file gives it.
         *
         * @param latencyMs the [min, max] latency of one call in milliseconds
         * @param extraOutputTokens the [min, max] hidden output tokens, or null for none
         * @param failureRate the probability that a call fails, in [0, 1]
         * @param inputPricePerMillion the price of a million input tokens, at least 0
         * @param outputPricePerMillion the price of a million output tokens, at least 0
         * @return the profile
         * @throws IllegalArgumentException if a value is out of range
         */
        @JsonCreator
        public static ModelProfile of(
                @JsonProperty("latencyMs") List<Long> latencyMs,
                @JsonProperty("extraOutputTokens") @Nullable List<Long> extraOutputTokens,
                @JsonProperty("failureRate") double failureRate,
                @JsonProperty("inputPricePerMillion") double inputPricePerMillion,
                @JsonProperty("outputPricePerMillion") double outputPricePerMillion) {
            return new ModelProfile(
                    latencyMs,
                    extraOutputTokens == null ? List.of(0L, 0L) : extraOutputTokens,
                    failureRate,
                    new ModelPrice(inputPricePerMillion, outputPricePerMillion));
        }

        private static List<Long> range(@Nullable List<Long> r, String what) {
            require(
                    r != null
                            && r.size() == 2
                            && r.get(0) != null
                            && r.get(1) != null
                            && r.get(0) >= 0
                            && r.get(0) <= r.get(1),
                    "'" + what + "' must be [min, max] with 0 <= min <= max");
            return List.copyOf(r);
        }
    }

    /**
     * Reads and validates a scenario file.
     *
     * @param file the JSON file
     * @return the scenario
     * @throws InvalidScenarioException if it cannot be read or is not a valid scenario; the message says what to fix
     */
    public static Scenario load(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new InvalidScenarioException("cannot read scenario file " + file + ": " + e.getMessage()
                    + "; give the path of a readable JSON scenario");
        }
        return parse(text, file.toString());
    }

    /**
     * Parses and validates a scenario.
     *
     * @param json the JSON text
     * @param source where it came from, for messages
     * @return the scenario
     * @throws InvalidScenarioException if it is not a valid scenario; the message says what to fix
     */
    public static Scenario parse(String json, String source) {
        try {
            Scenario s = MAPPER.readValue(json, Scenario.class);
            if (s == null) {
                throw new InvalidScenarioException("invalid scenario " + source + ": the file is empty");
            }
            return s;
        } catch (JsonMappingException e) {
            Throwable cause = e.getCause();
            String what = cause instanceof IllegalArgumentException ? cause.getMessage() : e.getOriginalMessage();
            throw new InvalidScenarioException("invalid scenario " + source + at(e) + ": " + oneLine(what));
        } catch (JsonProcessingException e) {
            throw new InvalidScenarioException(
                    "invalid scenario " + source + at(e) + ": not valid JSON: " + oneLine(e.getOriginalMessage()));
        }
    }

    private static String at(JsonProcessingException e) {
        var loc = e.getLocation();
        return loc == null ? "" : " (line " + loc.getLineNr() + ", column " + loc.getColumnNr() + ")";
    }

    private static String oneLine(@Nullable String s) {
        if (s == null) {
            return "unknown error";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    /** @return the subagent's model profile */
    public ModelProfile subagentProfile() {
        return Objects.requireNonNull(models.get(subagent.model()), "checked by the constructor");
    }

    /** @return the orchestrator's model profile */
    public ModelProfile orchestratorProfile() {
        return Objects.requireNonNull(models.get(orchestrator.model()), "checked by the constructor");
    }

    private static void compile(String regex, String what) {
        try {
            Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException(what + " has an invalid regex: " + oneLine(e.getMessage()));
        }
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }

    /** A scenario that cannot be read or is not valid; the message says what to fix. */
    public static final class InvalidScenarioException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        /** @param message what is wrong and what to fix */
        public InvalidScenarioException(String message) {
            super(message);
        }
    }
}

package dev.agentswarm.test.sim;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.agentswarm.model.SwarmModel;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.FinishReason;
import dev.langchain4j.model.output.TokenUsage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * A simulated model: a deterministic, seeded {@link SwarmModel} that plays a {@link Scenario}; no real model is
 * ever called, and its name always starts with {@code simulated/}. It reads the conversation it is given
 * and answers as the scenario says: as orchestrator (the request offers {@code assign_task}) it creates one subagent,
 * assigns one task per slice of items, re-assigns failed slices and finally merges the subagents' tables; as
 * subagent it calls the scenario's tools for each item of its task (the tools run for real) and then answers with a
 * table of fields extracted from the tool results.
 *
 * <p>Every random draw (latency, hidden output tokens, injected failure) comes from a {@link SplittableRandom}
 * seeded with the scenario's seed and a hash of the model name and the request, so a run's outcome does not depend
 * on thread timing: the same seed and the same tool results give the same answer, tokens and steps. A request sent
 * again (a retry) counts as a new attempt and gets fresh draws; attempts are counted per model instance, so build
 * new models for each run you want to compare. Latency is a
 * {@link Mono#delay} on the injected scheduler, so a virtual-time scheduler runs a scenario instantly.
 *
 * <p>Thread-safe: it keeps no conversation state; only the optional rate limiter is shared.
 */
public final class SimulatedModel implements SwarmModel {

    /** The line of a task prompt that lists its items. */
    static final Pattern ITEMS_LINE = Pattern.compile("(?m)^Items: (.+)$");

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ASSIGN_TASK = "assign_task";
    private static final String CREATE_SUBAGENT = "create_subagent";

    private final String name;
    private final Scenario scenario;
    private final Scenario.ModelProfile profile;
    private final Scheduler scheduler;
    private final double timeFactor;
    private final @Nullable SimulatedRateLimiter rateLimiter;
    private final Map<Long, Integer> attempts = new ConcurrentHashMap<>();

    /**
     * A simulated model without a rate limit.
     *
     * @param name the model's name in the scenario; must start with {@code simulated/}
     * @param scenario the scenario it plays
     * @param scheduler where latency delays run; a virtual-time scheduler for runs in scenario time
     * @param timeFactor latencies are multiplied by this, &gt; 0
     * @throws IllegalArgumentException if the scenario has no profile for the name or the factor is not positive
     */
    public SimulatedModel(String name, Scenario scenario, Scheduler scheduler, double timeFactor) {
        this(name, scenario, scheduler, timeFactor, 0);
    }

    /**
     * A simulated model.
     *
     * @param name the model's name in the scenario; must start with {@code simulated/}
     * @param scenario the scenario it plays
     * @param scheduler where latency delays run; a virtual-time scheduler for runs in scenario time
     * @param timeFactor latencies (and the rate limit's spacing) are multiplied by this, &gt; 0
     * @param rpm the simulated provider's requests-per-minute limit of this model (calls are spaced evenly,
     *     {@code 60 s / rpm} apart, in the order they arrive), or 0 for none
     * @throws IllegalArgumentException if the scenario has no profile for the name, the factor is not positive or
     *     rpm is negative
     */
    public SimulatedModel(String name, Scenario scenario, Scheduler scheduler, double timeFactor, int rpm) {
        this.name = Objects.requireNonNull(name, "name");
        this.scenario = Objects.requireNonNull(scenario, "scenario");
        Scenario.ModelProfile p = scenario.models().get(name);
        if (p == null) {
            throw new IllegalArgumentException("scenario '" + scenario.name() + "' has no model '" + name + "'");
        }
        if (!(timeFactor > 0) || Double.isInfinite(timeFactor)) {
            throw new IllegalArgumentException("timeFactor must be finite and > 0, got " + timeFactor);
        }
        if (rpm < 0) {
            throw new IllegalArgumentException("rpm must be >= 0 (0 = no limit), got " + rpm);
        }
        this.profile = p;
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.timeFactor = timeFactor;
        this.rateLimiter = rpm > 0 ? new SimulatedRateLimiter(rpm, scheduler, timeFactor) : null;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Mono<ChatResponse> chat(ChatRequest request) {
        return Mono.defer(() -> {
            List<ChatMessage> messages = request.messages();
            long hash = fnv64(name + '\u0000' + render(messages));
            int attempt = attempts.merge(hash, 1, Integer::sum);
            SplittableRandom random = new SplittableRandom(scenario.seed() ^ hash ^ (attempt * 0x9E3779B97F4A7C15L));
            boolean orchestrator = request.toolSpecifications() != null
                    && request.toolSpecifications().stream()
                            .map(ToolSpecification::name)
                            .anyMatch(ASSIGN_TASK::equals);
            AiMessage reply = orchestrator ? orchestratorTurn(messages) : subagentTurn(messages);
            long latency = draw(random, profile.latencyMs());
            long extra = draw(random, profile.extraOutputTokens());
            boolean fail = random.nextDouble() < profile.failureRate();
            int specs = request.toolSpecifications() == null
                    ? 0
                    : request.toolSpecifications().size();
            int input = (render(messages).length() + 3) / 4 + 40 * specs;
            int output = (int) ((render(List.of(reply)).length() + 3) / 4 + extra);
            Duration delay = Duration.ofNanos(Math.round(latency * 1_000_000L * timeFactor));
            if (rateLimiter != null) {
                delay = delay.plus(rateLimiter.reserve());
            }
            Mono<Long> wait = Mono.delay(delay, scheduler);
            if (fail) {
                return wait.then(Mono.error(new SimulatedFailureException(name + ": injected failure (failureRate "
                        + profile.failureRate() + " in scenario '" + scenario.name() + "')")));
            }
            ChatResponse response = ChatResponse.builder()
                    .aiMessage(reply)
                    .tokenUsage(new TokenUsage(input, output))
                    .finishReason(reply.hasToolExecutionRequests() ? FinishReason.TOOL_EXECUTION : FinishReason.STOP)
                    .modelName(name)
                    .build();
            return wait.thenReturn(response);
        });
    }

    // ---- orchestrator --------------------------------------------------------------------------------------

    private AiMessage orchestratorTurn(List<ChatMessage> messages) {
        Scenario.Orchestrator policy = scenario.orchestrator();
        Map<String, String> results = new HashMap<>();
        Map<String, Boolean> errors = new HashMap<>();
        List<AiMessage> turns = new ArrayList<>();
        for (ChatMessage m : messages) {
            if (m instanceof AiMessage ai) {
                turns.add(ai);
            } else if (m instanceof ToolExecutionResultMessage r) {
                results.put(r.id(), r.text());
                errors.put(r.id(), isError(r));
            }
        }
        if (turns.isEmpty()) {
            List<ToolExecutionRequest> calls = new ArrayList<>();
            calls.add(call(
                    "create-0",
                    CREATE_SUBAGENT,
                    ordered("name", policy.subagentName(), "system_prompt", policy.subagentPrompt())));
            List<String> items = scenario.items();
            for (int i = 0, slice = 0; i < items.size(); i += policy.sliceSize(), slice++) {
                List<String> part = items.subList(i, Math.min(items.size(), i + policy.sliceSize()));
                calls.add(assign("assign-0-" + slice, taskPrompt(part, 1)));
            }
            return AiMessage.from(
                    "Splitting " + items.size() + " items into " + (calls.size() - 1) + " parallel tasks of at most "
                            + policy.sliceSize() + ".",
                    calls);
        }
        AiMessage last = turns.get(turns.size() - 1);
        List<List<String>> failed = new ArrayList<>();
        for (ToolExecutionRequest c : last.toolExecutionRequests()) {
            if (ASSIGN_TASK.equals(c.name()) && Boolean.TRUE.equals(errors.get(c.id()))) {
                failed.add(itemsOf(promptOf(c)));
            }
        }
        int attempt = turns.size() + 1;
        if (!failed.isEmpty() && turns.size() <= policy.retries()) {
            List<ToolExecutionRequest> calls = new ArrayList<>();
            for (int i = 0; i < failed.size(); i++) {
                calls.add(assign("assign-" + turns.size() + "-" + i, taskPrompt(failed.get(i), attempt)));
            }
            return AiMessage.from("Re-assigning " + failed.size() + " failed task(s), attempt " + attempt + ".", calls);
        }
        return AiMessage.from(merge(turns, results, errors));
    }

    private String merge(List<AiMessage> turns, Map<String, String> results, Map<String, Boolean> errors) {
        List<String> columns = scenario.subagent().columns();
        Map<String, List<String>> rows = new LinkedHashMap<>();
        List<String> missing = new ArrayList<>();
        for (AiMessage turn : turns) {
            for (ToolExecutionRequest c : turn.toolExecutionRequests()) {
                String text = results.get(c.id());
                if (!ASSIGN_TASK.equals(c.name()) || text == null || Boolean.TRUE.equals(errors.get(c.id()))) {
                    continue;
                }
                for (List<String> row : tableRows(text, columns.size())) {
                    if (!row.get(0).equalsIgnoreCase(columns.get(0))) {
                        rows.putIfAbsent(row.get(0), row);
                    }
                }
            }
        }
        StringBuilder sb = new StringBuilder();
        if (!scenario.orchestrator().answerTitle().isBlank()) {
            sb.append(scenario.orchestrator().answerTitle()).append("\n\n");
        }
        sb.append(tableLine(columns))
                .append('\n')
                .append(separator(columns.size()))
                .append('\n');
        for (String item : scenario.items()) {
            List<String> row = rows.get(item);
            if (row == null) {
                missing.add(item);
            } else {
                sb.append(tableLine(row)).append('\n');
            }
        }
        if (!missing.isEmpty()) {
            sb.append("\nNo result for ")
                    .append(missing.size())
                    .append(" item(s) whose tasks failed: ")
                    .append(String.join(Scenario.ITEM_SEPARATOR, missing))
                    .append('\n');
        }
        return sb.toString().strip();
    }

    private String taskPrompt(List<String> items, int attempt) {
        return taskPrompt(scenario, items, attempt);
    }

    /**
     * The task prompt the simulated orchestrator writes for some items.
     *
     * @param scenario the scenario
     * @param items the items of the task
     * @param attempt 1 for a first assignment, more for a re-assignment
     * @return the prompt, ending with an {@code Items:} line
     */
    public static String taskPrompt(Scenario scenario, List<String> items, int attempt) {
        List<String> names = new ArrayList<>();
        for (Scenario.Field f : scenario.subagent().fields()) {
            names.add(f.name());
        }
        String prompt = scenario.orchestrator().taskPrompt().replace("{fields}", String.join(", ", names));
        if (attempt > 1) {
            prompt += "\n(Attempt " + attempt + ": the previous task for these items failed.)";
        }
        return prompt + "\nItems: " + String.join(Scenario.ITEM_SEPARATOR, items);
    }

    private ToolExecutionRequest assign(String id, String prompt) {
        return call(id, ASSIGN_TASK, ordered("agent", scenario.orchestrator().subagentName(), "prompt", prompt));
    }

    /**
     * Arguments in the given key order. The arguments' text is part of the next request, whose hash seeds every
     * draw, so it must not depend on {@code Map.of}'s iteration order, which changes from one JVM to the next.
     */
    private static Map<String, Object> ordered(String k1, String v1, String k2, String v2) {
        Map<String, Object> args = new LinkedHashMap<>();
        args.put(k1, v1);
        args.put(k2, v2);
        return args;
    }

    private static String promptOf(ToolExecutionRequest call) {
        try {
            JsonNode node = JSON.readTree(call.arguments());
            return node.path("prompt").asText("");
        } catch (JsonProcessingException e) {
            return "";
        }
    }

    // ---- subagent ------------------------------------------------------------------------------------------

    private AiMessage subagentTurn(List<ChatMessage> messages) {
        String prompt = "";
        Map<String, ToolExecutionResultMessage> results = new HashMap<>();
        for (ChatMessage m : messages) {
            if (m instanceof UserMessage u && prompt.isEmpty()) {
                prompt = u.hasSingleText() ? u.singleText() : "";
            } else if (m instanceof ToolExecutionResultMessage r) {
                results.put(r.id(), r);
            }
        }
        List<String> items = itemsOf(prompt);
        List<Scenario.Step> steps = scenario.subagent().steps();
        List<ToolExecutionRequest> calls = new ArrayList<>();
        @Nullable String[] lastResult = new @Nullable String[items.size()];
        for (int i = 0; i < items.size(); i++) {
            int done = 0;
            String capture = "";
            boolean stopped = false;
            while (done < steps.size() && results.containsKey(callId(i, done))) {
                ToolExecutionResultMessage r = Objects.requireNonNull(results.get(callId(i, done)));
                lastResult[i] = r.text();
                if (isError(r)) {
                    stopped = true;
                    break;
                }
                Pattern p = steps.get(done).capturePattern();
                if (p != null) {
                    Matcher m = p.matcher(r.text());
                    if (!m.find()) {
                        stopped = true;
                        break;
                    }
                    capture = m.groupCount() > 0 && m.group(1) != null ? m.group(1) : m.group();
                }
                done++;
            }
            if (stopped) {
                lastResult[i] = null;
            } else if (done < steps.size() && calls.size() < scenario.subagent().callsPerTurn()) {
                Scenario.Step step = steps.get(done);
                calls.add(call(callId(i, done), step.tool(), substitute(step.arguments(), items.get(i), capture)));
            }
            if (done < steps.size()) {
                lastResult[i] = null;
            }
        }
        if (!calls.isEmpty()) {
            return AiMessage.from(calls);
        }
        List<String> columns = scenario.subagent().columns();
        StringBuilder sb = new StringBuilder();
        sb.append(tableLine(columns))
                .append('\n')
                .append(separator(columns.size()))
                .append('\n');
        for (int i = 0; i < items.size(); i++) {
            List<String> row = new ArrayList<>();
            row.add(items.get(i));
            String last = lastResult[i];
            for (Scenario.Field f : scenario.subagent().fields()) {
                row.add(last == null ? "" : extract(f, last));
            }
            sb.append(tableLine(row)).append('\n');
        }
        return AiMessage.from(sb.toString().strip());
    }

    private static String extract(Scenario.Field field, String text) {
        Matcher m = field.pattern().matcher(text);
        List<String> values = new ArrayList<>();
        while (m.find()) {
            String value;
            if (m.groupCount() == 0) {
                value = m.group();
            } else {
                List<String> groups = new ArrayList<>();
                for (int g = 1; g <= m.groupCount(); g++) {
                    if (m.group(g) != null) {
                        groups.add(m.group(g));
                    }
                }
                value = String.join(" ", groups);
            }
            values.add(value.replace("|", "/").strip());
            if (!field.all()) {
                break;
            }
        }
        return String.join("; ", values);
    }

    private static Map<String, Object> substitute(Map<String, Object> template, String item, String capture) {
        Map<String, Object> args = new LinkedHashMap<>();
        template.forEach((k, v) ->
                args.put(k, v instanceof String s ? s.replace("{item}", item).replace("{capture}", capture) : v));
        return args;
    }

    private static String callId(int item, int step) {
        return "i" + item + "-s" + step;
    }

    // ---- helpers -------------------------------------------------------------------------------------------

    /**
     * The items of a task prompt: its {@code Items: a; b; c} line.
     *
     * @param prompt the task prompt
     * @return the items, empty when the prompt has no such line
     */
    static List<String> itemsOf(String prompt) {
        Matcher m = ITEMS_LINE.matcher(prompt);
        if (!m.find()) {
            return List.of();
        }
        List<String> items = new ArrayList<>();
        for (String s : m.group(1).split(";")) {
            if (!s.isBlank()) {
                items.add(s.strip());
            }
        }
        return items;
    }

    /**
     * The rows of the markdown tables in a text, separator lines left out.
     *
     * @param text the text
     * @param width cells per row wanted; other rows are skipped
     * @return the rows' cells, trimmed
     */
    static List<List<String>> tableRows(String text, int width) {
        List<List<String>> rows = new ArrayList<>();
        for (String line : text.split("\n")) {
            String l = line.strip();
            if (!l.startsWith("|") || l.matches("\\|[\\s:|-]*")) {
                continue;
            }
            String inner = l.substring(1, l.endsWith("|") && l.length() > 1 ? l.length() - 1 : l.length());
            List<String> cells = new ArrayList<>();
            for (String c : inner.split("\\|", -1)) {
                cells.add(c.strip());
            }
            if (cells.size() == width) {
                rows.add(cells);
            }
        }
        return rows;
    }

    private static String tableLine(List<String> cells) {
        return "| " + String.join(" | ", cells) + " |";
    }

    private static String separator(int n) {
        return "|" + "---|".repeat(n);
    }

    private static boolean isError(ToolExecutionResultMessage r) {
        return Boolean.TRUE.equals(r.isError());
    }

    private static ToolExecutionRequest call(String id, String tool, Map<String, Object> args) {
        try {
            return ToolExecutionRequest.builder()
                    .id(id)
                    .name(tool)
                    .arguments(JSON.writeValueAsString(args))
                    .build();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write tool arguments", e);
        }
    }

    private static long draw(SplittableRandom random, List<Long> range) {
        long lo = range.get(0);
        long hi = range.get(1);
        return lo == hi ? random.nextLong(lo, lo + 1) : random.nextLong(lo, hi + 1);
    }

    private static String render(List<? extends ChatMessage> messages) {
        StringBuilder sb = new StringBuilder();
        for (ChatMessage m : messages) {
            if (m instanceof SystemMessage s) {
                sb.append("S:").append(s.text());
            } else if (m instanceof UserMessage u) {
                sb.append("U:").append(u.hasSingleText() ? u.singleText() : u.toString());
            } else if (m instanceof AiMessage a) {
                sb.append("A:").append(a.text() == null ? "" : a.text());
                if (a.hasToolExecutionRequests()) {
                    for (ToolExecutionRequest r : a.toolExecutionRequests()) {
                        sb.append(r.name()).append(r.arguments());
                    }
                }
            } else if (m instanceof ToolExecutionResultMessage r) {
                sb.append("T:").append(r.text());
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    private static long fnv64(String s) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < s.length(); i++) {
            h ^= s.charAt(i);
            h *= 0x100000001b3L;
        }
        return h;
    }

    @Override
    public String toString() {
        return "SimulatedModel[" + name + "]";
    }

    /** A failure the scenario injected; looks like a provider error to the runtime. */
    public static final class SimulatedFailureException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        /** @param message what failed */
        public SimulatedFailureException(String message) {
            super(message);
        }
    }
}

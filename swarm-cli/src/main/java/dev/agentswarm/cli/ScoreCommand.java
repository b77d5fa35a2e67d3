package dev.agentswarm.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentswarm.eval.widesearch.WideSearchDataException;
import dev.agentswarm.eval.widesearch.WideSearchDataset;
import dev.agentswarm.eval.widesearch.WideSearchEvaluator;
import dev.agentswarm.eval.widesearch.WideSearchGold;
import dev.agentswarm.eval.widesearch.WideSearchJudge;
import dev.agentswarm.eval.widesearch.WideSearchResult;
import dev.agentswarm.eval.widesearch.WideSearchSpec;
import dev.agentswarm.eval.widesearch.WideSearchTask;
import dev.agentswarm.eval.widesearch.WideSearchTrials;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code swarm score}: scores answers against a benchmark's gold data. */
@Command(
        name = "score",
        mixinStandardHelpOptions = true,
        description = "Score answers against a benchmark's gold data.",
        subcommands = {})
public final class ScoreCommand implements Runnable {

    private final CliContext ctx;

    ScoreCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void run() {
        ctx.out().println("Use 'swarm score widesearch --help'.");
    }

    /**
     * {@code swarm score widesearch}: one answer ({@code --gold --eval --response}) or a whole run
     * ({@code --dataset --responses}), with the official WideSearch evaluation (or {@code --strict}).
     */
    @Command(
            name = "widesearch",
            mixinStandardHelpOptions = true,
            description = "Score WideSearch answers as the official evaluation does (--strict: with its quirks"
                    + " fixed). One answer: --gold GOLD.csv --eval EVAL.json --response RESPONSE.md. A run:"
                    + " --dataset DIR --responses DIR.")
    static final class WideSearch implements Callable<Integer> {

        private static final ObjectMapper JSON = new ObjectMapper();
        private static final Pattern TRIAL_FILE = Pattern.compile("(.+)_(\\d+)\\.md");

        private final CliContext ctx;

        @Option(names = "--gold", paramLabel = "GOLD.csv", description = "The gold table (CSV).")
        @Nullable
        Path gold;

        @Option(
                names = "--eval",
                paramLabel = "EVAL.json",
                description = "The task's evaluation settings (or its task record).")
        @Nullable
        Path eval;

        @Option(names = "--response", paramLabel = "RESPONSE.md", description = "The answer, holding a markdown table.")
        @Nullable
        Path response;

        @Option(
                names = "--dataset",
                paramLabel = "DIR",
                description = "A dataset in the official layout: a .jsonl of task records and widesearch_gold/.")
        @Nullable
        Path dataset;

        @Option(
                names = "--responses",
                paramLabel = "DIR",
                description = "Answers: <instance_id>[_<trial>].md files, or .jsonl files of {instance_id, response,"
                        + " trial_idx}.")
        @Nullable
        Path responses;

        @Option(names = "--strict", description = "Fix the official evaluation's quirks (see docs/evaluation.md).")
        boolean strict;

        @Option(names = "--judge-provider", description = "The provider of the judge model (alignment, llm_judge).")
        @Nullable
        String judgeProvider;

        @Option(names = "--judge-model", description = "The judge model (default: the provider's default).")
        @Nullable
        String judgeModel;

        @Option(names = "--judge-base-url", description = "The judge provider's endpoint.")
        @Nullable
        String judgeBaseUrl;

        @Option(names = "--json", description = "Print one JSON object.")
        boolean json;

        WideSearch(CliContext ctx) {
            this.ctx = ctx;
        }

        @Override
        public Integer call() {
            WideSearchEvaluator evaluator = WideSearchEvaluator.of(
                    strict ? WideSearchEvaluator.Mode.STRICT : WideSearchEvaluator.Mode.OFFICIAL,
                    judge(),
                    Clock.systemUTC());
            boolean single = gold != null || eval != null || response != null;
            boolean run = dataset != null || responses != null;
            if (single == run) {
                throw new UsageException("give either --gold, --eval and --response (one answer) or --dataset and"
                        + " --responses (a run)");
            }
            return single ? single(evaluator) : run(evaluator);
        }

        private WideSearchJudge judge() {
            if (judgeProvider == null) {
                if (judgeModel != null || judgeBaseUrl != null) {
                    throw new UsageException("--judge-model and --judge-base-url need --judge-provider");
                }
                return WideSearchJudge.NONE;
            }
            if ("simulated".equals(judgeProvider)) {
                throw new UsageException("the judge needs a real provider: use --judge-provider with one of "
                        + String.join(
                                ", ",
                                Providers.NAMES.stream()
                                        .filter(n -> !n.equals("simulated"))
                                        .toList()));
            }
            return WideSearchJudge.of(
                    Providers.create(ctx, judgeProvider, judgeModel, judgeBaseUrl), Duration.ofMinutes(5));
        }

        private int single(WideSearchEvaluator evaluator) {
            if (gold == null || eval == null || response == null) {
                throw new UsageException("one answer needs all of --gold, --eval and --response");
            }
            WideSearchSpec spec = WideSearchSpec.parse(read(eval), eval.toString());
            WideSearchGold g = WideSearchGold.parse(read(gold), spec, gold.toString());
            String id = taskId(eval);
            WideSearchResult r = evaluator.evaluate(id, spec, g, read(response));
            if (json) {
                ObjectNode o = JSON.createObjectNode();
                for (String m : WideSearchResult.METRIC_NAMES) {
                    o.put(m, r.get(m));
                }
                ctx.out().println(o.toString());
            } else {
                ctx.out().println(Terminal.line(r.message()));
                for (String m : WideSearchResult.METRIC_NAMES) {
                    ctx.out().printf(Locale.ROOT, "%-8s %.4f%n", m, r.get(m));
                }
            }
            return 0;
        }

        private String taskId(Path evalFile) {
            try {
                JsonNode n = JSON.readTree(read(evalFile));
                if (n != null && n.path("instance_id").isTextual()) {
                    return n.get("instance_id").asText();
                }
            } catch (IOException e) {
                // WideSearchSpec.parse has already reported bad JSON
            }
            String name = String.valueOf(evalFile.getFileName());
            return name.endsWith(".json") ? name.substring(0, name.length() - 5) : name;
        }

        private int run(WideSearchEvaluator evaluator) {
            if (dataset == null || responses == null) {
                throw new UsageException("a run needs both --dataset and --responses");
            }
            WideSearchDataset ds = WideSearchDataset.load(dataset);
            java.util.Set<String> ids = new java.util.HashSet<>();
            ds.tasks().forEach(t -> ids.add(t.id()));
            Map<String, Map<Integer, String>> answers = answers(responses, ids);
            int trials = 1;
            for (Map<Integer, String> t : answers.values()) {
                trials = Math.max(trials, t.size());
            }
            Map<String, List<WideSearchResult>> results = new LinkedHashMap<>();
            for (WideSearchTask t : ds.tasks()) {
                Map<Integer, String> byTrial = answers.getOrDefault(t.id(), Map.of());
                List<WideSearchResult> rs = new ArrayList<>();
                for (String a : byTrial.values()) {
                    rs.add(evaluator.evaluate(t.id(), t.spec(), t.gold(), a));
                }
                while (rs.size() < trials) {
                    rs.add(new WideSearchResult(
                            t.id(), 0, 0, 0, 0, 0, 0, 0, "task " + t.id() + ": no response (scored 0)"));
                }
                results.put(t.id(), rs);
            }
            for (String id : answers.keySet()) {
                if (!results.containsKey(id)) {
                    throw new WideSearchDataException(
                            responses + ": a response for task '" + id + "', which the dataset does not hold");
                }
            }
            WideSearchTrials.Summary s = WideSearchTrials.summarise(results, trials);
            if (json) {
                ObjectNode o = JSON.createObjectNode();
                o.put("tasks", s.tasks());
                o.put("trials", s.trials());
                o.put("pass_at_n", s.passAtN());
                for (WideSearchTrials.Aggregate a : s.metrics().values()) {
                    ObjectNode m = o.putObject(a.metric());
                    m.put("avg_at_n", a.avgAtN());
                    m.put("max_at_n", a.maxAtN());
                    m.put("min_at_n", a.minAtN());
                }
                ctx.out().println(o.toString());
            } else {
                ctx.out()
                        .printf(
                                Locale.ROOT,
                                "%d tasks, %d trials each (%s)%n",
                                s.tasks(),
                                s.trials(),
                                strict ? "strict" : "official-compatible");
                ctx.out()
                        .printf(
                                Locale.ROOT,
                                "%-8s %9s %9s %9s%n",
                                "metric",
                                "avg@" + trials,
                                "max@" + trials,
                                "min@" + trials);
                for (WideSearchTrials.Aggregate a : s.metrics().values()) {
                    ctx.out()
                            .printf(
                                    Locale.ROOT,
                                    "%-8s %9.4f %9.4f %9.4f%n",
                                    a.metric(),
                                    a.avgAtN(),
                                    a.maxAtN(),
                                    a.minAtN());
                }
                ctx.out().printf(Locale.ROOT, "pass@%d   %9.4f%n", trials, s.passAtN());
            }
            return 0;
        }

        /** Per task, the answers by trial index. */
        private static Map<String, Map<Integer, String>> answers(Path dir, java.util.Set<String> ids) {
            if (!Files.isDirectory(dir)) {
                throw new UsageException("--responses " + dir + " is not a directory");
            }
            Map<String, Map<Integer, String>> out = new TreeMap<>();
            List<Path> files;
            try (Stream<Path> s = Files.list(dir)) {
                files = s.sorted().toList();
            } catch (IOException e) {
                throw new UsageException("--responses " + dir + " cannot be listed: " + e.getMessage());
            }
            for (Path f : files) {
                String name = String.valueOf(f.getFileName());
                if (name.endsWith(".jsonl")) {
                    List<String> lines = read(f).lines().toList();
                    for (int i = 0; i < lines.size(); i++) {
                        if (lines.get(i).isBlank()) {
                            continue;
                        }
                        JsonNode n;
                        try {
                            n = JSON.readTree(lines.get(i));
                        } catch (IOException e) {
                            throw new WideSearchDataException(f + ":" + (i + 1) + ": not valid JSON");
                        }
                        if (n == null
                                || !n.path("instance_id").isTextual()
                                || !n.path("response").isTextual()) {
                            throw new WideSearchDataException(
                                    f + ":" + (i + 1) + ": a response record needs 'instance_id' and 'response'");
                        }
                        Map<Integer, String> t =
                                out.computeIfAbsent(n.get("instance_id").asText(), k -> new TreeMap<>());
                        int trial =
                                n.path("trial_idx").isInt() ? n.get("trial_idx").asInt() : t.size();
                        put(t, trial, n.get("response").asText(), f);
                    }
                } else if (name.endsWith(".md")) {
                    // <instance_id>.md or <instance_id>_<trial>.md; instance ids themselves end in _<digits>
                    String stem = name.substring(0, name.length() - 3);
                    Matcher m = TRIAL_FILE.matcher(name);
                    String id = stem;
                    Integer trial = null;
                    if (!ids.contains(stem) && m.matches() && m.group(2) != null) {
                        id = m.group(1);
                        trial = Integer.parseInt(m.group(2));
                    }
                    Map<Integer, String> t = out.computeIfAbsent(id, k -> new TreeMap<>());
                    put(t, trial == null ? t.size() : trial, read(f), f);
                }
            }
            return out;
        }

        private static void put(Map<Integer, String> trials, int trial, String answer, Path f) {
            if (trials.putIfAbsent(trial, answer) != null) {
                throw new WideSearchDataException(f + ": repeats trial " + trial + " of a task");
            }
        }

        private static String read(Path f) {
            try {
                return Files.readString(f, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UsageException("cannot read " + f + ": " + e.getMessage());
            }
        }
    }
}

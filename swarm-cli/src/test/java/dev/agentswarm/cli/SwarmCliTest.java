package dev.agentswarm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentswarm.event.SwarmEvent;
import dev.agentswarm.journal.JournalReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Drives the CLI end to end, in-process, with captured output. */
class SwarmCliTest {

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int swarm(Map<String, String> env, String... args) {
        return SwarmCli.execute(
                new CliContext(new PrintWriter(out, true), new PrintWriter(err, true), env, false), args);
    }

    private int swarm(String... args) {
        return swarm(Map.of(), args);
    }

    @Test
    void demoWideSearchPrintsTableF1ComparisonAndSimulatedLineAndLeavesAJournalAndReport() throws Exception {
        int code = swarm("demo", "wide-search", "--out", dir.toString(), "--speedup", "200");

        assertThat(code).as(err.toString()).isZero();
        String o = out.toString();
        assertThat(o).contains("| entity | founded | headquarters | ceo |");
        assertThat(o).containsPattern("\\| Tundra Logistics \\| 1985 \\| Quito \\| Lena Lindqvist \\|");
        assertThat(o).containsPattern("Item-F1 against the gold table: 0\\.9\\d\\d");
        assertThat(o).contains("swarm    single agent").containsPattern("critical steps\\s+\\d+\\s+\\d+");
        assertThat(o).contains("Ran on the simulated provider");
        Path journal = dir.resolve("wide-search.jsonl");
        List<SwarmEvent> events = JournalReader.read(journal).events();
        assertThat(events.get(0)).isInstanceOf(SwarmEvent.RunStarted.class);
        assertThat(events).filteredOn(e -> e instanceof SwarmEvent.TaskFinished).hasSizeGreaterThanOrEqualTo(6);
        assertThat(events.get(events.size() - 1)).isInstanceOf(SwarmEvent.RunFinished.class);
        assertThat(((SwarmEvent.RunStarted) events.get(0)).orchestratorModel()).startsWith("simulated/");
        String html = Files.readString(dir.resolve("wide-search.html"));
        assertThat(html).contains("<svg id=\"gantt\"").contains("bar crit").contains("Critical steps per stage");

        // the swarm's critical steps are fewer than the baseline's, as printed in the comparison
        var m = java.util.regex.Pattern.compile("critical steps\\s+(\\d+)\\s+(\\d+)")
                .matcher(o);
        assertThat(m.find()).isTrue();
        assertThat(Integer.parseInt(m.group(1))).isLessThan(Integer.parseInt(m.group(2)));
    }

    @Test
    void demoWithoutOutRunsAgainInAFreshFolderAndNeverTouchesTheFirstJournal() throws Exception {
        CliContext inDir = new CliContext(new PrintWriter(out, true), new PrintWriter(err, true), Map.of(), false, dir);
        assertThat(SwarmCli.execute(inDir, "demo", "parallel-read", "--speedup", "1000"))
                .as(err.toString())
                .isZero();
        List<Path> first = journals();
        assertThat(first).hasSize(1);
        byte[] firstJournal = Files.readAllBytes(first.get(0));

        assertThat(SwarmCli.execute(inDir, "demo", "parallel-read", "--speedup", "1000"))
                .as(err.toString())
                .isZero();

        List<Path> both = journals();
        assertThat(both).hasSize(2).contains(first.get(0));
        assertThat(Files.readAllBytes(first.get(0))).isEqualTo(firstJournal);
        for (Path journal : both) {
            assertThat(journal.getParent().getParent()).isEqualTo(dir.resolve("swarm-out"));
            assertThat(journal.getParent().getFileName().toString()).matches("parallel-read-\\d{8}-\\d{6}(-\\d+)?");
            assertThat(journal.resolveSibling("parallel-read.html")).exists();
            assertThat(journal.resolveSibling("parallel-read-showcase.html")).exists();
            assertThat(out.toString()).contains("journal: " + journal);
        }
    }

    private List<Path> journals() throws Exception {
        try (var files =
                Files.find(dir.resolve("swarm-out"), 2, (p, a) -> p.toString().endsWith(".jsonl"))) {
            return files.sorted().toList();
        }
    }

    @Test
    void reportRendersSelfContainedHtmlFromAJournal() throws Exception {
        assertThat(swarm(
                        "run",
                        "--scenario",
                        "parallel-read",
                        "--out",
                        dir.toString(),
                        "--name",
                        "pr",
                        "--speedup",
                        "200",
                        "read the logs"))
                .as(err.toString())
                .isZero();
        assertThat(out.toString()).contains("No provider configured").contains("simulated provider");
        Path html = dir.resolve("copy.html");

        int code = swarm("report", dir.resolve("pr.jsonl").toString(), "-o", html.toString());

        assertThat(code).as(err.toString()).isZero();
        String page = Files.readString(html);
        assertThat(page)
                .startsWith("<!DOCTYPE html>")
                .contains("<svg")
                .contains("simulated/orchestrator-large")
                .contains("final message")
                .contains("auth.log.txt");
        assertThat(page).doesNotContain("<link").doesNotContain("src=\"http").doesNotContain("href=\"http");
    }

    @Test
    void unknownProviderExitsTwoWithOneLine() {
        assertThat(swarm("run", "--provider", "nosuch", "x")).isEqualTo(2);
        assertThat(err.toString().strip())
                .doesNotContain("\n")
                .contains("unknown provider 'nosuch'")
                .contains("openai");
    }

    @Test
    void missingKeyExitsTwoAndNamesTheVariable() {
        assertThat(swarm(Map.of(), "run", "--provider", "anthropic", "x")).isEqualTo(2);
        assertThat(err.toString().strip()).doesNotContain("\n").contains("ANTHROPIC_API_KEY");
    }

    @Test
    void invalidScenarioExitsTwo() throws Exception {
        Path bad = dir.resolve("bad.json");
        Files.writeString(
                bad, "{\"name\": \"x\", \"task\": \"t\", \"items\": [\"a\"], \"corpus\": \".\", \"nope\": 1}");
        assertThat(swarm("run", "--scenario", bad.toString(), "x")).isEqualTo(2);
        assertThat(err.toString().strip())
                .doesNotContain("\n")
                .contains("invalid scenario")
                .contains("'orchestrator' is required");
    }

    @Test
    void unreadableJournalExitsTwo() throws Exception {
        Path junk = dir.resolve("junk.jsonl");
        Files.writeString(junk, "this is not json\nneither is this\n");
        assertThat(swarm("report", junk.toString())).isEqualTo(2);
        assertThat(swarm("report", dir.resolve("missing.jsonl").toString())).isEqualTo(2);
        assertThat(err.toString().strip().split("\n"))
                .hasSize(2)
                .allSatisfy(line -> assertThat(line).contains("journal"));
    }

    @Test
    void planPredictsThatMoreConcurrencyShortensWallTime() {
        assertThat(swarm("plan", "wide-search", "--concurrency", "1,8"))
                .as(err.toString())
                .isZero();
        List<String> rows = out.toString()
                .lines()
                .filter(l -> l.matches("\\s+\\d+\\s+\\d+\\s+[\\d.]+ \\|.*"))
                .toList();
        assertThat(rows).hasSize(2);
        double wall1 = Double.parseDouble(rows.get(0).split("\\|")[1].trim().split("\\s+")[0]);
        double wall8 = Double.parseDouble(rows.get(1).split("\\|")[1].trim().split("\\s+")[0]);
        assertThat(wall8).isLessThan(wall1);
    }

    @Test
    void recordedRunReplaysOfflineWithTheSameAnswer() throws Exception {
        String scenario = Files.readString(Path.of("src/main/resources/demo/parallel-read/scenario.json"))
                .replace("\"failureRate\": 0.04", "\"failureRate\": 0.0")
                .replace(
                        "\"corpus\": \"logs\"",
                        "\"corpus\": \""
                                + Path.of("src/main/resources/demo/parallel-read/logs")
                                        .toAbsolutePath()
                                        .toString()
                                        .replace("\\", "\\\\")
                                + "\"");
        Path file = dir.resolve("scenario.json");
        Files.writeString(file, scenario);
        Path cassette = dir.resolve("run.cassette.jsonl");
        assertThat(swarm(
                        "run",
                        "--scenario",
                        file.toString(),
                        "--record",
                        cassette.toString(),
                        "--out",
                        dir.toString(),
                        "--speedup",
                        "200",
                        "read"))
                .as(err.toString())
                .isZero();
        String recorded = answer(dir.resolve("run.jsonl"));

        assertThat(swarm("replay", cassette.toString(), "--scenario", file.toString(), "--out", dir.toString()))
                .as(err.toString())
                .isZero();

        assertThat(out.toString()).contains("cassette misses 0");
        assertThat(answer(dir.resolve("replay.jsonl"))).isEqualTo(recorded).contains("| auth.log.txt |");
    }

    private static String answer(Path journal) {
        List<SwarmEvent> events = JournalReader.read(journal).events();
        return ((SwarmEvent.RunFinished) events.get(events.size() - 1)).answer();
    }
}

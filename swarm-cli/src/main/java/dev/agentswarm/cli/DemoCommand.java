package dev.agentswarm.cli;

import dev.agentswarm.cli.demo.DemoData;
import dev.agentswarm.cli.demo.Showcase;
import dev.agentswarm.cli.sim.CapacityPlanner;
import dev.agentswarm.cli.sim.ScenarioFile;
import dev.agentswarm.eval.widesearch.WideSearchScore;
import dev.agentswarm.eval.widesearch.WideSearchScorer;
import dev.agentswarm.report.SwarmResult;
import dev.agentswarm.test.sim.Scenario;
import dev.agentswarm.test.sim.SimulatedSwarm;
import dev.agentswarm.tools.search.LocalSearchTool;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * {@code swarm demo [wide-search|parallel-read]}: runs a bundled demo offline on the simulated provider, over bundled
 * data, with real tool calls.
 */
@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        description = "Run a bundled demo offline on the simulated provider: wide-search (default) or parallel-read.")
public final class DemoCommand implements Callable<Integer> {

    private final CliContext ctx;

    @Parameters(index = "0", arity = "0..1", paramLabel = "DEMO", description = "wide-search or parallel-read.")
    String demo = "wide-search";

    @Mixin
    OutOptions out = new OutOptions();

    @Mixin
    SimOptions sim = new SimOptions();

    DemoCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        if (!DemoData.NAMES.contains(demo)) {
            throw new UsageException(
                    "unknown demo '" + Terminal.line(demo) + "': use one of " + String.join(", ", DemoData.NAMES));
        }
        SimulatedSwarm.Options options = sim.options();
        Outputs.RunFiles files = out.freshFiles(ctx, demo, Clock.system(ZoneId.systemDefault()));
        Path showcase = files.journal().resolveSibling("parallel-read-showcase.html");
        if (demo.equals("parallel-read")) {
            Inputs.reportFile(showcase, "the showcase path ");
        }
        try (DemoData data = DemoData.extract(demo)) {
            ScenarioFile loaded = ScenarioFile.load(data.scenario());
            Scenario s = loaded.scenario();
            ctx.out().printf(Locale.ROOT, "swarm demo %s: %s%n", demo, s.description());
            ctx.out()
                    .printf(
                            Locale.ROOT,
                            "Running on the simulated provider (models %s, %s; seed %d): no real model "
                                    + "is called, tool calls run for real; times below are scenario time (virtual time), played %sx "
                                    + "faster than real time.%n%n",
                            s.orchestrator().model(),
                            s.subagent().model(),
                            s.seed(),
                            Inputs.plain(options.speedup()));
            try (LocalSearchTool search = new LocalSearchTool(loaded.corpus())) {
                SimulatedSwarm simulated = SimulatedSwarm.of(s, options, Instant.now());
                SwarmResult r = Outputs.simulated(
                        ctx,
                        simulated,
                        simulated.builder().tools(SimulatedSwarm.tools(search)),
                        s.task(),
                        files,
                        Outputs.prices(s),
                        "Simulated provider (demo " + demo + ", seed " + s.seed() + "): no real model was called; "
                                + "tool calls ran for real. Times are scenario time, exactly: the run was played in "
                                + "virtual time.",
                        out.overwrite);
                ctx.out().println();
                ctx.out().println(Terminal.text(r.answer()));
                ctx.out().println();
                if (demo.equals("wide-search")) {
                    wideSearch(loaded, options, data, r);
                } else {
                    write(
                            showcase,
                            Showcase.render(
                                    "Parallel read: key events of 12 service logs",
                                    "Merged by the orchestrator from "
                                            + r.tasks().size() + " subagent tasks, on the simulated "
                                            + "provider (no real model was called; the logs were read by real tool calls).",
                                    r.answer()));
                    ctx.out()
                            .printf(
                                    Locale.ROOT,
                                    "swarm: %d tasks, critical steps %d (total %d), wall time %.1f s, "
                                            + "tokens %,d, cost $%.4f%n",
                                    r.tasks().size(),
                                    r.criticalSteps(),
                                    r.report().totalSteps(),
                                    r.report().wallTime().toMillis() / 1000.0,
                                    r.report().tokens().total(),
                                    simulated.cost(r.report().tokensByModel()));
                    ctx.out().println("showcase: " + showcase);
                }
            }
            ctx.out().println("Ran on the simulated provider: scenario '" + s.name() + "', seed " + s.seed() + ".");
            ctx.out().println("journal: " + files.journal());
            ctx.out().println("report:  " + files.report());
        }
        return 0;
    }

    private void wideSearch(ScenarioFile loaded, SimulatedSwarm.Options options, DemoData data, SwarmResult r) {
        String gold = data.read("gold.md");
        WideSearchScorer scorer =
                WideSearchScorer.keyedBy(loaded.scenario().subagent().keyColumn());
        WideSearchScore swarm = scorer.evaluate(gold, r.answer());
        ctx.out()
                .printf(
                        Locale.ROOT,
                        "Item-F1 against the gold table: %.3f (precision %.3f, recall %.3f; Row-F1 %.3f,"
                                + " %d of %d rows fully correct; swarm-eval WideSearchScorer)%n%n",
                        swarm.itemF1(),
                        swarm.itemPrecision(),
                        swarm.itemRecall(),
                        swarm.rowF1(),
                        swarm.correctRows(),
                        swarm.goldRows());
        ctx.out()
                .println(
                        "Comparing with the single-agent baseline (one agent with the orchestrator's model and the "
                                + "same tools, all items in one context); both predicted in virtual time at the scenario's latencies:");
        CapacityPlanner.Plan plan = CapacityPlanner.plan(loaded, options, null, List.of());
        SwarmResult b = plan.baseline();
        SwarmResult ps = plan.swarm();
        WideSearchScore planned = scorer.evaluate(gold, ps.answer());
        WideSearchScore base = scorer.evaluate(gold, b.answer());
        ctx.out().println();
        ctx.out().println("                      swarm    single agent");
        ctx.out().printf(Locale.ROOT, "critical steps     %8d  %14d%n", ps.criticalSteps(), b.criticalSteps());
        ctx.out()
                .printf(
                        Locale.ROOT,
                        "wall time (s)      %8.1f  %14.1f%n",
                        ps.report().wallTime().toMillis() / 1000.0,
                        b.report().wallTime().toMillis() / 1000.0);
        ctx.out().printf(Locale.ROOT, "Item-F1            %8.3f  %14.3f%n", planned.itemF1(), base.itemF1());
        ctx.out()
                .printf(
                        Locale.ROOT,
                        "tokens             %,8d  %,14d%n",
                        ps.report().tokens().total(),
                        b.report().tokens().total());
        ctx.out().printf(Locale.ROOT, "cost (USD)         %8.4f  %14.4f%n", plan.swarmCost(), plan.baselineCost());
        if (!b.isCompleted()) {
            ctx.out().println("baseline ended early: " + b.status() + ", " + Terminal.line(b.reason()));
        }
        ctx.out()
                .printf(
                        Locale.ROOT,
                        "The swarm took %.1fx fewer critical steps and %.1fx less wall time than the "
                                + "single agent.%n%n",
                        (double) b.criticalSteps() / Math.max(1, ps.criticalSteps()),
                        b.report().wallTime().toNanos()
                                / (double) Math.max(1, ps.report().wallTime().toNanos()));
    }

    private static void write(Path file, String text) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}

package dev.agentswarm.cli;

import dev.agentswarm.cli.demo.DemoData;
import dev.agentswarm.cli.sim.CapacityPlanner;
import dev.agentswarm.cli.sim.ScenarioFile;
import dev.agentswarm.report.SwarmResult;
import dev.agentswarm.test.sim.SimulatedSwarm;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code swarm plan <scenario>}: the capacity planner. Runs a scenario in virtual time for every combination of the
 * given concurrencies, rate limits and latency scales, and predicts wall time, critical steps, tokens and cost.
 */
@Command(
        name = "plan",
        mixinStandardHelpOptions = true,
        description = "Capacity planner: predict wall time, critical steps, tokens and cost of a scenario in virtual "
                + "time, under several concurrencies, rate limits and latency scales.")
public final class PlanCommand implements Callable<Integer> {

    private final CliContext ctx;

    @Parameters(index = "0", paramLabel = "SCENARIO", description = "A scenario file, or wide-search / parallel-read.")
    String scenario = "";

    @Option(names = "--concurrency", split = ",", description = "Concurrencies to try (default 64).")
    List<Integer> concurrency = new ArrayList<>(List.of(64));

    @Option(names = "--rpm", split = ",", description = "Requests-per-minute limits to try, 0 = none (default 0).")
    List<Integer> rpm = new ArrayList<>(List.of(0));

    @Option(names = "--latency-scale", split = ",", description = "Latency scales to try (default 1).")
    List<Double> latencyScale = new ArrayList<>(List.of(1.0));

    PlanCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        // Every combination is checked before the first run, so a bad value never costs a partial table.
        List<SimulatedSwarm.Options> runs = new ArrayList<>();
        long combinations = (long) concurrency.size() * rpm.size() * latencyScale.size();
        if (combinations > Inputs.MAX_PLAN_RUNS) {
            throw new UsageException(concurrency.size() + " x " + rpm.size() + " x " + latencyScale.size() + " = "
                    + combinations + " combinations of --concurrency, --rpm and --latency-scale; give at most "
                    + Inputs.MAX_PLAN_RUNS + " per plan");
        }
        for (int c : concurrency) {
            for (int r : rpm) {
                for (double l : latencyScale) {
                    runs.add(Inputs.planned(c, r, l));
                }
            }
        }
        try (DemoData bundled = SimOptions.isBundled(scenario) ? DemoData.extract(scenario) : null) {
            ScenarioFile loaded = ScenarioFile.load(bundled != null ? bundled.scenario() : Path.of(scenario));
            ctx.out()
                    .printf(
                            Locale.ROOT,
                            "capacity plan for scenario '%s' on the simulated provider (seed %d), " + "virtual time:%n",
                            Terminal.line(loaded.scenario().name()),
                            loaded.scenario().seed());
            ctx.out()
                    .println("concurrency    rpm  latency x | swarm: wall s  crit steps  tokens     cost $ | single "
                            + "agent: wall s  steps  cost $");
            for (SimulatedSwarm.Options o : runs) {
                CapacityPlanner.Plan p = CapacityPlanner.plan(loaded, o, null, List.of());
                SwarmResult s = p.swarm();
                ctx.out()
                        .printf(
                                Locale.ROOT,
                                "%11d %6d %10.2f | %13.1f %11d %,7d %10.4f | %19.1f %6d %7.4f%n",
                                o.concurrency(),
                                o.rpm(),
                                o.latencyScale(),
                                s.report().wallTime().toMillis() / 1000.0,
                                s.criticalSteps(),
                                s.report().tokens().total(),
                                p.swarmCost(),
                                p.baseline().report().wallTime().toMillis() / 1000.0,
                                p.baseline().criticalSteps(),
                                p.baselineCost());
            }
        }
        return 0;
    }
}

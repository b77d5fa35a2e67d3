package dev.agentswarm.cli;

import dev.agentswarm.cli.demo.DemoData;
import dev.agentswarm.test.sim.SimulatedSwarm;
import picocli.CommandLine.Option;

/** The options of the simulated provider, shared by {@code run}, {@code demo} and {@code plan}. */
public final class SimOptions {

    /** Creates the options with their defaults. */
    public SimOptions() {}

    @Option(names = "--concurrency", description = "Most subagent tasks running at once (default ${DEFAULT-VALUE}).")
    int concurrency = 64;

    @Option(
            names = "--rpm",
            description =
                    "Simulated requests-per-minute limit of each model, 0 = none (default " + "${DEFAULT-VALUE}).")
    int rpm;

    @Option(names = "--latency-scale", description = "Multiply every simulated latency (default ${DEFAULT-VALUE}).")
    double latencyScale = 1.0;

    @Option(
            names = "--speedup",
            description = "Play the simulated run this many times faster than real time; "
                    + "times are reported in scenario time, exactly (default ${DEFAULT-VALUE}).")
    double speedup = 20.0;

    /** @return the options of a played run, checked by {@link Inputs#played} */
    SimulatedSwarm.Options options() {
        return Inputs.played(concurrency, rpm, latencyScale, speedup);
    }

    static boolean isBundled(String scenario) {
        return DemoData.NAMES.contains(scenario);
    }
}

package dev.agentswarm.examples;

import dev.agentswarm.policy.ModelPrice;
import dev.agentswarm.report.StageReport;
import dev.agentswarm.report.SwarmResult;
import dev.agentswarm.report.html.HtmlReport;
import dev.agentswarm.test.sim.Scenario;
import dev.agentswarm.test.sim.SimulatedSwarm;
import dev.langchain4j.agent.tool.P;
import dev.langchain4j.agent.tool.Tool;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Simulating your own swarm: a {@link Scenario} written in code (the items, how the orchestrator slices them, which
 * of your tools a subagent calls per item, and per model a latency range and a price) runs on swarm-test's simulated
 * provider in virtual time, so its times are the scenario's latencies exactly, in milliseconds of real time. The
 * result is rendered with swarm-core's {@link HtmlReport}.
 */
public final class SimulatedRunExample {

    private SimulatedRunExample() {}

    /** Your tool: here, a price list. */
    public static final class PriceList {

        /** Creates the tool. */
        public PriceList() {}

        /**
         * @param product a product
         * @return its price line
         */
        @Tool("Looks up a product's price")
        public String price(@P("the product") String product) {
            return product + " costs " + (product.length() * 3) + " EUR";
        }
    }

    /**
     * Runs the example and writes its report to a temporary folder.
     *
     * @param args none
     * @throws IOException if the report cannot be written
     */
    public static void main(String[] args) throws IOException {
        run(Files.createTempDirectory("simulated-run-"), System.out);
    }

    /**
     * Simulates the run and writes {@code report.html} into a folder.
     *
     * @param dir the folder of the report
     * @param out where the result is printed
     * @return the run's result
     * @throws IOException if the report cannot be written
     */
    public static SwarmResult run(Path dir, PrintStream out) throws IOException {
        Scenario scenario = new Scenario(
                "prices",
                "price lookups",
                42,
                "Find the price of every product.",
                List.of("lamp", "desk", "chair", "shelf", "sofa", "rug"),
                ".",
                new Scenario.Orchestrator(
                        "simulated/planner",
                        "clerk",
                        "You look prices up.",
                        3,
                        "Find the {fields} of each product.",
                        1,
                        "Prices"),
                new Scenario.Subagent(
                        "simulated/worker",
                        3,
                        List.of(new Scenario.Step("price", Map.of("product", "{item}"), null)),
                        "product",
                        List.of(new Scenario.Field("price", "costs (\\d+ EUR)", false))),
                Map.of(
                        "simulated/planner",
                        new Scenario.ModelProfile(
                                List.of(3_000L, 3_000L), List.of(0L, 0L), 0.0, new ModelPrice(2.5, 10)),
                        "simulated/worker",
                        new Scenario.ModelProfile(
                                List.of(1_000L, 1_000L), List.of(0L, 0L), 0.0, new ModelPrice(0.15, 0.6))));

        SimulatedSwarm sim = SimulatedSwarm.of(scenario, SimulatedSwarm.Options.DEFAULTS, Instant.now());
        SwarmResult result = sim.await(sim.builder()
                .tools(SimulatedSwarm.tools(new PriceList()))
                .build()
                .execute(scenario.task()));

        out.println(result.answer());
        for (StageReport s : result.report().stages()) {
            out.printf(
                    Locale.ROOT,
                    "stage %d: %d task(s), %.1f s of scenario time%n",
                    s.index(),
                    s.tasks().size(),
                    s.duration().toMillis() / 1000.0);
        }
        out.printf(
                Locale.ROOT,
                "wall time %.1f s (scenario time), critical steps %d, cost %.4f%n",
                result.report().wallTime().toMillis() / 1000.0,
                result.criticalSteps(),
                sim.cost(result.report().tokensByModel()));
        Path report = dir.resolve("report.html");
        Files.writeString(
                report,
                HtmlReport.render(
                        result,
                        scenario.task(),
                        Map.of(
                                "simulated/planner",
                                        scenario.orchestratorProfile().price(),
                                "simulated/worker", scenario.subagentProfile().price()),
                        "Simulated provider: no real model was called."));
        out.println("report: " + report.getFileName());
        return result;
    }
}

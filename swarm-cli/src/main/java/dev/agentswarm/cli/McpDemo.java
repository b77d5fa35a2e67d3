package dev.agentswarm.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentswarm.AgentSwarm;
import dev.agentswarm.cli.demo.DemoData;
import dev.agentswarm.mcp.McpOptions;
import dev.agentswarm.mcp.McpServerConfig;
import dev.agentswarm.mcp.McpToolset;
import dev.agentswarm.report.SwarmResult;
import dev.agentswarm.test.sim.Scenario;
import dev.agentswarm.test.sim.SimulatedSwarm;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code swarm demo mcp}: the parallel-read demo's 12 service logs, read by subagents through the MCP reference
 * server {@code @modelcontextprotocol/server-filesystem} (started with {@code npx}, or with the command in
 * {@code SWARM_DEMO_MCP_FILESYSTEM}), offline on the simulated provider.
 */
final class McpDemo {

    /** The environment variable that replaces {@code npx -y <package>} as the server's command. */
    static final String COMMAND_ENV = "SWARM_DEMO_MCP_FILESYSTEM";

    static final String PACKAGE = "@modelcontextprotocol/server-filesystem@2026.8.31";

    private McpDemo() {}

    static int run(CliContext ctx, OutOptions out, SimOptions sim) {
        SimulatedSwarm.Options options = sim.options();
        Outputs.RunFiles files = out.freshFiles(ctx, "mcp", Clock.system(java.time.ZoneId.systemDefault()));
        try (DemoData data = DemoData.extract("parallel-read")) {
            Path dir = java.util.Objects.requireNonNull(
                    data.scenario().toAbsolutePath().getParent(), "a scenario file is in a folder");
            Path scenarioFile = dir.resolve("mcp-scenario.json");
            writeScenario(data.scenario(), scenarioFile);
            Scenario s = Scenario.load(scenarioFile);
            Path corpus = realPath(dir.resolve(s.corpus()));
            List<String> command = command(ctx, corpus);
            ctx.out().printf(Locale.ROOT, "swarm demo mcp: %s%n", s.description());
            ctx.out().println("Starting the MCP server 'files': " + String.join(" ", command));
            McpToolset set = McpToolset.start(
                    List.of(McpServerConfig.stdio("files", command, Map.of(), corpus)),
                    McpOptions.DEFAULTS.withInitTimeout(java.time.Duration.ofMinutes(3)));
            try {
                if (set.tools().isEmpty()) {
                    ctx.err()
                            .println("swarm: error: " + Terminal.line(String.join("; ", set.problems()))
                                    + ". The demo needs Node.js with npx (or " + COMMAND_ENV
                                    + " set to the server's command).");
                    return 1;
                }
                ctx.out()
                        .printf(
                                Locale.ROOT,
                                "MCP server 'files' offers %d tools (%s, ...); the subagents call files__read_text_file.%n",
                                set.tools().size(),
                                set.tools().get(0).name());
                ctx.out()
                        .printf(
                                Locale.ROOT,
                                "Running on the simulated provider (seed %d): no real model is called; the MCP tool "
                                        + "calls run for real; times are scenario time, played %sx faster.%n%n",
                                s.seed(),
                                Inputs.plain(options.speedup()));
                SimulatedSwarm simulated = SimulatedSwarm.of(s, options, Instant.now());
                AgentSwarm.Builder b = set.addTo(simulated.builder());
                SwarmResult r = Outputs.simulated(
                        ctx,
                        simulated,
                        b,
                        s.task(),
                        files,
                        Outputs.prices(s),
                        "Simulated provider (demo mcp, seed " + s.seed() + "): no real model was called; the "
                                + "subagents' tool calls went to the MCP server @modelcontextprotocol/server-filesystem.",
                        out.overwrite);
                ctx.out().println();
                ctx.out().println(Terminal.text(r.answer()));
                ctx.out().println();
                ctx.out()
                        .printf(
                                Locale.ROOT,
                                "swarm: %d tasks, critical steps %d (total %d), tokens %,d; status %s%n",
                                r.tasks().size(),
                                r.criticalSteps(),
                                r.report().totalSteps(),
                                r.report().tokens().total(),
                                r.status());
                ctx.out().println("journal: " + files.journal());
                ctx.out().println("report:  " + files.report());
                return r.isCompleted() ? 0 : 1;
            } finally {
                set.close();
            }
        }
    }

    private static List<String> command(CliContext ctx, Path corpus) {
        String custom = ctx.env().get(COMMAND_ENV);
        List<String> cmd = new ArrayList<>(
                custom == null || custom.isBlank() ? List.of("npx", "-y", PACKAGE) : McpCliOptions.words(custom));
        cmd.add(corpus.toString());
        return cmd;
    }

    /** Writes the MCP variant of the parallel-read scenario: each log is read with files__read_text_file. */
    private static void writeScenario(Path parallelRead, Path target) {
        try {
            ObjectMapper json = new ObjectMapper();
            ObjectNode root = (ObjectNode) json.readTree(parallelRead.toFile());
            root.put("name", "mcp");
            root.put(
                    "description",
                    "The parallel-read logs, read through an MCP server: 12 service logs split across subagents, each "
                            + "reads its logs with the MCP tool files__read_text_file; the orchestrator merges them.");
            ObjectNode step =
                    (ObjectNode) root.withObject("subagent").withArray("steps").get(0);
            step.put("tool", "files__read_text_file");
            step.set("arguments", json.createObjectNode().put("path", "{item}"));
            json.writerWithDefaultPrettyPrinter().writeValue(target.toFile(), root);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the mcp demo's scenario: " + e.getMessage(), e);
        }
    }

    private static Path realPath(Path p) {
        try {
            return p.toRealPath();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot resolve " + p + ": " + e.getMessage(), e);
        }
    }
}

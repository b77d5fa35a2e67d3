package dev.agentswarm.cli;

import dev.agentswarm.AgentSwarm;
import dev.agentswarm.cli.demo.DemoData;
import dev.agentswarm.cli.sim.ScenarioFile;
import dev.agentswarm.control.Controls;
import dev.agentswarm.model.SwarmModel;
import dev.agentswarm.policy.ModelPrice;
import dev.agentswarm.report.SwarmResult;
import dev.agentswarm.test.cassette.Cassette;
import dev.agentswarm.test.cassette.RecordingModel;
import dev.agentswarm.test.sim.SimulatedSwarm;
import dev.agentswarm.tools.files.FileTools;
import dev.agentswarm.tools.search.LocalSearchTool;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code swarm run "<task>"}: runs a swarm on a provider, with live progress, a journal and an HTML report. */
@Command(name = "run", mixinStandardHelpOptions = true, description = "Run a swarm on a task.")
public final class RunCommand implements Callable<Integer> {

    private final CliContext ctx;

    @Parameters(index = "0", paramLabel = "TASK", description = "The task.")
    String task = "";

    @Mixin
    ProviderOptions providerOptions = new ProviderOptions();

    @Option(names = "--subagent-model", description = "The subagents' model (default: --model).")
    @Nullable
    String subagentModel;

    @Option(names = "--corpus", description = "Real providers: give subagents the search tool over this folder.")
    @Nullable
    Path corpus;

    @Option(names = "--files", description = "Real providers: give subagents read-only file tools over this folder.")
    @Nullable
    Path files;

    @Mixin
    OutOptions out = new OutOptions();

    @Option(names = "--name", description = "Base name of the journal and report files (default ${DEFAULT-VALUE}).")
    String name = "run";

    @Option(names = "--price", paramLabel = "MODEL=IN:OUT", description = "USD per million tokens, for the report.")
    List<String> prices = new ArrayList<>();

    @Option(
            names = "--record",
            paramLabel = "CASSETTE",
            description = "Record every model call to this cassette " + "(a new file), for 'swarm replay'.")
    @Nullable
    Path record;

    @Mixin
    SimOptions sim = new SimOptions();

    @Mixin
    McpCliOptions mcp = new McpCliOptions();

    @Mixin
    TraceOptions trace = new TraceOptions();

    @Option(
            names = "--approve",
            description = "Ask in the terminal before each create_subagent, assign_task and tool that needs approval"
                    + " (one line per request: y, n [reason] or e to edit). Needs a terminal on standard input;"
                    + " real providers only.")
    boolean approve;

    @Option(
            names = "--approval-rules",
            paramLabel = "FILE",
            description = "Approve or deny by rules read from FILE (one per line: allow|deny agent|tool|kind NAME"
                    + " [reason], or allow|deny any); what no rule matches is asked (with --approve) or denied."
                    + " Real providers only.")
    @Nullable
    Path approvalRules;

    RunCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        if (task.isBlank()) {
            throw new UsageException("the task is empty: give it as the argument, e.g. swarm run \"Compare ...\"");
        }
        // All input is checked before anything is built, run or written.
        Map<String, ModelPrice> priceMap = Outputs.parsePrices(prices);
        mcp.servers();
        String p = providerOptions.name();
        SimulatedSwarm.Options options = sim.options();
        trace.check();
        if ((approve || approvalRules != null) && p.equals("simulated")) {
            throw new UsageException("--approve and --approval-rules apply to real providers; the simulated provider"
                    + " runs in scenario time, where nobody can answer in time");
        }
        Controls controls = Approvals.controls(approve, approvalRules);
        Outputs.RunFiles outFiles = out.files(ctx, name);
        if (p.equals("simulated")) {
            if (providerOptions.defaulted()) {
                ctx.out().println("No provider configured (--provider): running on the simulated provider.");
            }
            runSimulated(options, priceMap, outFiles);
            return 0;
        }
        SwarmModel orchestrator = Providers.create(ctx, p, providerOptions.model, providerOptions.baseUrl);
        SwarmModel sub =
                subagentModel == null ? orchestrator : Providers.create(ctx, p, subagentModel, providerOptions.baseUrl);
        Cassette cassette = openCassette();
        if (cassette != null) {
            orchestrator = new RecordingModel(orchestrator, cassette);
            sub = subagentModel == null ? orchestrator : new RecordingModel(sub, cassette);
        }
        AgentSwarm.Builder b = AgentSwarm.builder()
                .orchestratorModel(orchestrator)
                .subagentModel(sub)
                .maxConcurrency(options.concurrency())
                .secrets(Providers.secrets(ctx))
                .controls(controls);
        List<AutoCloseable> closeables = new ArrayList<>();
        if (cassette != null) {
            closeables.add(cassette);
        }
        try {
            if (corpus != null) {
                requireDir(corpus, "--corpus");
                LocalSearchTool search = new LocalSearchTool(corpus);
                closeables.add(search);
                b.tools(search);
            }
            if (files != null) {
                requireDir(files, "--files");
                b.tools(new FileTools(files));
            }
            dev.agentswarm.mcp.McpToolset mcpTools = mcp.start(ctx, b);
            if (mcpTools != null) {
                closeables.add(mcpTools);
            }
            ctx.out()
                    .println("provider " + p + ": orchestrator " + Terminal.line(orchestrator.name()) + ", subagents "
                            + Terminal.line(sub.name()));
            // Questions and a redrawn progress table would overwrite each other: with --approve, progress is plain
            // lines.
            CliContext runCtx = approve ? new CliContext(ctx.out(), ctx.err(), ctx.env(), false, ctx.workDir()) : ctx;
            SwarmResult r;
            try (TraceOptions.Session traced = trace.open(ctx, p)) {
                r = Outputs.run(
                        runCtx,
                        traced.attach(b),
                        task,
                        Clock.systemUTC(),
                        outFiles,
                        priceMap,
                        "provider " + p,
                        out.overwrite);
            }
            printResult(r, outFiles);
            return r.isCompleted() ? 0 : 1;
        } finally {
            for (AutoCloseable c : closeables) {
                try {
                    c.close();
                } catch (Exception e) {
                    ctx.err().println("warning: " + Terminal.line(e.getMessage()));
                }
            }
        }
    }

    private void runSimulated(
            SimulatedSwarm.Options options, Map<String, ModelPrice> priceMap, Outputs.RunFiles outFiles) {
        try (DemoData bundled =
                SimOptions.isBundled(providerOptions.scenario) ? DemoData.extract(providerOptions.scenario) : null) {
            Path file = bundled != null ? bundled.scenario() : Path.of(providerOptions.scenario);
            ScenarioFile loaded = ScenarioFile.load(file);
            ctx.out()
                    .printf(
                            Locale.ROOT,
                            "simulated provider: scenario '%s' (seed %d); the simulated orchestrator "
                                    + "splits the scenario's %d items whatever the task says; tool calls run for real; times are "
                                    + "scenario time (virtual time), played %sx faster than real time.%n",
                            Terminal.line(loaded.scenario().name()),
                            loaded.scenario().seed(),
                            loaded.scenario().items().size(),
                            Inputs.plain(options.speedup()));
            Map<String, ModelPrice> all = Outputs.prices(loaded.scenario());
            all.putAll(priceMap);
            try (LocalSearchTool search = new LocalSearchTool(loaded.corpus());
                    Cassette cassette = openCassette();
                    TraceOptions.Session traced = trace.open(ctx, "simulated")) {
                SimulatedSwarm sim = SimulatedSwarm.of(loaded.scenario(), options, Instant.now());
                AgentSwarm.Builder b =
                        traced.attach(sim.builder(m -> cassette == null ? m : new RecordingModel(m, cassette))
                                .tools(SimulatedSwarm.tools(search)));
                dev.agentswarm.mcp.McpToolset mcpTools = mcp.start(ctx, b);
                try {
                    SwarmResult r = Outputs.simulated(
                            ctx,
                            sim,
                            b,
                            task,
                            outFiles,
                            all,
                            "Simulated provider (scenario "
                                    + loaded.scenario().name()
                                    + "): no real model was called; tool calls ran for real. Times are "
                                    + "scenario time, exactly.",
                            out.overwrite);
                    printResult(r, outFiles);
                } finally {
                    if (mcpTools != null) {
                        mcpTools.close();
                    }
                }
            }
        }
    }

    private @Nullable Cassette openCassette() {
        if (record == null) {
            return null;
        }
        try {
            return Cassette.create(record);
        } catch (IllegalStateException | UncheckedIOException e) {
            throw new UsageException(
                    "cannot record to " + Terminal.line(String.valueOf(record)) + ": " + Terminal.line(e.getMessage()));
        }
    }

    private void printResult(SwarmResult r, Outputs.RunFiles outFiles) {
        ctx.out().println();
        ctx.out().println(Terminal.text(r.answer()));
        ctx.out().println();
        ctx.out()
                .printf(
                        Locale.ROOT,
                        "status %s%s; critical steps %d (total %d); tokens %,d; wall time %.1f s%n",
                        r.status(),
                        r.reason() == null ? "" : " (" + Terminal.line(r.reason()) + ")",
                        r.criticalSteps(),
                        r.report().totalSteps(),
                        r.report().tokens().total(),
                        r.report().wallTime().toMillis() / 1000.0);
        ctx.out().println("journal: " + outFiles.journal());
        ctx.out().println("report:  " + outFiles.report());
        if (record != null) {
            ctx.out()
                    .println("cassette: " + record + " (replay it offline with: swarm replay " + record
                            + ("simulated".equals(providerOptions.name())
                                    ? " --scenario " + providerOptions.scenario
                                    : "")
                            + ")");
        }
    }

    private static void requireDir(Path dir, String option) {
        if (!Files.isDirectory(dir)) {
            throw new UsageException(
                    option + " " + Terminal.line(dir.toString()) + " is not a folder: give an existing " + "folder");
        }
    }
}

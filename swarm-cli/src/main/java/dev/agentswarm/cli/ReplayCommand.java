package dev.agentswarm.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentswarm.AgentSwarm;
import dev.agentswarm.cli.demo.DemoData;
import dev.agentswarm.cli.sim.ScenarioFile;
import dev.agentswarm.report.SwarmResult;
import dev.agentswarm.test.cassette.Cassette;
import dev.agentswarm.test.cassette.ReplayModel;
import dev.agentswarm.tools.files.FileTools;
import dev.agentswarm.tools.search.LocalSearchTool;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code swarm replay <cassette>}: replays a run recorded with {@code swarm run --record}, offline: every model call
 * is served from the cassette ({@link ReplayModel}), tool calls run again for real over the same corpus.
 */
@Command(
        name = "replay",
        mixinStandardHelpOptions = true,
        description = "Replay a run recorded with 'swarm run --record CASSETTE', offline.")
public final class ReplayCommand implements Callable<Integer> {

    private final CliContext ctx;

    @Parameters(index = "0", paramLabel = "CASSETTE", description = "A cassette written by 'swarm run --record'.")
    Path cassette = Path.of("");

    @Option(
            names = "--scenario",
            description = "The recorded run's bundled scenario (wide-search, parallel-read) or "
                    + "scenario file: its corpus backs the search tool.")
    @Nullable
    String scenario;

    @Option(names = "--corpus", description = "The folder the recorded run's search tool used.")
    @Nullable
    Path corpus;

    @Option(names = "--files", description = "The folder the recorded run's file tools used.")
    @Nullable
    Path files;

    @Mixin
    OutOptions out = new OutOptions();

    @Option(names = "--name", description = "Base name of the journal and report (default ${DEFAULT-VALUE}).")
    String name = "replay";

    ReplayCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        Outputs.RunFiles outFiles = out.files(ctx, name);
        Cassette c;
        try {
            c = Cassette.load(cassette);
        } catch (IllegalArgumentException | UncheckedIOException e) {
            throw new UsageException("unreadable cassette " + Terminal.line(cassette.toString()) + " ("
                    + Terminal.line(e.getMessage()) + "): give a file written by 'swarm run --record'");
        }
        JsonNode first = null;
        String subagentModel = null;
        for (int i = 0; i < c.entries().size(); i++) {
            Cassette.Entry e = c.entries().get(i);
            if (e.request() == null || !e.request().isObject() || e.response() == null) {
                throw new UsageException("cassette " + Terminal.line(cassette.toString()) + " line " + (i + 1)
                        + " lacks its request or response: give a file written by 'swarm run --record'");
            }
            boolean orchestrator = false;
            for (JsonNode t : e.request().path("tools")) {
                orchestrator |= "assign_task".equals(t.path("name").asText());
            }
            if (orchestrator
                    && (first == null
                            || e.request().path("messages").size()
                                    < first.path("messages").size())) {
                first = e.request();
            } else if (!orchestrator && subagentModel == null) {
                subagentModel = e.request().path("model").asText();
            }
        }
        if (first == null
                || !first.path("messages").isArray()
                || first.path("messages").size() < 2) {
            throw new UsageException("cassette " + Terminal.line(cassette.toString())
                    + " holds no orchestrator call: give a cassette written " + "by 'swarm run --record'");
        }
        String orchestratorModel = first.path("model").asText();
        String systemPrompt = first.path("messages").path(0).path("text").asText();
        String task = first.path("messages").path(1).path("text").asText();
        ReplayModel orch = new ReplayModel(orchestratorModel, c);
        ReplayModel sub = subagentModel == null || subagentModel.equals(orchestratorModel)
                ? orch
                : new ReplayModel(subagentModel, c);
        AgentSwarm.Builder b =
                AgentSwarm.builder().orchestratorModel(orch).subagentModel(sub).orchestratorSystemPrompt(systemPrompt);
        ctx.out()
                .printf(
                        Locale.ROOT,
                        "replaying %s offline: %d recorded calls; orchestrator %s, subagents %s%n",
                        Terminal.line(cassette.toString()),
                        c.entries().size(),
                        Terminal.line(orchestratorModel),
                        Terminal.line(sub.name()));
        try (DemoData bundled =
                scenario != null && SimOptions.isBundled(scenario) ? DemoData.extract(scenario) : null) {
            Path searchRoot = corpus;
            if (scenario != null) {
                searchRoot = ScenarioFile.load(bundled != null ? bundled.scenario() : Path.of(scenario))
                        .corpus();
            }
            LocalSearchTool search = null;
            try {
                if (searchRoot != null) {
                    if (!Files.isDirectory(searchRoot)) {
                        throw new UsageException("--corpus " + Terminal.line(searchRoot.toString())
                                + " is not a folder: give an existing folder");
                    }
                    search = new LocalSearchTool(searchRoot);
                    b.tools(search);
                }
                if (files != null) {
                    if (!Files.isDirectory(files)) {
                        throw new UsageException("--files " + Terminal.line(files.toString())
                                + " is not a folder: give an existing folder");
                    }
                    b.tools(new FileTools(files));
                }
                SwarmResult r = Outputs.run(
                        ctx,
                        b,
                        task,
                        Clock.systemUTC(),
                        outFiles,
                        new HashMap<>(),
                        "Replayed offline from cassette " + cassette.getFileName(),
                        out.overwrite);
                ctx.out().println();
                ctx.out().println(Terminal.text(r.answer()));
                ctx.out().println();
                int misses =
                        orch.misses().size() + (sub == orch ? 0 : sub.misses().size());
                ctx.out()
                        .printf(
                                Locale.ROOT,
                                "status %s; critical steps %d; cassette misses %d%n",
                                r.status(),
                                r.criticalSteps(),
                                misses);
                ctx.out().println("journal: " + outFiles.journal());
                ctx.out().println("report:  " + outFiles.report());
                if (misses > 0) {
                    ctx.err()
                            .println("swarm: replay diverged from the recording: "
                                    + Terminal.line(firstLine(
                                            (orch.misses().isEmpty() ? sub.misses() : orch.misses()).get(0))));
                }
                return r.isCompleted() && misses == 0 ? 0 : 1;
            } finally {
                if (search != null) {
                    search.close();
                }
            }
        }
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}

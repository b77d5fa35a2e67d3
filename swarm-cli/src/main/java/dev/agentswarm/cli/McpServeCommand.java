package dev.agentswarm.cli;

import dev.agentswarm.AgentSwarm;
import dev.agentswarm.SwarmRun;
import dev.agentswarm.cli.demo.DemoData;
import dev.agentswarm.cli.sim.ScenarioFile;
import dev.agentswarm.mcp.McpSwarmServer;
import dev.agentswarm.mcp.McpToolset;
import dev.agentswarm.model.SwarmModel;
import dev.agentswarm.test.sim.SimulatedSwarm;
import dev.agentswarm.tools.search.LocalSearchTool;
import io.modelcontextprotocol.server.McpAsyncServer;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import reactor.core.scheduler.Schedulers;

/**
 * {@code swarm mcp-serve}: serves the swarm as an MCP server over stdio with one tool, {@code run_swarm(task)}, for
 * any MCP client (Claude Desktop, Claude Code, IDEs). Standard output carries only MCP messages; everything else goes
 * to standard error. Ends when the client closes standard input.
 */
@Command(
        name = "mcp-serve",
        mixinStandardHelpOptions = true,
        description = "Serve the swarm as an MCP server over stdio with one tool, run_swarm(task).")
public final class McpServeCommand implements Callable<Integer> {

    private final CliContext ctx;

    @Mixin
    ProviderOptions providerOptions = new ProviderOptions();

    @Mixin
    SimOptions sim = new SimOptions();

    @Mixin
    McpCliOptions mcp = new McpCliOptions();

    McpServeCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() throws IOException, InterruptedException {
        CountDownLatch inputEnded = new CountDownLatch(1);
        InputStream in = new FilterInputStream(new FileInputStream(FileDescriptor.in)) {
            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                int n = super.read(b, off, len);
                if (n < 0) {
                    inputEnded.countDown();
                }
                return n;
            }
        };
        OutputStream out = new FileOutputStream(FileDescriptor.out);
        List<AutoCloseable> closeables = new ArrayList<>();
        try {
            Function<String, SwarmRun> start = starter(closeables);
            McpAsyncServer server = McpSwarmServer.serve(start, in, out, "0.1.0-SNAPSHOT");
            ctx.err().println("swarm mcp-serve: serving run_swarm over stdio; close stdin to stop.");
            ctx.err().flush();
            inputEnded.await();
            server.closeGracefully().block(java.time.Duration.ofSeconds(10));
            return 0;
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

    private Function<String, SwarmRun> starter(List<AutoCloseable> closeables) {
        String p = providerOptions.name();
        if (!p.equals("simulated")) {
            SwarmModel m = Providers.create(ctx, p, providerOptions.model, providerOptions.baseUrl);
            AgentSwarm.Builder b = AgentSwarm.builder().orchestratorModel(m).secrets(Providers.secrets(ctx));
            McpToolset set = mcp.start(ctx, b);
            if (set != null) {
                closeables.add(set);
            }
            AgentSwarm swarm = b.build();
            return swarm::start;
        }
        SimulatedSwarm.Options options = sim.options();
        DemoData bundled =
                SimOptions.isBundled(providerOptions.scenario) ? DemoData.extract(providerOptions.scenario) : null;
        if (bundled != null) {
            closeables.add(bundled);
        }
        Path file = bundled != null ? bundled.scenario() : Path.of(providerOptions.scenario);
        ScenarioFile loaded = ScenarioFile.load(file);
        LocalSearchTool search = new LocalSearchTool(loaded.corpus());
        closeables.add(search);
        return task -> {
            // One simulated swarm per run: each drives its own virtual time, on its own thread.
            SimulatedSwarm simulated = SimulatedSwarm.of(loaded.scenario(), options, Instant.now());
            AgentSwarm.Builder b = simulated.builder().tools(SimulatedSwarm.tools(search));
            McpToolset set = mcp.start(ctx, b);
            SwarmRun run = b.build().start(task);
            Schedulers.boundedElastic().schedule(() -> {
                try {
                    simulated.await(run.result());
                } catch (RuntimeException e) {
                    ctx.err().println("warning: " + Terminal.line(e.getMessage()));
                } finally {
                    if (set != null) {
                        set.close();
                    }
                }
            });
            return run;
        };
    }
}

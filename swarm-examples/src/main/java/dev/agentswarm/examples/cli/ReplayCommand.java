package dev.agentswarm.examples.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code swarm replay <cassette>}: replays a recorded run. Wired to the cassettes of swarm-test once they land. */
@Command(name = "replay", mixinStandardHelpOptions = true, description = "Replay a recorded run from a cassette.")
public final class ReplayCommand implements Callable<Integer> {

    private final CliContext ctx;

    @Parameters(index = "0", paramLabel = "CASSETTE", description = "A cassette recorded by RecordingModel.")
    Path cassette = Path.of("");

    ReplayCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        ctx.err().println("swarm: error: replay is not available yet: cassettes (RecordingModel/ReplayModel) have not"
                + " landed on main; " + cassette + " was not read");
        return SwarmCli.USAGE;
    }
}

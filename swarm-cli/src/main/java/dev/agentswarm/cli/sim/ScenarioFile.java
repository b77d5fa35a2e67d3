package dev.agentswarm.cli.sim;

import dev.agentswarm.test.sim.Scenario;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

/**
 * A scenario file and the folder its relative paths start from: the CLI's scenarios run over a corpus folder, with
 * the real {@code LocalSearchTool} as the subagents' tools.
 *
 * @param scenario the scenario
 * @param baseDir the scenario file's folder
 */
public record ScenarioFile(Scenario scenario, Path baseDir) {

    /** The tool names a CLI scenario's steps may use: those of {@code LocalSearchTool}. */
    public static final Set<String> TOOLS = Set.of("search", "open");

    /**
     * Loads a scenario file and checks that its corpus exists and its steps use known tools.
     *
     * @param file the file
     * @return the scenario
     * @throws Scenario.InvalidScenarioException if it is invalid; the message says what to fix
     */
    public static ScenarioFile load(Path file) {
        Scenario s = Scenario.load(file);
        Path base = file.toAbsolutePath().getParent();
        ScenarioFile loaded = new ScenarioFile(s, base == null ? Path.of(".") : base);
        if (!Files.isDirectory(loaded.corpus())) {
            throw new Scenario.InvalidScenarioException("invalid scenario " + file + ": its corpus folder "
                    + loaded.corpus() + " does not exist; set 'corpus' to a folder relative to the scenario file");
        }
        for (Scenario.Step step : s.subagent().steps()) {
            if (!TOOLS.contains(step.tool())) {
                throw new Scenario.InvalidScenarioException("invalid scenario " + file + ": step tool '" + step.tool()
                        + "' does not exist; use one of " + TOOLS);
            }
        }
        return loaded;
    }

    /** @return the corpus folder */
    public Path corpus() {
        return baseDir.resolve(scenario.corpus()).normalize();
    }
}

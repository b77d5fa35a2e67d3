package dev.agentswarm.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What the commands read from and write to, injected so that tests drive the CLI in-process.
 *
 * @param out standard output
 * @param err standard error
 * @param env the environment variables (API keys are read from here, never printed)
 * @param tty whether output is an interactive terminal (live redrawn progress) or not (plain lines)
 * @param workDir the folder default output folders are made in (the working directory; tests pass a temporary one)
 */
public record CliContext(PrintWriter out, PrintWriter err, Map<String, String> env, boolean tty, Path workDir) {

    /**
     * A context whose default output folders are made in the working directory.
     *
     * @param out standard output
     * @param err standard error
     * @param env the environment variables
     * @param tty whether output is an interactive terminal
     */
    public CliContext(PrintWriter out, PrintWriter err, Map<String, String> env, boolean tty) {
        this(out, err, env, tty, Path.of(""));
    }

    /**
     * @param name a variable's name
     * @return its value, or null when unset or blank
     */
    public @Nullable String env(String name) {
        String v = env.get(name);
        return v == null || v.isBlank() ? null : v;
    }
}

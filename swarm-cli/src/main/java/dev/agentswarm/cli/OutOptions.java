package dev.agentswarm.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Where {@code run}, {@code demo} and {@code replay} write their journal and report, shared as a picocli mixin. */
public final class OutOptions {

    /** Creates the options with their defaults. */
    public OutOptions() {}

    @Option(names = "--out", description = "Folder of the journal and report (default ${DEFAULT-VALUE}).")
    Path out = Path.of("swarm-out");

    @Option(names = "--overwrite", description = "Replace the journal if it already exists (without this, an "
            + "existing journal is never touched and the command stops with exit code 2).")
    boolean overwrite;

    /**
     * Checks, before anything runs, that the run can write its journal and report there without replacing a
     * journal unasked, and creates the folder.
     *
     * @param name the base name of the files
     * @return the journal and report paths
     * @throws UsageException if not
     */
    Outputs.Files2 files(String name) {
        Outputs.Files2 files = Outputs.Files2.in(out, Inputs.baseName(name));
        Inputs.outputs(files, out, overwrite);
        try {
            Files.createDirectories(out);
        } catch (IOException | RuntimeException e) {
            throw new UsageException("cannot create --out " + Terminal.line(out.toString()) + " ("
                    + e.getClass().getSimpleName() + "): give a folder you can write to");
        }
        return files;
    }
}

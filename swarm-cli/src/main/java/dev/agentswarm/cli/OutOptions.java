package dev.agentswarm.cli;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.format.DateTimeFormatter;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/** Where {@code run}, {@code demo} and {@code replay} write their journal and report, shared as a picocli mixin. */
public final class OutOptions {

    /** The default output folder, in the working directory. */
    static final String DEFAULT_OUT = "swarm-out";

    /** Most folders a fresh default output folder tries before it gives up. */
    private static final int MAX_FRESH_ATTEMPTS = 1_000;

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    /** Creates the options with their defaults. */
    public OutOptions() {}

    @Option(
            names = "--out",
            description = "Folder of the journal and report (default " + DEFAULT_OUT + "; for " + "demo a new folder "
                    + DEFAULT_OUT + "/DEMO-TIMESTAMP per run).")
    @Nullable
    Path out;

    @Option(
            names = "--overwrite",
            description = "Replace the journal if it already exists (without this, an "
                    + "existing journal is never touched and the command stops with exit code 2).")
    boolean overwrite;

    /**
     * Checks, before anything runs, that the run can write its journal and report in {@code --out} (default
     * {@value #DEFAULT_OUT}) without replacing a journal unasked, and creates the folder.
     *
     * @param ctx where the default folder is
     * @param name the base name of the files
     * @return the journal and report paths
     * @throws UsageException if not
     */
    Outputs.RunFiles files(CliContext ctx, String name) {
        Path dir = out != null ? out : ctx.workDir().resolve(DEFAULT_OUT);
        Outputs.RunFiles files = Outputs.RunFiles.in(dir, Inputs.baseName(name));
        Inputs.outputs(files, dir, overwrite);
        try {
            Files.createDirectories(dir);
        } catch (IOException | RuntimeException e) {
            throw new UsageException("cannot create --out " + Terminal.line(dir.toString()) + " ("
                    + e.getClass().getSimpleName() + "): give a folder you can write to");
        }
        return files;
    }

    /**
     * As {@link #files(CliContext, String)}, but without {@code --out} the files go to a new folder
     * {@code swarm-out/NAME-yyyyMMdd-HHmmss} (with a {@code -2}, {@code -3}, ... suffix when that exists), so that a
     * command run again never meets the journal of an earlier run. The folder is created atomically: two runs
     * started in the same second get different folders.
     *
     * @param ctx where the default folder is
     * @param name the base name of the files
     * @param wallClock the clock of the timestamp
     * @return the journal and report paths
     * @throws UsageException if no folder can be created
     */
    Outputs.RunFiles freshFiles(CliContext ctx, String name, Clock wallClock) {
        if (out != null) {
            return files(ctx, name);
        }
        String base = Inputs.baseName(name);
        Path parent = ctx.workDir().resolve(DEFAULT_OUT);
        String stamp = STAMP.format(wallClock.instant().atZone(wallClock.getZone()));
        try {
            Files.createDirectories(parent);
            for (int i = 1; i <= MAX_FRESH_ATTEMPTS; i++) {
                Path dir = parent.resolve(base + "-" + stamp + (i == 1 ? "" : "-" + i));
                try {
                    Files.createDirectory(dir);
                } catch (FileAlreadyExistsException e) {
                    continue;
                }
                Outputs.RunFiles files = Outputs.RunFiles.in(dir, base);
                Inputs.outputs(files, dir, overwrite);
                return files;
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof UsageException u) {
                throw u;
            }
            throw new UsageException("cannot create a folder in " + Terminal.line(parent.toString()) + " ("
                    + e.getClass().getSimpleName() + "): give a folder you can write to with --out");
        }
        throw new UsageException(MAX_FRESH_ATTEMPTS + " output folders for " + base + "-" + stamp + " already exist "
                + "in " + Terminal.line(parent.toString()) + ": give a folder with --out");
    }
}

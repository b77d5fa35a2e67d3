package dev.agentswarm.journal;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where and how durably a run is journaled.
 *
 * @param path the JSONL file; a new run needs a file that does not exist yet, a resume the file of the interrupted run
 * @param fsync when the file is forced to the device
 */
public record JournalOptions(Path path, FsyncPolicy fsync) {

    /** Validates the options.
     * @param path the JSONL file; a new run needs a file that does not exist yet, a resume the file of the interrupted run
     * @param fsync when the file is forced to the device */
    public JournalOptions {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(fsync, "fsync");
    }

    /**
     * @param path the JSONL file
     * @return options with the default policy {@link FsyncPolicy#ON_TASK_RESULT}
     */
    public static JournalOptions of(Path path) {
        return new JournalOptions(path, FsyncPolicy.ON_TASK_RESULT);
    }
}

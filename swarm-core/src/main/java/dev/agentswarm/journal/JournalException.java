package dev.agentswarm.journal;

/**
 * A journal that cannot be read or resumed: corrupted before its last line, holding no complete event, or holding
 * events of more than one run. The message names the file, the line and what is wrong; nothing is changed on disk.
 */
public final class JournalException extends RuntimeException {

    /**
     * @param message what is wrong, with the file and the line
     */
    public JournalException(String message) {
        super(message);
    }

    /**
     * @param message what is wrong, with the file and the line
     * @param cause the underlying failure
     */
    public JournalException(String message, Throwable cause) {
        super(message, cause);
    }
}

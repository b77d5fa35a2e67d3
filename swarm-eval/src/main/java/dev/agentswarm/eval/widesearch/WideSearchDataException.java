package dev.agentswarm.eval.widesearch;

/**
 * Bad WideSearch input: a dataset file, an evaluation setting or a gold table that cannot be used. The message names
 * the file and the task and says what is wrong.
 */
public final class WideSearchDataException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    /**
     * @param message what is wrong, naming the file and the task
     */
    public WideSearchDataException(String message) {
        super(message);
    }

    /**
     * @param message what is wrong, naming the file and the task
     * @param cause the underlying failure
     */
    public WideSearchDataException(String message, Throwable cause) {
        super(message, cause);
    }
}

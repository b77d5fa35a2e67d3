package dev.agentswarm.cli;

/** Bad input from the user: the CLI prints the message as one line and exits with code 2. */
public final class UsageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** @param message what is wrong and what to do instead */
    public UsageException(String message) {
        super(message);
    }
}

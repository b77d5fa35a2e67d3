package dev.agentswarm.temporal;

/**
 * A run could not be started or followed on Temporal: the service cannot be reached, or the workflow failed in a way
 * that yields no {@link dev.agentswarm.report.SwarmResult} (a worker of another library version, an unknown swarm).
 * The message says what to do.
 */
public final class TemporalSwarmException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * @param message what happened and what to do
     * @param cause the Temporal failure
     */
    public TemporalSwarmException(String message, Throwable cause) {
        super(message, cause);
    }
}

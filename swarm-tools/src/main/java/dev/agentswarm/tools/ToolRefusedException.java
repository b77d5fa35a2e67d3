package dev.agentswarm.tools;

/**
 * Thrown by a tool when it refuses a request because the request breaks one of the tool's safety rules
 * (a path outside the sandbox, a URL that points at an internal address, a write to a read-only sandbox, and
 * so on).
 *
 * <p>The message is written for the model that called the tool: it says what was refused, why, and what to do
 * instead. Runtimes such as agent-swarm or LangChain4j turn the exception into an error tool result carrying
 * that message, so the model can correct itself.
 */
public class ToolRefusedException extends RuntimeException {

    /**
     * Creates a refusal with the given model-facing message.
     *
     * @param message what was refused, why, and what to do instead
     */
    public ToolRefusedException(String message) {
        super(message);
    }

    /**
     * Creates a refusal with the given model-facing message and the underlying cause.
     *
     * @param message what was refused, why, and what to do instead
     * @param cause the exception that led to the refusal
     */
    public ToolRefusedException(String message, Throwable cause) {
        super(message, cause);
    }
}

package dev.agentswarm.mcp;

/**
 * A failure of an MCP server or of one of its tools, with a message that says which server, what went wrong and, where
 * there is something to do, what to do. A tool call that fails this way becomes an error result the model reads.
 */
public final class McpException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * Makes one.
     *
     * @param message what went wrong, naming the server
     */
    public McpException(String message) {
        super(message, null, false, false);
    }
}

package dev.agentswarm.mcp;

import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.CompletableFuture;

/**
 * The two streams of one connection to an MCP server that speaks MCP's stdio framing (one JSON-RPC message per
 * line), and what ends it: a child process, or streams made in this JVM.
 */
interface McpPipe {

    /** @return what the server writes: its messages */
    InputStream fromServer();

    /** @return what the server reads */
    OutputStream toServer();

    /** @return completes with a description (e.g. "exited with code 1; stderr: …") when the server has ended */
    CompletableFuture<String> ended();

    /** Ends the server: closes its input, then stops it (forcibly when it does not stop). */
    void destroy();
}

package dev.agentswarm.mcp;

import java.time.Duration;
import java.util.Objects;

/**
 * How the swarm treats its MCP servers: timeouts, the caps that protect it from a hostile server, and restarts.
 *
 * @param callTimeout the longest one tool call may take; then it is cancelled at the server and fails
 * @param initTimeout the longest a server may take to answer {@code initialize} and {@code tools/list}
 * @param maxMessageBytes the largest MCP message read from a server; a larger one closes the connection unread
 * @param maxOutputChars the most characters of a tool result kept (the swarm's tool-output cap applies after)
 * @param maxTools the most tools taken from one server
 * @param maxRestarts how many times in a row a crashed stdio server is restarted before it is given up
 * @param restartBackoff the wait before the first restart; doubled for each further one
 * @param maxRestartBackoff the longest wait between restarts
 */
public record McpOptions(
        Duration callTimeout,
        Duration initTimeout,
        int maxMessageBytes,
        int maxOutputChars,
        int maxTools,
        int maxRestarts,
        Duration restartBackoff,
        Duration maxRestartBackoff) {

    /** 60 s per call, 30 s to start, 16 MB per message, 100,000 characters of output, 256 tools, 5 restarts from 0.5 s up to 30 s. */
    public static final McpOptions DEFAULTS = new McpOptions(
            Duration.ofSeconds(60),
            Duration.ofSeconds(30),
            16 * 1024 * 1024,
            100_000,
            256,
            5,
            Duration.ofMillis(500),
            Duration.ofSeconds(30));

    /**
     * Checks the options.
     *
     * @throws IllegalArgumentException if a duration is not positive or a cap is below 1 (restarts below 0)
     */
    public McpOptions {
        positive(callTimeout, "callTimeout");
        positive(initTimeout, "initTimeout");
        positive(restartBackoff, "restartBackoff");
        positive(maxRestartBackoff, "maxRestartBackoff");
        if (maxMessageBytes < 1024 || maxOutputChars < 1 || maxTools < 1 || maxRestarts < 0) {
            throw new IllegalArgumentException("MCP options out of range: maxMessageBytes >= 1024 (got "
                    + maxMessageBytes + "), maxOutputChars >= 1 (got " + maxOutputChars + "), maxTools >= 1 (got "
                    + maxTools + "), maxRestarts >= 0 (got " + maxRestarts + ")");
        }
    }

    private static void positive(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, got " + d);
        }
    }

    /**
     * @param timeout the longest one tool call may take
     * @return these options with that call timeout
     */
    public McpOptions withCallTimeout(Duration timeout) {
        return new McpOptions(
                timeout,
                initTimeout,
                maxMessageBytes,
                maxOutputChars,
                maxTools,
                maxRestarts,
                restartBackoff,
                maxRestartBackoff);
    }

    /**
     * @param timeout the longest a server may take to start
     * @return these options with that start timeout
     */
    public McpOptions withInitTimeout(Duration timeout) {
        return new McpOptions(
                callTimeout,
                timeout,
                maxMessageBytes,
                maxOutputChars,
                maxTools,
                maxRestarts,
                restartBackoff,
                maxRestartBackoff);
    }

    /**
     * @param bytes the largest MCP message read from a server
     * @return these options with that message cap
     */
    public McpOptions withMaxMessageBytes(int bytes) {
        return new McpOptions(
                callTimeout,
                initTimeout,
                bytes,
                maxOutputChars,
                maxTools,
                maxRestarts,
                restartBackoff,
                maxRestartBackoff);
    }

    /**
     * @param restarts how many restarts in a row
     * @param backoff the first wait, doubled each time
     * @param maxBackoff the longest wait
     * @return these options with that restart policy
     */
    public McpOptions withRestarts(int restarts, Duration backoff, Duration maxBackoff) {
        return new McpOptions(
                callTimeout, initTimeout, maxMessageBytes, maxOutputChars, maxTools, restarts, backoff, maxBackoff);
    }
}

package dev.agentswarm.temporal.workflow;

import java.nio.charset.StandardCharsets;

/** The payload caps a swarm run keeps under Temporal's limits (2 MB per payload by default). */
public final class Payloads {

    /** The most bytes of one activity argument or result, or of one workflow result or query page. */
    public static final int MAX_PAYLOAD_BYTES = 1_500_000;

    /** The most bytes of events one {@code events} query returns. */
    public static final int PAGE_BYTES = 1_000_000;

    private Payloads() {}

    /**
     * @param text a payload
     * @return its size in bytes, UTF-8
     */
    public static int bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8).length;
    }
}

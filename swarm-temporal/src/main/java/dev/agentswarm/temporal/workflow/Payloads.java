package dev.agentswarm.temporal.workflow;

import java.nio.charset.StandardCharsets;

/** The payload caps a swarm run keeps under Temporal's limits (2 MB per payload by default). */
public final class Payloads {

    /** The most bytes of one activity argument or result, or of one workflow result or query page. */
    public static final int MAX_PAYLOAD_BYTES = 1_500_000;

    /** The most bytes of events one {@code events} query returns. */
    public static final int PAGE_BYTES = 1_000_000;

    /** Payloads above this many bytes travel compressed (see {@link #pack}); smaller ones stay readable in the UI. */
    public static final int PACK_ABOVE_BYTES = 64 * 1024;

    private static final String PACKED = "gz:";

    private Payloads() {}

    /**
     * A payload as it travels: unchanged up to {@link #PACK_ABOVE_BYTES}, else gzip-compressed and Base64-encoded
     * behind a {@code gz:} prefix (JSON never starts with it). A stage of thousands of tasks gives the orchestrator a
     * request of thousands of similar tool results, which compresses about tenfold.
     *
     * @param text a JSON payload
     * @return it, packed if large
     */
    public static String pack(String text) {
        if (bytes(text) <= PACK_ABOVE_BYTES) {
            return text;
        }
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        try (java.util.zip.GZIPOutputStream gz = new java.util.zip.GZIPOutputStream(out)) {
            gz.write(text.getBytes(StandardCharsets.UTF_8));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return PACKED + java.util.Base64.getEncoder().encodeToString(out.toByteArray());
    }

    /**
     * @param payload a payload as {@link #pack} gave it
     * @return the original text
     */
    public static String unpack(String payload) {
        if (!payload.startsWith(PACKED)) {
            return payload;
        }
        byte[] packed = java.util.Base64.getDecoder().decode(payload.substring(PACKED.length()));
        try (java.util.zip.GZIPInputStream gz =
                new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(packed))) {
            return new String(gz.readAllBytes(), StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /**
     * @param text a payload
     * @return its size in bytes, UTF-8
     */
    public static int bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8).length;
    }
}

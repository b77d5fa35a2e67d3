package dev.agentswarm.test.cassette;

/** A replayed run sent a request that its cassette does not hold; the message shows the diff to the nearest one. */
public final class CassetteMissException extends RuntimeException {

    /**
     * @param message what was asked, and its diff against the nearest recorded request
     */
    public CassetteMissException(String message) {
        super(message);
    }
}

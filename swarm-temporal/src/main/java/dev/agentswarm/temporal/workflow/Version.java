package dev.agentswarm.temporal.workflow;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** The library version this worker or client runs, compared at the start of every run. */
public final class Version {

    /** This library's version. */
    public static final String CURRENT = load();

    private Version() {}

    private static String load() {
        try (InputStream in = Version.class.getResourceAsStream("/dev/agentswarm/temporal/swarm-temporal.properties")) {
            if (in == null) {
                throw new IllegalStateException("swarm-temporal.properties is missing from the swarm-temporal jar");
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version", "unknown");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package dev.agentswarm.cli;

import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.agentswarm.security.Redactor;
import java.util.Objects;

/**
 * The CLI's log layout: a pattern layout whose every line, stack traces included, is redacted. The runtime never
 * logs a secret, but the libraries under it may: LangChain4j logs each retry of its own client with the exception,
 * and the JDK's exception for a key with a line break quotes the key. The CLI installs the redactor of the keys it
 * read before it runs anything.
 */
public final class RedactingLayout extends PatternLayout {

    private static volatile Redactor redactor = Redactor.defaults();

    /** Creates the layout; logback configures its pattern. */
    public RedactingLayout() {}

    /**
     * Sets what every log line of the process is redacted with.
     *
     * @param r the redactor of the keys the CLI read
     */
    static void use(Redactor r) {
        redactor = Objects.requireNonNull(r, "redactor");
    }

    @Override
    public String doLayout(ILoggingEvent event) {
        return redactor.redact(super.doLayout(event));
    }
}

package dev.agentswarm.spring.autoconfigure;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/** Checks of property values; each failure names the property, what is allowed and what was given. */
final class Check {

    private Check() {}

    static IllegalArgumentException fail(String property, String rule, Object given) {
        return new IllegalArgumentException(
                AgentSwarmProperties.PREFIX + "." + property + " " + rule + ", got " + given);
    }

    static void atLeast(String property, long value, long min) {
        if (value < min) {
            throw fail(property, "must be at least " + min, value);
        }
    }

    static void positive(String property, @Nullable Duration value) {
        if (value != null && (value.isNegative() || value.isZero())) {
            throw fail(property, "must be a positive duration", value);
        }
    }

    static void notNegative(String property, @Nullable Duration value) {
        if (value != null && value.isNegative()) {
            throw fail(property, "must not be negative", value);
        }
    }
}

package dev.agentswarm.observability;

import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/** The failure class of a redacted one-line failure description ({@code Redactor.describe}: "Class: message"). */
final class Failures {

    private static final Pattern CLASS_NAME = Pattern.compile("[A-Za-z_$][A-Za-z0-9_$.]{0,127}");

    private Failures() {}

    /**
     * @param description a description such as {@code RateLimitException: slow down}, or null
     * @param fallback the type when the description names no class
     * @return the class's simple name, or the fallback
     */
    static String type(@Nullable String description, String fallback) {
        if (description == null) {
            return fallback;
        }
        int colon = description.indexOf(':');
        String head = (colon < 0 ? description : description.substring(0, colon)).strip();
        return CLASS_NAME.matcher(head).matches() ? head : fallback;
    }
}

package dev.agentswarm.tool;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import org.jspecify.annotations.Nullable;

/**
 * Checks that a tool call's arguments are one JSON value before a LangChain4j tool executor reads them. The executors
 * read leniently: they bind the first value and ignore what follows, so {@code {…}{…}} or {@code {…} garbage} would
 * run the tool with the first object. Blank arguments pass (executors read them as no arguments).
 */
final class ToolCallArguments {

    private static final JsonFactory JSON = JsonFactory.builder().build();

    private ToolCallArguments() {}

    /**
     * @param arguments the raw arguments of a call
     * @return why they are not one JSON value, or null when they are (or are blank)
     */
    static @Nullable String problem(@Nullable String arguments) {
        if (arguments == null || arguments.isBlank()) {
            return null;
        }
        try (JsonParser parser = JSON.createParser(arguments)) {
            if (parser.nextToken() == null) {
                return null;
            }
            parser.skipChildren();
            JsonToken next;
            try {
                next = parser.nextToken();
            } catch (JsonProcessingException e) {
                return "unexpected content after the JSON value at column "
                        + parser.currentLocation().getColumnNr() + ": " + e.getOriginalMessage();
            }
            return next == null
                    ? null
                    : "they hold more than one JSON value: another one begins at column "
                            + parser.currentTokenLocation().getColumnNr();
        } catch (JsonProcessingException e) {
            return e.getOriginalMessage();
        } catch (IOException e) {
            return String.valueOf(e.getMessage());
        }
    }
}

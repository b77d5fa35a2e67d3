package dev.agentswarm.event;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/**
 * The Jackson setup under which every {@link SwarmEvent} (and every report value it carries) round-trips: instants
 * as ISO-8601 strings ({@code 2025-01-01T10:00:00Z}), durations as ISO-8601 durations ({@code PT1.5S}), the event
 * kind in a {@code type} property under its stable name. Unknown properties are ignored when reading, so a journal
 * written by a newer version that added a field still reads.
 */
public final class SwarmEvents {

    private static final ObjectMapper MAPPER = newMapper();

    private SwarmEvents() {}

    /**
     * The shared mapper. It is configured once and thread-safe; do not reconfigure it (use {@link #newMapper()}).
     *
     * @return the mapper
     */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /** @return a fresh mapper with the same configuration, for callers that want to add to it */
    public static ObjectMapper newMapper() {
        return JsonMapper.builder()
                .addModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
                .build();
    }
}

package dev.agentswarm.event;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamWriteConstraints;
import com.fasterxml.jackson.core.util.JsonGeneratorDelegate;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Jackson setup under which every {@link SwarmEvent} (and every report value it carries) round-trips: instants
 * as ISO-8601 strings ({@code 2025-01-01T10:00:00Z}), durations as ISO-8601 durations ({@code PT1.5S}), the event
 * kind in a {@code type} property under its stable name. Unknown properties are ignored when reading, so a journal
 * written by a newer version that added a field still reads.
 *
 * <p>Reading and writing share one set of stream limits, so that whatever the mapper writes it can read back: a
 * string longer than {@link #MAX_STRING_LENGTH} characters (a property name longer than {@link #MAX_NAME_LENGTH}) is
 * written cut to that length, ending with a visible marker that gives the original length; nesting is limited to
 * {@link #MAX_NESTING_DEPTH} levels both ways. Content after the first JSON value of a document is an error when
 * reading ({@code FAIL_ON_TRAILING_TOKENS}).
 */
public final class SwarmEvents {

    /**
     * The longest string, in characters, that the mapper reads. It writes longer strings cut to this length, ending
     * with a visible marker, so that whatever it writes it can read back.
     */
    public static final int MAX_STRING_LENGTH = 20_000_000;

    /** The longest property name, in characters, that the mapper reads; longer names are cut when written. */
    public static final int MAX_NAME_LENGTH = 50_000;

    /** The deepest nesting of arrays and objects that the mapper reads and writes. */
    public static final int MAX_NESTING_DEPTH = 1_000;

    private static final Logger LOG = LoggerFactory.getLogger(SwarmEvents.class);

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
        JsonFactory factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxStringLength(MAX_STRING_LENGTH)
                        .maxNameLength(MAX_NAME_LENGTH)
                        .maxNestingDepth(MAX_NESTING_DEPTH)
                        .build())
                .streamWriteConstraints(StreamWriteConstraints.builder()
                        .maxNestingDepth(MAX_NESTING_DEPTH)
                        .build())
                .addDecorator((f, generator) -> new CuttingGenerator(generator))
                .build();
        return JsonMapper.builder(factory)
                .addModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .build();
    }

    /**
     * Cuts a text to a length limit, ending it with a marker that says so and gives the original length; never
     * splits a surrogate pair.
     *
     * @param text a text
     * @param max the limit, in characters
     * @return the text itself when it fits, else its start and the marker, at most {@code max} characters in all
     */
    static String cut(String text, int max) {
        if (text.length() <= max) {
            return text;
        }
        String marker =
                "\n[cut: this text was " + text.length() + " characters; the journal keeps at most " + max + "]";
        int keep = Math.max(0, max - marker.length());
        if (keep > 0 && Character.isHighSurrogate(text.charAt(keep - 1))) {
            keep--;
        }
        LOG.warn("cutting a text of {} characters to {} so that it can be read back", text.length(), max);
        return text.substring(0, keep) + marker;
    }

    /** Writes every string and property name within the read limits, cutting what is longer. */
    private static final class CuttingGenerator extends JsonGeneratorDelegate {

        CuttingGenerator(JsonGenerator delegate) {
            super(delegate, false);
        }

        @Override
        public void writeString(String text) throws IOException {
            super.writeString(text == null ? null : cut(text, MAX_STRING_LENGTH));
        }

        @Override
        public void writeString(char[] text, int offset, int len) throws IOException {
            if (len > MAX_STRING_LENGTH) {
                super.writeString(cut(new String(text, offset, len), MAX_STRING_LENGTH));
            } else {
                super.writeString(text, offset, len);
            }
        }

        @Override
        public void writeString(SerializableString text) throws IOException {
            if (text.charLength() > MAX_STRING_LENGTH) {
                super.writeString(cut(text.getValue(), MAX_STRING_LENGTH));
            } else {
                super.writeString(text);
            }
        }

        @Override
        public void writeString(java.io.Reader reader, int len) throws IOException {
            // Reads the whole text so that it can be measured; Jackson's own serializers never call this.
            StringBuilder sb = new StringBuilder();
            char[] buf = new char[8192];
            int remaining = len < 0 ? Integer.MAX_VALUE : len;
            int n;
            while (remaining > 0 && (n = reader.read(buf, 0, Math.min(buf.length, remaining))) > 0) {
                sb.append(buf, 0, n);
                remaining -= n;
            }
            writeString(sb.toString());
        }

        @Override
        public void writeUTF8String(byte[] text, int offset, int length) throws IOException {
            if (length > MAX_STRING_LENGTH) {
                writeString(new String(text, offset, length, StandardCharsets.UTF_8));
            } else {
                super.writeUTF8String(text, offset, length);
            }
        }

        @Override
        public void writeArray(String[] array, int offset, int length) throws IOException {
            writeStartArray(array, length);
            for (int i = offset; i < offset + length; i++) {
                writeString(array[i]);
            }
            writeEndArray();
        }

        @Override
        public void writeFieldName(String name) throws IOException {
            super.writeFieldName(cut(name, MAX_NAME_LENGTH));
        }

        @Override
        public void writeFieldName(SerializableString name) throws IOException {
            if (name.charLength() > MAX_NAME_LENGTH) {
                super.writeFieldName(cut(name.getValue(), MAX_NAME_LENGTH));
            } else {
                super.writeFieldName(name);
            }
        }
    }
}

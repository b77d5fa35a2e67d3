package dev.agentswarm.observability;

import io.opentelemetry.exporter.internal.otlp.traces.TraceRequestMarshaler;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Collection;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link SpanExporter} that appends each batch of spans to a file as one line of OTLP JSON: an
 * {@code ExportTraceServiceRequest} in the OTLP/JSON encoding, as the OpenTelemetry file exporter specification and
 * the collector's {@code otlpjsonfile} receiver read it. The JSON comes from the OpenTelemetry exporter's own OTLP
 * marshaler ({@code opentelemetry-exporter-otlp-common}), because the SDK's OTLP JSON logging exporter is not published
 * at the OpenTelemetry version this project uses (see ADR 0008). Needs {@code opentelemetry-sdk-trace} and
 * {@code opentelemetry-exporter-otlp-common} on the class path (optional dependencies of this module).
 *
 * <p>A failure to write is logged and reported through the export's result; it never throws.
 */
public final class OtlpJsonFileSpanExporter implements SpanExporter {

    private static final Logger LOG = LoggerFactory.getLogger(OtlpJsonFileSpanExporter.class);

    private final Path file;
    private final Object lock = new Object();
    private boolean shutdown;

    private OtlpJsonFileSpanExporter(Path file) {
        this.file = file;
    }

    /**
     * An exporter that appends to {@code file}, creating it if needed.
     *
     * @param file the OTLP JSON lines file
     * @return the exporter
     */
    public static OtlpJsonFileSpanExporter appendingTo(Path file) {
        return new OtlpJsonFileSpanExporter(Objects.requireNonNull(file, "file"));
    }

    @Override
    public CompletableResultCode export(Collection<SpanData> spans) {
        if (spans.isEmpty()) {
            return CompletableResultCode.ofSuccess();
        }
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        try {
            TraceRequestMarshaler.create(spans).writeJsonTo(line);
            line.write('\n');
            synchronized (lock) {
                if (shutdown) {
                    return CompletableResultCode.ofFailure();
                }
                try (OutputStream out = Files.newOutputStream(
                        file, StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE)) {
                    line.writeTo(out);
                }
            }
            return CompletableResultCode.ofSuccess();
        } catch (IOException | RuntimeException e) {
            LOG.warn("cannot write {} spans to {}: {}", spans.size(), file, e.toString());
            return CompletableResultCode.ofExceptionalFailure(e);
        }
    }

    @Override
    public CompletableResultCode flush() {
        return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode shutdown() {
        synchronized (lock) {
            shutdown = true;
        }
        return CompletableResultCode.ofSuccess();
    }

    @Override
    public String toString() {
        return "OtlpJsonFileSpanExporter[" + file + "]";
    }
}

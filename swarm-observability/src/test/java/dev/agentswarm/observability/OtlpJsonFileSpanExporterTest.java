package dev.agentswarm.observability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OtlpJsonFileSpanExporterTest {

    @TempDir
    Path dir;

    @Test
    void eachBatchIsOneLineOfOtlpJson() throws Exception {
        Path file = dir.resolve("trace.jsonl");
        try (SdkTracerProvider provider = SdkTracerProvider.builder()
                .addSpanProcessor(SimpleSpanProcessor.create(OtlpJsonFileSpanExporter.appendingTo(file)))
                .build()) {
            Tracer tracer = provider.get("test");
            Span parent = tracer.spanBuilder("invoke_agent orchestrator").startSpan();
            Span child = tracer.spanBuilder("chat m")
                    .setParent(Context.root().with(parent))
                    .setAttribute("gen_ai.usage.input_tokens", 12L)
                    .startSpan();
            child.end();
            parent.end();
        }
        List<String> lines = Files.readAllLines(file);
        assertThat(lines).hasSize(2);
        ObjectMapper json = new ObjectMapper();
        JsonNode first = json.readTree(lines.get(0));
        JsonNode span = first.at("/resourceSpans/0/scopeSpans/0/spans/0");
        assertThat(span.get("name").asText()).isEqualTo("chat m");
        assertThat(span.get("traceId").asText()).hasSize(32);
        assertThat(span.get("parentSpanId").asText()).hasSize(16);
        assertThat(span.at("/attributes/0/key").asText()).isEqualTo("gen_ai.usage.input_tokens");
        assertThat(span.at("/attributes/0/value/intValue").asText()).isEqualTo("12");
        assertThat(json.readTree(lines.get(1))
                        .at("/resourceSpans/0/scopeSpans/0/spans/0/name")
                        .asText())
                .isEqualTo("invoke_agent orchestrator");
    }

    @Test
    void aFileThatCannotBeWrittenFailsTheExportWithoutThrowing() throws Exception {
        OtlpJsonFileSpanExporter exporter = OtlpJsonFileSpanExporter.appendingTo(dir); // a folder, not a file
        try (SdkTracerProvider provider = SdkTracerProvider.builder()
                .addSpanProcessor(SimpleSpanProcessor.create(exporter))
                .build()) {
            provider.get("test").spanBuilder("s").startSpan().end();
        }
        assertThat(Files.isDirectory(dir)).isTrue();
        assertThat(exporter.shutdown().isSuccess()).isTrue();
    }
}

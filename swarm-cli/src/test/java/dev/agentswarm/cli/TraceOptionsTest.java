package dev.agentswarm.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --otlp-endpoint} against a WireMock OTLP/HTTP receiver on loopback, and {@code --trace-file}. */
class TraceOptionsTest {

    @TempDir
    Path dir;

    WireMockServer collector;
    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();

    @BeforeEach
    void start() {
        collector =
                new WireMockServer(WireMockConfiguration.options().dynamicPort().bindAddress("127.0.0.1"));
        collector.start();
        collector.stubFor(post(urlPathEqualTo("/v1/traces"))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/x-protobuf")));
    }

    @AfterEach
    void stop() {
        collector.stop();
    }

    int swarm(String... args) {
        return SwarmCli.execute(
                new CliContext(new PrintWriter(out, true), new PrintWriter(err, true), Map.of(), false), args);
    }

    @Test
    void otlpEndpointSendsTheRunsSpansAsOtlpProtobuf() throws Exception {
        int code = swarm(
                "demo",
                "parallel-read",
                "--speedup",
                "500",
                "--out",
                dir.toString(),
                "--otlp-endpoint",
                "http://127.0.0.1:" + collector.port());
        assertThat(code).as("stderr: %s", err).isZero();

        List<LoggedRequest> requests = collector.findAll(postRequestedFor(urlPathEqualTo("/v1/traces")));
        assertThat(requests).isNotEmpty();
        List<Span> spans = new ArrayList<>();
        for (LoggedRequest r : requests) {
            assertThat(r.getHeader("Content-Type")).isEqualTo("application/x-protobuf");
            ExportTraceServiceRequest request = ExportTraceServiceRequest.parseFrom(r.getBody());
            for (ResourceSpans rs : request.getResourceSpansList()) {
                assertThat(rs.getResource().getAttributesList())
                        .anyMatch(kv -> kv.getKey().equals("service.name")
                                && kv.getValue().getStringValue().equals("agent-swarm"));
                for (ScopeSpans ss : rs.getScopeSpansList()) {
                    assertThat(ss.getScope().getName()).isEqualTo("dev.agentswarm.observability");
                    spans.addAll(ss.getSpansList());
                }
            }
        }
        Set<String> names = spans.stream().map(Span::getName).collect(Collectors.toSet());
        assertThat(names).contains("invoke_agent orchestrator", "stage 0", "stage 1");
        assertThat(names).anyMatch(n -> n.startsWith("chat "));
        List<Span> tasks = spans.stream()
                .filter(s ->
                        s.getName().startsWith("invoke_agent ") && !s.getName().endsWith("orchestrator"))
                .toList();
        assertThat(tasks).hasSizeGreaterThanOrEqualTo(2);

        // One trace; every span but the run has its parent among the spans; tasks sit under a stage.
        Span run = spans.stream()
                .filter(s -> s.getName().equals("invoke_agent orchestrator"))
                .findFirst()
                .orElseThrow();
        assertThat(run.getParentSpanId().isEmpty()).isTrue();
        assertThat(attribute(run, "gen_ai.provider.name")).isEqualTo("agent-swarm.simulated");
        assertThat(attribute(run, "swarm.status")).isEqualTo("COMPLETED");
        Set<com.google.protobuf.ByteString> ids =
                spans.stream().map(Span::getSpanId).collect(Collectors.toCollection(HashSet::new));
        Map<com.google.protobuf.ByteString, String> nameById =
                spans.stream().collect(Collectors.toMap(Span::getSpanId, Span::getName));
        for (Span s : spans) {
            assertThat(s.getTraceId()).isEqualTo(run.getTraceId());
            if (s != run) {
                assertThat(ids).as(s.getName()).contains(s.getParentSpanId());
            }
        }
        for (Span task : tasks) {
            assertThat(nameById.get(task.getParentSpanId())).startsWith("stage ");
        }
        // No content by default.
        assertThat(spans)
                .allSatisfy(s -> assertThat(s.getAttributesList())
                        .extracting(KeyValue::getKey)
                        .noneMatch(k -> k.startsWith("gen_ai.input") || k.startsWith("gen_ai.output")));
    }

    @Test
    void traceFileWritesOtlpJsonLines() throws Exception {
        Path file = dir.resolve("trace.jsonl");
        int code = swarm(
                "run",
                "--speedup",
                "500",
                "--out",
                dir.toString(),
                "--trace-file",
                file.toString(),
                "--trace-content",
                "64",
                "task");
        assertThat(code).as("stderr: %s", err).isZero();
        List<String> lines = Files.readAllLines(file);
        assertThat(lines).isNotEmpty();
        ObjectMapper json = new ObjectMapper();
        List<String> names = new ArrayList<>();
        boolean content = false;
        for (String line : lines) {
            for (JsonNode rs : json.readTree(line).get("resourceSpans")) {
                for (JsonNode ss : rs.get("scopeSpans")) {
                    for (JsonNode span : ss.get("spans")) {
                        names.add(span.get("name").asText());
                        for (JsonNode a : span.path("attributes")) {
                            content |= a.get("key").asText().equals("gen_ai.input.messages");
                        }
                    }
                }
            }
        }
        assertThat(names).contains("invoke_agent orchestrator", "stage 0");
        assertThat(content).as("--trace-content puts messages in").isTrue();
    }

    @Test
    void badTraceOptionsAreRefusedBeforeAnythingRuns() throws Exception {
        assertThat(swarm("demo", "--otlp-endpoint", "ftp://127.0.0.1/x", "--out", dir.toString()))
                .isEqualTo(2);
        assertThat(err.toString()).contains("--otlp-endpoint").contains("http(s)");
        assertThat(swarm("run", "--trace-file", dir.toString(), "--out", dir.toString(), "task"))
                .isEqualTo(2);
        assertThat(err.toString()).contains("--trace-file").contains("folder");
        assertThat(swarm("run", "--trace-content", "10", "--out", dir.toString(), "task"))
                .isEqualTo(2);
        assertThat(err.toString()).contains("--trace-content needs");
        assertThat(Files.exists(dir.resolve("run.jsonl"))).isFalse();
        assertThat(TraceOptions.endpoint("http://localhost:4318")).isEqualTo("http://localhost:4318/v1/traces");
        assertThat(TraceOptions.endpoint("http://localhost:4318/")).isEqualTo("http://localhost:4318/v1/traces");
        assertThat(TraceOptions.endpoint("https://c.example/otlp/v1/traces"))
                .isEqualTo("https://c.example/otlp/v1/traces");
    }

    static String attribute(Span span, String key) {
        return span.getAttributesList().stream()
                .filter(kv -> kv.getKey().equals(key))
                .map(kv -> kv.getValue().getStringValue())
                .findFirst()
                .orElse("");
    }
}

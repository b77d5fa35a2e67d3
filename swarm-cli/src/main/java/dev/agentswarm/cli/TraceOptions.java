package dev.agentswarm.cli;

import dev.agentswarm.AgentSwarm;
import dev.agentswarm.observability.ContentCapture;
import dev.agentswarm.observability.OtlpJsonFileSpanExporter;
import dev.agentswarm.observability.SwarmTelemetry;
import dev.agentswarm.security.Redactor;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SdkTracerProviderBuilder;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/**
 * The tracing options of {@code run} and {@code demo}, shared as a picocli mixin: the run's spans (OpenTelemetry GenAI
 * conventions, from swarm-observability) as OTLP JSON lines in a file, sent to an OTLP/HTTP collector, or both.
 */
public final class TraceOptions {

    /** Creates the options with their defaults: no tracing. */
    public TraceOptions() {}

    @Option(
            names = "--trace-file",
            paramLabel = "FILE",
            description = "Append the run's spans to FILE as OTLP JSON lines (one ExportTraceServiceRequest a line).")
    @Nullable
    Path traceFile;

    @Option(
            names = "--otlp-endpoint",
            paramLabel = "URL",
            description = "Send the run's spans to an OTLP/HTTP collector, e.g. http://localhost:4318 "
                    + "(/v1/traces is added to a URL without a path).")
    @Nullable
    String otlpEndpoint;

    @Option(
            names = "--trace-content",
            paramLabel = "CHARS",
            description = "Put prompts and completions into the spans, redacted and cut to CHARS characters each "
                    + "(default: no content).")
    int traceContent;

    /**
     * Checks the options before anything runs.
     *
     * @throws UsageException on a bad file, URL or content size
     */
    void check() {
        if (traceFile == null && otlpEndpoint == null) {
            if (traceContent != 0) {
                throw new UsageException("--trace-content needs --trace-file or --otlp-endpoint");
            }
            return;
        }
        if (traceContent < 0) {
            throw new UsageException("--trace-content must be 0 (no content) or more, got " + traceContent);
        }
        if (traceFile != null) {
            Path file = traceFile.toAbsolutePath();
            if (Files.isDirectory(file)) {
                throw new UsageException(
                        "--trace-file " + Terminal.line(file.toString()) + " is a folder: give a file to append to");
            }
            Path parent = file.getParent();
            if (parent == null || !Files.isDirectory(parent)) {
                throw new UsageException("the folder of --trace-file " + Terminal.line(file.toString())
                        + " does not exist: create it or give another file");
            }
        }
        if (otlpEndpoint != null) {
            endpoint(otlpEndpoint);
        }
    }

    /**
     * Checks the options and, if any asks for tracing, starts the tracing of one run.
     *
     * @param ctx the CLI's context
     * @param provider the {@code gen_ai.provider.name} of the run's models
     * @return the session; {@link Session#attach} adds its listener to a swarm, {@link Session#close} flushes
     * @throws UsageException on a bad file, URL or content size
     */
    Session open(CliContext ctx, String provider) {
        check();
        if (traceFile == null && otlpEndpoint == null) {
            return new Session(ctx, null, null, ContentCapture.OFF);
        }
        ContentCapture content = traceContent == 0
                ? ContentCapture.OFF
                : ContentCapture.upTo(traceContent)
                        .withRedactor(Redactor.defaults().withSecrets(Providers.secrets(ctx)));
        SdkTracerProviderBuilder tracing = SdkTracerProvider.builder()
                .setResource(Resource.getDefault().toBuilder()
                        .put("service.name", "agent-swarm")
                        .build());
        if (traceFile != null) {
            tracing.addSpanProcessor(
                    BatchSpanProcessor.builder(OtlpJsonFileSpanExporter.appendingTo(traceFile.toAbsolutePath()))
                            .build());
        }
        if (otlpEndpoint != null) {
            tracing.addSpanProcessor(BatchSpanProcessor.builder(OtlpHttpSpanExporter.builder()
                            .setEndpoint(endpoint(otlpEndpoint))
                            .setTimeout(Duration.ofSeconds(10))
                            .build())
                    .build());
        }
        SdkTracerProvider tracerProvider = tracing.build();
        SwarmTelemetry telemetry = SwarmTelemetry.builder()
                .openTelemetry(OpenTelemetrySdk.builder()
                        .setTracerProvider(tracerProvider)
                        .build())
                .providerName(genAiProvider(provider))
                .build();
        return new Session(ctx, tracerProvider, telemetry, content);
    }

    /** The GenAI conventions' provider names of the CLI's providers. */
    private static String genAiProvider(String cliProvider) {
        return switch (cliProvider) {
            case "anthropic" -> "anthropic";
            case "gemini" -> "gcp.gemini";
            case "simulated" -> "agent-swarm.simulated";
            default -> cliProvider;
        };
    }

    /**
     * The traces URL of an OTLP/HTTP endpoint: as given when it has a path, else with {@code /v1/traces}.
     *
     * @param url the option's value
     * @return the URL to post spans to
     * @throws UsageException if it is not an http(s) URL
     */
    static String endpoint(String url) {
        URI uri;
        try {
            uri = URI.create(url.strip());
        } catch (IllegalArgumentException e) {
            throw new UsageException(
                    "--otlp-endpoint " + Terminal.line(url) + " is not a URL: give one such as http://localhost:4318");
        }
        String scheme = uri.getScheme();
        if (scheme == null
                || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))
                || uri.getHost() == null) {
            throw new UsageException("--otlp-endpoint " + Terminal.line(url)
                    + " is not an http(s) URL with a host: give one such as http://localhost:4318");
        }
        String path = uri.getRawPath();
        String base = uri.toString();
        if (path == null || path.isEmpty() || path.equals("/")) {
            return (base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + "/v1/traces";
        }
        return base;
    }

    /** The tracing of one run. */
    static final class Session implements AutoCloseable {
        private final CliContext ctx;
        private final @Nullable SdkTracerProvider provider;
        private final @Nullable SwarmTelemetry telemetry;
        private final ContentCapture content;

        Session(
                CliContext ctx,
                @Nullable SdkTracerProvider provider,
                @Nullable SwarmTelemetry telemetry,
                ContentCapture content) {
            this.ctx = ctx;
            this.provider = provider;
            this.telemetry = telemetry;
            this.content = content;
        }

        /**
         * Adds the tracing listener to a swarm, if tracing is on.
         *
         * @param builder the swarm's builder
         * @return the builder
         */
        AgentSwarm.Builder attach(AgentSwarm.Builder builder) {
            return telemetry == null ? builder : builder.listener(telemetry.listener(content));
        }

        /** Processes the run's last events and exports its spans (waiting at most 10 seconds for each). */
        @Override
        public void close() {
            if (telemetry == null || provider == null) {
                return;
            }
            telemetry.close();
            if (!provider.shutdown().join(10, TimeUnit.SECONDS).isSuccess()) {
                ctx.err().println("warning: not every span was exported (the file or collector failed or timed out)");
            }
        }
    }
}

package dev.agentswarm.benchmarks;

import dev.agentswarm.AgentSwarm;
import dev.agentswarm.RunOptions;
import dev.agentswarm.model.SwarmModel;
import dev.agentswarm.observability.OtlpJsonFileSpanExporter;
import dev.agentswarm.observability.SwarmTelemetry;
import dev.agentswarm.report.RunStatus;
import dev.agentswarm.report.SwarmResult;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import reactor.core.scheduler.Schedulers;

/**
 * Tracing and metrics on against off, on the overhead workload of the macro harness (section 1: N tasks of K = 3
 * non-blocking calls of latency L each, maxConcurrency = N). Each measurement runs in its own JVM (-Xmx2g -Xms2g),
 * off and on interleaved, after the same warm-up as {@link ForkedMeasurement}. "On" is swarm-observability's
 * {@link SwarmTelemetry} with an OpenTelemetry SDK (a batch span processor writing OTLP JSON lines to a temporary file)
 * and a Micrometer {@link SimpleMeterRegistry}.
 *
 * <pre>
 * java -cp "$(cat swarm-benchmarks/target/classpath.txt):swarm-benchmarks/target/swarm-benchmarks-0.1.0-SNAPSHOT.jar" \
 *     dev.agentswarm.benchmarks.TelemetryOverhead [N] [L ms] [reps]
 * </pre>
 */
public final class TelemetryOverhead {

    private TelemetryOverhead() {}

    /**
     * Runs the comparison, or, with {@code child}, one measurement.
     *
     * @param args {@code [N] [L ms] [reps]}, or {@code child on|off N L}
     * @throws Exception if a measurement fails
     */
    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("child")) {
            child(args[1], Integer.parseInt(args[2]), Long.parseLong(args[3]));
            System.exit(0);
        }
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        long l = args.length > 1 ? Long.parseLong(args[1]) : 1_000;
        int reps = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        if (args.length > 3) {
            for (String mode : args[3].split(",")) {
                fork(mode, n, l);
            }
            return;
        }
        List<Double> off = new ArrayList<>();
        List<Double> on = new ArrayList<>();
        for (int i = 0; i < reps; i++) {
            off.add(fork("off", n, l));
            on.add(fork("on", n, l));
        }
        double offMedian =
                Ratios.median(off.stream().mapToDouble(Double::doubleValue).toArray());
        double onMedian =
                Ratios.median(on.stream().mapToDouble(Double::doubleValue).toArray());
        System.out.println(String.format(
                Locale.ROOT,
                "| %,d | %d ms | %.0f ms %s | %.0f ms %s | **%.3f** |",
                n,
                l,
                offMedian,
                off,
                onMedian,
                on,
                onMedian / offMedian));
    }

    private static double fork(String mode, int n, long l) throws Exception {
        List<String> cmd = List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx2g",
                "-Xms2g",
                "-cp",
                System.getProperty("java.class.path"),
                TelemetryOverhead.class.getName(),
                "child",
                mode,
                Integer.toString(n),
                Long.toString(l));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String result = null;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.startsWith("RESULT ")) {
                    result = line;
                    System.out.println(line);
                }
            }
        }
        if (!p.waitFor(30, TimeUnit.MINUTES) || p.exitValue() != 0 || result == null) {
            throw new IllegalStateException("measurement " + mode + " failed");
        }
        return Double.parseDouble(ForkedMeasurement.field(result, "makespanMs"));
    }

    private static void child(String mode, int n, long l) throws Exception {
        FakeModel fake = new FakeModel(n, ForkedMeasurement.K, Duration.ofMillis(l), false);
        SwarmModel model = fake.nonBlocking(Schedulers.parallel());
        AgentSwarm swarm = ForkedMeasurement.swarm(model, n);
        Path file = Files.createTempFile("swarm-trace", ".jsonl");
        var tracingBuilder = SdkTracerProvider.builder();
        if (!mode.equals("trace-noexport")) {
            tracingBuilder.addSpanProcessor(BatchSpanProcessor.builder(OtlpJsonFileSpanExporter.appendingTo(file))
                    .build());
        }
        SdkTracerProvider tracing = tracingBuilder.build();
        SwarmTelemetry.Builder b = SwarmTelemetry.builder().providerName("fake");
        if (mode.equals("on") || mode.startsWith("trace")) {
            b.openTelemetry(
                    OpenTelemetrySdk.builder().setTracerProvider(tracing).build());
        }
        if (mode.equals("on") || mode.equals("meters")) {
            b.meterRegistry(new SimpleMeterRegistry());
        }
        SwarmTelemetry telemetry = b.build();
        RunOptions options = mode.equals("off")
                ? RunOptions.defaults()
                : mode.equals("noop")
                        ? RunOptions.defaults().withListener(event -> {})
                        : RunOptions.defaults().withListener(telemetry.listener());
        // Warm up as a long-running service would be: with the same listener, so that the telemetry's code is
        // compiled too, then let the telemetry catch up so that its worker is idle when the measurement starts.
        for (int i = 0; i < 15; i++) {
            FakeModel m = new FakeModel(2_000, ForkedMeasurement.K, Duration.ZERO);
            ForkedMeasurement.swarm(m.nonBlocking(Schedulers.parallel()), 2_000)
                    .execute("warm-up", options)
                    .block();
        }
        if (!telemetry.flush(Duration.ofMinutes(2))) {
            throw new IllegalStateException("the telemetry did not catch up after the warm-up");
        }
        tracing.forceFlush().join(2, TimeUnit.MINUTES);
        long warmUpBytes = Files.size(file);
        System.gc();
        long t0 = System.nanoTime();
        SwarmResult r = swarm.execute("process " + n + " items", options).block();
        long t1 = System.nanoTime();
        if (r == null || r.status() != RunStatus.COMPLETED) {
            throw new IllegalStateException("run did not complete");
        }
        boolean caughtUp = telemetry.flush(Duration.ofMinutes(2));
        telemetry.close();
        tracing.shutdown().join(2, TimeUnit.MINUTES);
        System.out.println(String.format(
                Locale.ROOT,
                "RESULT mode=%s n=%d L=%d makespanMs=%.1f criticalSteps=%d dropped=%d caughtUp=%s traceBytes=%d",
                mode,
                n,
                l,
                (t1 - t0) / 1e6,
                r.criticalSteps(),
                telemetry.droppedEvents(),
                caughtUp,
                Files.size(file) - warmUpBytes));
        Files.deleteIfExists(file);
    }
}

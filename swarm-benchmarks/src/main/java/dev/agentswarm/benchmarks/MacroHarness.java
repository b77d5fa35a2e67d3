package dev.agentswarm.benchmarks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * The macro harness: one command that runs every macro scenario, each measurement in its own JVM
 * ({@link ForkedMeasurement}), prints the ratio tables and writes them as a markdown snippet.
 *
 * <p>Usage: {@code MacroHarness [--quick] [--out FILE] [--java21 PATH] [--reps N] [--sections 123456]}. {@code --quick} uses small N and
 * short latencies for a smoke test; {@code --java21} names a JDK 21+ {@code java} for the virtual-thread rows
 * (default: {@code $JAVA21_HOME/bin/java}, else {@code /usr/lib/jvm/temurin-25-jdk-amd64/bin/java}).
 */
public final class MacroHarness {

    private final String classpath = System.getProperty("java.class.path");
    private final String java17 =
            Path.of(System.getProperty("java.home"), "bin", "java").toString();
    private final @Nullable String java21;
    private final boolean quick;
    private final int reps;
    private final String sections;
    private final StringBuilder md = new StringBuilder();
    private final List<String> waves = new ArrayList<>();

    private MacroHarness(boolean quick, @Nullable String java21, int reps, String sections) {
        this.sections = sections;
        this.quick = quick;
        this.java21 = java21;
        this.reps = reps;
    }

    /**
     * @param args see the class comment
     * @throws Exception if a child JVM cannot be started or the snippet cannot be written
     */
    public static void main(String[] args) throws Exception {
        boolean quick = false;
        Path out = Path.of("target", "benchmarks-results.md");
        String java21 = defaultJava21();
        int reps = 3;
        String sections = "123456";
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--quick" -> quick = true;
                case "--out" -> out = Path.of(args[++i]);
                case "--java21" -> java21 = args[++i];
                case "--reps" -> reps = Integer.parseInt(args[++i]);
                case "--sections" -> sections = args[++i];
                default ->
                    throw new IllegalArgumentException(
                            "unknown argument '" + args[i]
                                    + "'; usage: MacroHarness [--quick] [--out FILE] [--java21 PATH] [--reps N] [--sections 123456]");
            }
        }
        MacroHarness h = new MacroHarness(quick, java21, quick ? 1 : reps, sections);
        h.run();
        Path parent = out.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.writeString(out, h.md.toString(), StandardCharsets.UTF_8);
        System.out.println("\nwrote " + out.toAbsolutePath());
    }

    private static @Nullable String defaultJava21() {
        String home = System.getenv("JAVA21_HOME");
        Path p = home != null ? Path.of(home, "bin", "java") : Path.of("/usr/lib/jvm/temurin-25-jdk-amd64/bin/java");
        return Files.isExecutable(p) ? p.toString() : null;
    }

    private void run() throws Exception {
        md.append("<!-- written by MacroHarness on ")
                .append(LocalDateTime.now(ZoneId.systemDefault()).format(DateTimeFormatter.ISO_LOCAL_DATE_TIME))
                .append(quick ? " (--quick)" : "")
                .append(" -->\n\n");
        machine();
        if (sections.contains("1")) {
            overhead();
        }
        if (sections.contains("2")) {
            blocking();
        }
        if (sections.contains("3")) {
            agentic();
        }
        if (sections.contains("4")) {
            wideSearch();
        }
        if (sections.contains("5")) {
            rateLimit();
        }
        if (sections.contains("6")) {
            fastModels();
        }
    }

    private void machine() throws Exception {
        String info = "cores: " + Runtime.getRuntime().availableProcessors() + "; memory: " + memTotal()
                + "; JDK 17: " + javaVersion(java17) + "; JDK 21+: " + (java21 == null ? "none" : javaVersion(java21))
                + "; load at start: " + load();
        System.out.println(info);
        md.append("Machine: ").append(info).append("\n\n");
    }

    // 1. overhead against the critical-path bound
    private void overhead() throws Exception {
        long l = quick ? 200 : 1000;
        int[] ns = quick ? new int[] {1_000, 10_000} : new int[] {1_000, 10_000, 100_000};
        header(
                "1. Overhead against the critical-path bound (non-blocking model, K = 3, L = " + l + " ms, "
                        + "maxConcurrency = N, -Xmx2g -Xms2g)",
                "| JDK | N | makespan (median) | bound = critical steps x L | ratio (median) | runs | target | peak heap | GC | load |",
                "|---|---|---|---|---|---|---|---|---|---|");
        List<String> javas = new ArrayList<>(List.of(java17));
        if (java21 != null) {
            javas.add(java21);
        }
        for (String java : javas) {
            for (int n : ns) {
                if (!java.equals(java17) && n < 10_000) {
                    continue;
                }
                int r = n >= 100_000 ? 1 : reps;
                List<Map<String, String>> runs = new ArrayList<>();
                String load = load();
                for (int i = 0; i < r; i++) {
                    runs.add(child(java, List.of("-Xmx2g", "-Xms2g"), "swarm", n, l, 0));
                }
                double[] ratios = runs.stream().mapToDouble(m -> d(m, "ratio")).toArray();
                double[] ms = runs.stream().mapToDouble(m -> d(m, "makespanMs")).toArray();
                Map<String, String> last = runs.get(runs.size() - 1);
                String target = n == 10_000 ? "<= 1.05" : n == 100_000 ? "<= 1.15" : "-";
                row(String.format(
                        Locale.ROOT,
                        "| %s | %,d | %.0f ms | %s ms | **%.3f** (%s) | %d | %s | %s MB | %s ms | %s |",
                        last.get("jdk"),
                        n,
                        Ratios.median(ms),
                        last.get("boundMs"),
                        Ratios.median(ratios),
                        list(ratios),
                        r,
                        target,
                        last.get("peakHeapMB"),
                        last.get("gcMs"),
                        load));
                waves.add("JDK " + last.get("jdk") + ", N = " + n + ": " + last.get("waves"));
            }
        }
        md.append(
                "\nWhen each wave of model calls arrived (last run of each row; ms after the start: first arrival + spread; "
                        + "o1/o2 = orchestrator turns, t1..t3 = the tasks' calls):\n\n");
        for (String w : waves) {
            md.append("- ").append(w).append('\n');
        }
        int memN = ns[ns.length - 1];
        Map<String, String> mem = child(java17, List.of("-Xmx2g", "-Xms2g"), "swarm-memory", memN, l, 0);
        md.append(String.format(
                Locale.ROOT,
                "%nLive heap with %s of %,d tasks in flight (full GC at the moment every task "
                        + "has made its first call): %s MB over an idle %s MB, **%s bytes per in-flight task** (-Xmx2g).%n%n",
                mem.get("inFlight"),
                memN,
                mem.get("inFlightHeapMB"),
                mem.get("idleHeapMB"),
                mem.get("bytesPerTask")));
        System.out.println("memory: " + mem);
    }

    // 2. the blocking ChatModel adapter
    private void blocking() throws Exception {
        header(
                "2. Blocking ChatModel adapter (Thread.sleep fake via SwarmModel.of(name, ChatModel), K = 3)",
                "| JDK | blocking scheduler | N | L | makespan | bound | ratio | load |",
                "|---|---|---|---|---|---|---|---|");
        List<long[]> on17 = quick
                ? List.of(new long[] {100, 100})
                : List.of(new long[] {100, 1000}, new long[] {100, 100}, new long[] {1000, 100});
        for (long[] c : on17) {
            blockingRow(java17, (int) c[0], c[1]);
        }
        if (java21 != null) {
            List<long[]> on21 = quick
                    ? List.of(new long[] {1000, 100})
                    : List.of(new long[] {1000, 1000}, new long[] {10_000, 1000}, new long[] {1000, 100}, new long[] {
                        10_000, 100
                    });
            for (long[] c : on21) {
                blockingRow(java21, (int) c[0], c[1]);
            }
        }
        md.append('\n');
    }

    private void blockingRow(String java, int n, long l) throws Exception {
        String load = load();
        Map<String, String> m = child(java, List.of("-Xmx2g"), "swarm-blocking", n, l, 0);
        row(String.format(
                Locale.ROOT,
                "| %s | %s | %,d | %d ms | %s ms | %s ms | **%s** | %s |",
                m.get("jdk"),
                "true".equals(m.get("vt")) ? "virtual threads" : "boundedElastic (10 x cores)",
                n,
                l,
                m.get("makespanMs"),
                m.get("boundMs"),
                m.get("ratio"),
                load));
    }

    // 3. side by side with LangChain4j agentic
    private void agentic() throws Exception {
        String java = java21 != null ? java21 : java17;
        long l = quick ? 200 : 1000;
        int[] ns = quick ? new int[] {100, 1000} : new int[] {100, 1_000, 10_000};
        long cap = quick ? 60 : 240;
        header(
                "3. Side by side with LangChain4j agentic 1.19.0-beta29 (same blocking fake ChatModel, K = 3, L = " + l
                        + " ms, JDK " + (java21 != null ? "21+" : "17")
                        + "; the swarm's orchestrator turns answer at once, so "
                        + "both have the bound K x L; -Xmx8g for agentic, -Xmx2g for the swarm)",
                "| N | agentic parallelBuilder makespan | agentic / (K x L) | swarm makespan | swarm / (K x L) "
                        + "| **agentic / swarm makespan** | load |",
                "|---|---|---|---|---|---|---|");
        for (int n : ns) {
            String load = load();
            Map<String, String> a = child(java, List.of("-Xmx8g"), "agentic", n, l, cap);
            Map<String, String> sb = child(java, List.of("-Xmx2g"), "swarm-blocking-instant-orchestrator", n, l, 0);
            boolean stopped = "true".equals(a.get("stopped"));
            double am = d(a, "makespanMs");
            double sm = d(sb, "makespanMs");
            row(String.format(
                    Locale.ROOT,
                    "| %,d | %s | %s | %.0f ms | %s | **%s%.2f** | %s |",
                    n,
                    stopped
                            ? "> " + cap + " s (stopped; " + a.get("calls") + " of " + a.get("expectedCalls")
                                    + " calls done)"
                            : String.format(Locale.ROOT, "%.0f ms", am),
                    stopped
                            ? "> " + String.format(Locale.ROOT, "%.1f", am / (ForkedMeasurement.K * l))
                            : a.get("ratio"),
                    sm,
                    sb.get("ratio"),
                    stopped ? "> " : "",
                    am / sm,
                    load));
        }
        md.append('\n');
    }

    // 4. swarm against single agent
    private void wideSearch() throws Exception {
        int items = 20;
        long l = quick ? 100 : 250;
        header(
                "4. Swarm against single agent, wide-search-like (" + items + " items, each 2 tool turns + 1 answer; "
                        + "L = " + l + " ms; single agent = swarm-eval SingleAgentBaseline, same fake model)",
                "| swarm wall | swarm critical steps | single wall | single critical steps | wall speedup | "
                        + "critical-step speedup | realised fraction (target >= 0.95) | load |",
                "|---|---|---|---|---|---|---|---|");
        String load = load();
        Map<String, String> m = child(java17, List.of("-Xmx2g"), "widesearch", items, l, 0);
        row(String.format(
                Locale.ROOT,
                "| %s ms | %s | %s ms | %s | %s | %s | **%s** | %s |",
                m.get("swarmMs"),
                m.get("swarmSteps"),
                m.get("singleMs"),
                m.get("singleSteps"),
                m.get("wallSpeedup"),
                m.get("stepSpeedup"),
                m.get("realised"),
                load));
        md.append('\n');
    }

    // 5. under a rate limit
    private void rateLimit() throws Exception {
        int n = quick ? 100 : 200;
        int rpm = quick ? 150 : 300;
        long l = 100;
        header(
                "5. Under a rate limit (subagent model limited to R requests per minute, sliding window; N = " + n
                        + ", K = 3, L = " + l + " ms, JDK 17)",
                "| requests T | R per minute | makespan | quota bound T / R | ratio | window bound (ceil(T/R) - 1) min + 3 L "
                        + "| ratio | load |",
                "|---|---|---|---|---|---|---|---|");
        String load = load();
        Map<String, String> m = child(java17, List.of("-Xmx2g"), "ratelimit", n, l, rpm);
        row(String.format(
                Locale.ROOT,
                "| %s | %s | %s ms | %s ms | **%s** | %s ms | **%s** | %s |",
                m.get("requests"),
                m.get("rpm"),
                m.get("makespanMs"),
                m.get("quotaBoundMs"),
                m.get("ratioQuota"),
                m.get("windowBoundMs"),
                m.get("ratioWindow"),
                load));
        md.append('\n');
        header(
                "5b. Longest-first against FIFO on a skewed mix (20 tasks, the last one 10x slower, maxConcurrency = 4, "
                        + "K = 3, L = " + l + " ms, JDK 17)",
                "| FIFO makespan | longest-first makespan | FIFO / longest-first | load |",
                "|---|---|---|---|");
        load = load();
        Map<String, String> o = child(java17, List.of("-Xmx2g"), "ordering", 20, l, 0);
        row(String.format(
                Locale.ROOT,
                "| %s ms | %s ms | **%s** | %s |",
                o.get("fifoMs"),
                o.get("longestFirstMs"),
                o.get("fifoOverLongestFirst"),
                load));
        md.append('\n');
    }

    // 6. fast models: N tasks x K calls of 100 ms, side by side with a plain reference in the same harness run
    private void fastModels() throws Exception {
        long l = 100;
        int[] ns = quick ? new int[] {1_000, 10_000} : new int[] {1_000, 10_000, 100_000};
        header(
                "6. Fast models against a plain reference (N tasks x K = 3 sequential calls of L = " + l
                        + " ms, the orchestrator answering at once, bound K x L = " + (3 * l) + " ms; -Xmx2g -Xms2g; "
                        + "reference: one virtual thread per task sleeping K times on JDK 21+, one timer chain per task "
                        + "on a scheduled pool of one thread per core on JDK 17; model port alone: the swarm rows' "
                        + "simulated model called K times per task with no swarm)",
                "| JDK | N | reference / bound | model port alone / bound | swarm non-blocking / bound | **swarm / reference** | "
                        + "swarm blocking ChatModel / bound | **blocking / reference** | peak heap (swarm, last run) | GC (swarm, each run) "
                        + "| target | load |",
                "|---|---|---|---|---|---|---|---|---|---|---|---|");
        List<String> javas = new ArrayList<>(List.of(java17));
        if (java21 != null) {
            javas.add(java21);
        }
        List<String> fastWaves = new ArrayList<>();
        for (String java : javas) {
            boolean vt = !java.equals(java17);
            for (int n : ns) {
                fastRow(java, vt, n, l, List.of("-Xmx2g", "-Xms2g"), "", fastWaves);
                if (!vt && n >= 100_000) {
                    // JDK 17's G1 keeps the young generation at 5 % of this heap while 100,000 tasks' state survives
                    // each collection; the same row with a larger young generation, for both sides, shows the cost
                    // of that (docs/benchmarks.md, section 13g).
                    fastRow(
                            java,
                            false,
                            n,
                            l,
                            List.of("-Xmx2g", "-Xms2g", "-XX:+UnlockExperimentalVMOptions", "-XX:G1NewSizePercent=40"),
                            " (G1NewSizePercent=40)",
                            fastWaves);
                }
            }
        }
        md.append(
                "\nWhen each wave of the swarm's model calls arrived (last non-blocking run of each row; ms after the "
                        + "start: first arrival + spread):\n\n");
        for (String w : fastWaves) {
            md.append("- ").append(w).append('\n');
        }
        md.append('\n');
    }

    /** One row of section 6: the reference, the swarm and (on 21+) the blocking swarm, each in its own JVMs. */
    private void fastRow(
            String java, boolean vt, int n, long l, List<String> jvmArgs, String label, List<String> fastWaves)
            throws IOException, InterruptedException {
        // Every N gets the same repetitions: at 100,000 a single run moves by up to 1.0 between JVMs (whether G1
        // collects during the waves), so a row is the median of its runs, and each run's GC time is shown.
        int r = reps;
        String load = load();
        List<String> gcs = new ArrayList<>();
        double[] ref = new double[r];
        double[] port = new double[r];
        double[] swarm = new double[r];
        double[] blocking = new double[r];
        Map<String, String> last = Map.of();
        for (int i = 0; i < r; i++) {
            ref[i] = d(child(java, jvmArgs, "plain", n, l, 0), "ratio");
            port[i] = d(child(java, jvmArgs, "model-port", n, l, 0), "ratio");
            last = child(java, jvmArgs, "swarm-instant-orchestrator", n, l, 0);
            swarm[i] = d(last, "ratio");
            gcs.add(last.get("gcMs"));
            // The blocking adapter runs a thread per call in flight: virtual threads on 21+; on 17 a pool sized to the
            // swarm, which this workload does not measure (section 2 does).
            blocking[i] =
                    vt ? d(child(java, jvmArgs, "swarm-blocking-instant-orchestrator", n, l, 0), "ratio") : Double.NaN;
        }
        double rm = Ratios.median(ref);
        double sm = Ratios.median(swarm);
        double bm = vt ? Ratios.median(blocking) : Double.NaN;
        String target = n == 10_000 ? "<= 1.15" : n == 100_000 ? "<= 3.0" : "-";
        row(String.format(
                Locale.ROOT,
                "| %s%s | %,d | %.3f | %.3f | %.3f (%s) | **%.2f** | %s | **%s** | %s MB | %s ms | %s; swarm / "
                        + "reference <= 1.15 | %s |",
                last.get("jdk"),
                label,
                n,
                rm,
                Ratios.median(port),
                sm,
                list(swarm),
                sm / rm,
                vt ? String.format(Locale.ROOT, "%.3f (%s)", bm, list(blocking)) : "n/a (JDK 17)",
                vt ? String.format(Locale.ROOT, "%.2f", bm / rm) : "n/a",
                last.get("peakHeapMB"),
                String.join(", ", gcs),
                target,
                load));
        fastWaves.add("JDK " + last.get("jdk") + label + ", N = " + n + ": " + last.get("waves"));
    }

    private void header(String title, String columns, String rule) {
        System.out.println("\n" + title + "\n" + columns);
        md.append("#### ")
                .append(title)
                .append("\n\n")
                .append(columns)
                .append('\n')
                .append(rule)
                .append('\n');
    }

    private void row(String row) {
        System.out.println(row);
        md.append(row).append('\n');
    }

    private Map<String, String> child(String java, List<String> jvmArgs, String kind, int n, long l, long cap)
            throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(java);
        cmd.addAll(jvmArgs);
        cmd.add("-cp");
        cmd.add(classpath);
        cmd.add(ForkedMeasurement.class.getName());
        cmd.add(kind);
        cmd.add(Integer.toString(n));
        cmd.add(Long.toString(l));
        if (cap > 0) {
            cmd.add(Long.toString(cap));
        }
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String result = null;
        StringBuilder log = new StringBuilder();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.startsWith("RESULT ")) {
                    result = line;
                } else if (log.length() < 4000) {
                    log.append(line).append('\n');
                }
            }
        }
        if (!p.waitFor(30, TimeUnit.MINUTES) || p.exitValue() != 0 || result == null) {
            throw new IllegalStateException("scenario " + kind + " n=" + n + " L=" + l + " failed (exit "
                    + (p.isAlive() ? "timeout" : p.exitValue()) + "):\n" + log);
        }
        System.err.println("  " + result);
        Map<String, String> m = new LinkedHashMap<>();
        for (String kv : result.substring("RESULT ".length()).split(" ")) {
            int eq = kv.indexOf('=');
            if (eq > 0) {
                m.put(kv.substring(0, eq), kv.substring(eq + 1));
            }
        }
        return m;
    }

    private static double d(Map<String, String> m, String key) {
        String v = m.get(key);
        if (v == null) {
            throw new IllegalStateException("no " + key + " in " + m);
        }
        return Double.parseDouble(v);
    }

    private static String list(double[] values) {
        StringBuilder sb = new StringBuilder();
        for (double v : values) {
            sb.append(sb.length() == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.3f", v));
        }
        return sb.toString();
    }

    private static String load() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException | RuntimeException e) {
            return "n/a";
        }
    }

    private static String memTotal() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal:")) {
                    long kb = Long.parseLong(line.replaceAll("\\D", ""));
                    return String.format(Locale.ROOT, "%.1f GiB", kb / 1048576.0);
                }
            }
        } catch (IOException | RuntimeException e) {
            // fall through
        }
        return "n/a";
    }

    private static String javaVersion(String java) throws IOException, InterruptedException {
        Process p =
                new ProcessBuilder(java, "-version").redirectErrorStream(true).start();
        String first;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            first = r.readLine();
            while (r.readLine() != null) {
                // drain
            }
        }
        p.waitFor();
        return first == null ? "unknown" : first.trim();
    }
}

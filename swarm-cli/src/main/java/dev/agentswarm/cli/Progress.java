package dev.agentswarm.cli;

import dev.agentswarm.event.SwarmEvent;
import dev.agentswarm.event.SwarmEventListener;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * Live progress of a run. In a terminal it redraws, a few times a second, a table of every subagent task (state,
 * steps, tokens, elapsed) and the critical steps so far; otherwise it prints one plain line per task start, task end
 * and stage end. Subagent names are model output: they are printed escaped ({@code Terminal.line}), so a name with
 * ANSI sequences or control characters cannot move the cursor, clear the screen or rewrite earlier lines.
 */
public final class Progress implements SwarmEventListener, AutoCloseable {

    private final PrintWriter out;
    private final boolean tty;
    private final Clock clock;
    private final Map<String, Row> rows = new ConcurrentSkipListMap<>(Progress::compareIds);
    private final AtomicInteger critical = new AtomicInteger();
    private final AtomicInteger stageMax = new AtomicInteger();
    private final @Nullable ScheduledExecutorService redraw;
    private int drawnLines;

    /**
     * @param out where to print
     * @param tty whether to redraw a table (a terminal) or print plain lines
     * @param clock the run's clock, for elapsed times
     */
    public Progress(PrintWriter out, boolean tty, Clock clock) {
        this.out = out;
        this.tty = tty;
        this.clock = clock;
        if (tty) {
            redraw = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "swarm-progress");
                t.setDaemon(true);
                return t;
            });
            // The schedule ends with the executor, which close() shuts down: nothing waits on this future.
            ScheduledFuture<?> unused = redraw.scheduleAtFixedRate(this::draw, 0, 150, TimeUnit.MILLISECONDS);
        } else {
            redraw = null;
        }
    }

    private static final class Row {
        final String id;
        final String agent;
        volatile String state = "queued";
        volatile int steps;
        volatile long tokens;
        volatile @Nullable Instant started;
        volatile @Nullable Duration took;

        /** Both are printed on a terminal, so both are escaped once here (a subagent's name is model output). */
        Row(String id, String agent) {
            this.id = Terminal.line(id);
            this.agent = Terminal.line(agent);
        }
    }

    // Events arrive one at a time (a run delivers them under its one lock); the redraw thread only reads the rows.
    @SuppressWarnings("NonAtomicVolatileUpdate")
    @Override
    public void onEvent(SwarmEvent event) {
        if (event instanceof SwarmEvent.TaskAssigned e && e.taskId() != null) {
            rows.put(e.taskId(), new Row(e.taskId(), e.agent()));
        } else if (event instanceof SwarmEvent.TaskStarted e && e.taskId() != null) {
            Row r = rows.computeIfAbsent(e.taskId(), id -> new Row(id, e.agent()));
            r.state = "running";
            r.started = e.at();
            plain(String.format(Locale.ROOT, "  %-8s %-14s started", r.id, Terminal.line(e.agent())));
        } else if (event instanceof SwarmEvent.ModelCallFinished e && e.taskId() != null) {
            Row r = rows.get(e.taskId());
            if (r != null) {
                r.steps = Math.max(r.steps, e.step());
                r.tokens += e.inputTokens() + e.outputTokens();
            }
        } else if (event instanceof SwarmEvent.TaskFinished e && e.taskId() != null) {
            Row r = rows.computeIfAbsent(
                    e.taskId(), id -> new Row(id, e.result().agent()));
            r.state = e.result().status().name().toLowerCase(Locale.ROOT);
            r.steps = e.result().steps();
            r.tokens = e.result().tokens().total();
            r.took = e.result().duration();
            plain(String.format(
                    Locale.ROOT,
                    "  %-8s %-14s %s: %d steps, %,d tokens, %.1f s",
                    r.id,
                    Terminal.line(e.result().agent()),
                    r.state,
                    r.steps,
                    r.tokens,
                    r.took.toMillis() / 1000.0));
        } else if (event instanceof SwarmEvent.StageFinished e) {
            critical.addAndGet(e.mainSteps() + e.maxSubSteps());
            stageMax.set(0);
            plain(String.format(
                    Locale.ROOT,
                    "stage %d done: %d task(s), S_main %d + max S_sub %d; critical steps" + " so far %d",
                    e.stage(),
                    e.tasks(),
                    e.mainSteps(),
                    e.maxSubSteps(),
                    critical.get()));
        } else if (event instanceof SwarmEvent.StageStarted e) {
            plain("stage " + e.stage() + " started: orchestrator turn");
        }
    }

    private void plain(String line) {
        if (!tty) {
            synchronized (out) {
                out.println(line);
                out.flush();
            }
        }
    }

    private synchronized void draw() {
        List<String> lines = new ArrayList<>();
        lines.add(String.format(
                Locale.ROOT, "%-8s %-14s %-10s %5s %9s %8s", "task", "agent", "state", "steps", "tokens", "elapsed"));
        Instant now = clock.instant();
        int running = 0;
        for (Row r : rows.values()) {
            Duration d = r.took != null ? r.took : r.started != null ? Duration.between(r.started, now) : Duration.ZERO;
            if ("running".equals(r.state)) {
                running++;
            }
            lines.add(String.format(
                    Locale.ROOT,
                    "%-8s %-14s %-10s %5d %,9d %7.1fs",
                    r.id,
                    trunc(r.agent),
                    r.state,
                    r.steps,
                    r.tokens,
                    d.toMillis() / 1000.0));
        }
        lines.add(String.format(
                Locale.ROOT,
                "critical steps so far: %d   running: %d   tasks: %d",
                critical.get(),
                running,
                rows.size()));
        StringBuilder sb = new StringBuilder();
        if (drawnLines > 0) {
            sb.append("\u001b[").append(drawnLines).append('F');
        }
        for (String l : lines) {
            sb.append(l).append("\u001b[K\n");
        }
        synchronized (out) {
            out.print(sb);
            out.flush();
        }
        drawnLines = lines.size();
    }

    private static String trunc(String s) {
        return s.length() <= 14 ? s : s.substring(0, 13) + "…";
    }

    private static int compareIds(String a, String b) {
        int[] x = parse(a);
        int[] y = parse(b);
        return x[0] != y[0] ? Integer.compare(x[0], y[0]) : x[1] != y[1] ? Integer.compare(x[1], y[1]) : a.compareTo(b);
    }

    private static int[] parse(String id) {
        try {
            int t = id.indexOf("-t");
            return new int[] {Integer.parseInt(id.substring(1, t)), Integer.parseInt(id.substring(t + 2))};
        } catch (RuntimeException e) {
            return new int[] {Integer.MAX_VALUE, Integer.MAX_VALUE};
        }
    }

    /** Stops redrawing and draws the final state once. */
    @Override
    public void close() {
        if (redraw != null) {
            redraw.shutdownNow();
            draw();
        }
    }
}

package dev.agentswarm.report.html;

import dev.agentswarm.event.SwarmEvent;
import dev.agentswarm.journal.Journal;
import dev.agentswarm.policy.ModelPrice;
import dev.agentswarm.report.StageReport;
import dev.agentswarm.report.SwarmResult;
import dev.agentswarm.report.TaskResult;
import dev.agentswarm.report.TaskStatus;
import dev.agentswarm.report.TokenUsage;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * Renders one self-contained HTML file (inline CSS, SVG and a few lines of JS; no external asset) from a run's
 * journal, its events, or its {@link SwarmResult}: a Gantt timeline of the orchestrator's turns and every task with
 * the critical path highlighted (per stage the orchestrator's turn and the task with the most steps), critical steps
 * and step-makespan under the concurrency cap per stage, tokens and cost per model,
 * each task's prompt and final message, and the failures and retries. A task that waited at the swarm-wide bulkhead
 * ({@code AgentSwarm.Builder.maxTasksInFlight}) shows its {@link TaskResult#queueWait()} in the tasks table and as a
 * dashed waiting segment before its bar on the timeline (waiting is not running); the summary gives the run's total.
 *
 * <p>Every text of the run (task, prompts, final messages, names, reasons, the note) is model output or user input:
 * it is HTML-escaped wherever it appears, so a run's content never becomes markup or script. The page's only script
 * is the report's own (it counts the drawn bars). Costs come from the given {@link ModelPrice}s per model name.
 *
 * <pre>{@code
 * Files.writeString(Path.of("run.html"), HtmlReport.render(JournalReader.read(Path.of("run.jsonl")),
 *         Map.of("gpt-4o", new ModelPrice(2.5, 10)), ""));
 * }</pre>
 */
public final class HtmlReport {

    private static final int CHART_WIDTH = 1100;
    private static final int LABEL_WIDTH = 230;
    private static final int ROW = 20;
    /** The scope of a {@code bulkhead_wait} at the task bulkhead ({@code maxTasksInFlight}). */
    private static final String TASK_SCOPE = "tasks";
    /** The prefix of the scope of a {@code bulkhead_wait} at a per-model cap ({@code ModelPolicy.maxCallsInFlight}). */
    private static final String MODEL_SCOPE = "model:";

    private HtmlReport() {}

    /**
     * Renders the report of a journaled run: the fullest report, with every model call, retry and tool call.
     *
     * @param journal the journal, as {@link dev.agentswarm.journal.JournalReader} read it
     * @param prices prices per model name; a model without one shows its cost as unknown
     * @param note a line shown under the title, e.g. that the run was simulated; may be empty
     * @return the HTML document
     * @throws IllegalArgumentException if the journal holds no run
     */
    public static String render(Journal journal, Map<String, ModelPrice> prices, String note) {
        return render(journal.events(), prices, note);
    }

    /**
     * Renders a report from a run's events.
     *
     * @param events the run's events, in journal order
     * @param prices prices per model name; a model without one shows its cost as unknown
     * @param note a line shown under the title, e.g. that the run was simulated; may be empty
     * @return the HTML document
     * @throws IllegalArgumentException if the events hold no run
     */
    public static String render(List<SwarmEvent> events, Map<String, ModelPrice> prices, String note) {
        return render(Run.of(events), prices, note);
    }

    /**
     * Renders a report from a run's result, for an application that kept no journal. A result holds the stages,
     * tasks and tokens but not the individual model calls, retries and tool calls, so the timeline shows each
     * orchestrator turn as the time from its stage's start to the moment its first task was ready (its start less its
     * queue wait), without model-call marks.
     *
     * @param result the run's result
     * @param task the task the run was given (a result does not hold it)
     * @param prices prices per model name; a model without one shows its cost as unknown
     * @param note a line shown under the title; may be empty
     * @return the HTML document
     */
    public static String render(SwarmResult result, String task, Map<String, ModelPrice> prices, String note) {
        return render(Run.of(result, task), prices, note);
    }

    private static String render(Run run, Map<String, ModelPrice> prices, String note) {
        StringBuilder h = new StringBuilder(64 * 1024);
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n<title>Swarm run ")
                .append(esc(run.runId))
                .append("</title>\n<style>")
                .append(CSS)
                .append("</style></head>\n<body>\n");
        h.append("<h1>Agent swarm run report</h1>\n");
        if (!note.isBlank()) {
            h.append("<p class=\"note\">").append(esc(note)).append("</p>\n");
        }
        summary(h, run, prices);
        gantt(h, run);
        stages(h, run);
        tokens(h, run, prices);
        failures(h, run);
        tasks(h, run);
        answer(h, run);
        h.append("<p id=\"render-check\" class=\"muted\">static</p>\n<script>")
                .append(JS)
                .append("</script>\n");
        h.append("</body></html>\n");
        return h.toString();
    }

    private static void summary(StringBuilder h, Run run, Map<String, ModelPrice> prices) {
        TokenUsage total = TokenUsage.ZERO;
        for (TokenUsage t : run.tokens.values()) {
            total = total.plus(t);
        }
        int critical = 0;
        int makespan = 0;
        for (Stage s : run.stages.values()) {
            critical += s.criticalSteps();
            makespan += s.stepMakespan();
        }
        h.append("<table class=\"kv\">\n");
        row(h, "Run", esc(run.runId));
        row(h, "Task", "<div class=\"pre short\">" + esc(run.task) + "</div>");
        row(h, "Orchestrator model", esc(run.orchestratorModel));
        row(
                h,
                "Status",
                "<b class=\"status-" + esc(run.status.toLowerCase(Locale.ROOT)) + "\">" + esc(run.status) + "</b>"
                        + (run.reason == null ? "" : " &mdash; " + esc(run.reason)));
        row(h, "Wall time", seconds(run.wall()));
        row(
                h,
                "Critical steps",
                critical + " (total steps " + run.totalSteps() + ", stages " + run.stages.size() + ", tasks "
                        + run.tasks.size() + ")");
        row(
                h,
                "Step makespan",
                makespan
                        + (makespan == critical
                                ? " (no task waited for a concurrency slot)"
                                : " (under the concurrency cap, in the order the tasks started; "
                                        + (makespan - critical) + " steps more than the critical steps)"));
        row(
                h,
                "Tokens",
                String.format(Locale.ROOT, "%,d (%,d in, %,d out)", total.total(), total.input(), total.output()));
        row(h, "Cost", costText(run.tokens, prices));
        row(h, "Queue wait", queueWaitText(run));
        h.append("</table>\n");
    }

    private static void gantt(StringBuilder h, Run run) {
        List<String[]> labels = new ArrayList<>();
        StringBuilder bars = new StringBuilder();
        double span = Math.max(1, run.wall().toNanos());
        double scale = (CHART_WIDTH - LABEL_WIDTH - 10) / span;
        int y = 24;
        int band = 0;
        for (Stage s : run.stages.values()) {
            int bandTop = y;
            List<TaskView> stageTasks = run.tasksOf(s.index);
            TaskView critical = s.criticalTask(stageTasks);
            int rows = 1 + stageTasks.size();
            bars.append(String.format(
                    Locale.ROOT,
                    "<rect class=\"band%d\" x=\"0\" y=\"%d\" width=\"%d\" height=\"%d\"/>",
                    band++ % 2,
                    bandTop - 2,
                    CHART_WIDTH,
                    rows * ROW + 2));
            labels.add(new String[] {String.valueOf(y), "stage " + s.index + " · orchestrator", "orch"});
            for (Call c : s.orchestratorCalls) {
                bar(
                        bars,
                        run,
                        scale,
                        c.start,
                        c.end,
                        y,
                        c.error != null ? "bar failed" : "bar orch crit",
                        "orchestrator turn, stage " + s.index + ", " + c.model + ", " + seconds(c.duration())
                                + (c.error == null ? "" : ", failed: " + c.error));
            }
            y += ROW;
            for (TaskView t : stageTasks) {
                boolean crit = t == critical;
                String cls = t.result != null && t.result.status() != TaskStatus.COMPLETED
                        ? "bar failed"
                        : crit ? "bar crit" : "bar task";
                labels.add(new String[] {String.valueOf(y), t.id + " · " + t.agent, crit ? "crit" : ""});
                // Waiting at the swarm-wide bulkhead is not running: it is drawn apart, before the task's bar.
                Instant waitFrom = t.waitFrom();
                Instant waitTo = t.waitTo(run.end);
                if (waitFrom != null && waitTo != null) {
                    bar(
                            bars,
                            run,
                            scale,
                            waitFrom,
                            waitTo,
                            y,
                            "wait",
                            t.id + " " + t.agent + ": waited " + seconds(Duration.between(waitFrom, waitTo))
                                    + " at the swarm-wide bulkhead"
                                    + (t.result == null && t.start == null ? " (still waiting)" : "")
                                    + ", not running");
                }
                Instant runningFrom = t.runningFrom(s.start);
                if (runningFrom != null) {
                    Instant end =
                            t.result == null ? run.end : t.result.startedAt().plus(t.result.duration());
                    bar(
                            bars,
                            run,
                            scale,
                            runningFrom,
                            end,
                            y,
                            cls,
                            t.id + " " + t.agent + ": "
                                    + (t.result == null
                                            ? "unfinished"
                                            : t.result.status() + ", " + t.result.steps() + " steps, "
                                                    + seconds(t.result.duration()))
                                    + (t.queueWait().isZero()
                                            ? ""
                                            : ", after " + seconds(t.queueWait()) + " at the bulkhead")
                                    + (crit ? " (critical path)" : ""));
                }
                for (Call c : t.calls) {
                    bar(
                            bars,
                            run,
                            scale,
                            c.start,
                            c.end,
                            y + 5,
                            c.error != null ? "tick err" : "tick",
                            "model call step " + c.step + ", " + seconds(c.duration()));
                }
                y += ROW;
            }
        }
        int height = y + 6;
        h.append("<h2>Timeline</h2>\n<p class=\"muted\">One row per orchestrator turn and per task. "
                + "<span class=\"key crit\"></span> critical path (per stage, the orchestrator turn and the task with "
                + "the most steps) <span class=\"key task\"></span> other tasks <span class=\"key failed\"></span> "
                + "failed <span class=\"key wait\"></span> waiting at the swarm-wide bulkhead "
                + "(<code>maxTasksInFlight</code>), not running; thin marks are model calls. Hover for details.</p>\n");
        h.append("<div class=\"gantt\"><svg id=\"gantt\" xmlns=\"http://www.w3.org/2000/svg\" width=\"")
                .append(CHART_WIDTH)
                .append("\" height=\"")
                .append(height)
                .append("\" viewBox=\"0 0 ")
                .append(CHART_WIDTH)
                .append(' ')
                .append(height)
                .append("\">");
        axis(h, run, scale);
        h.append(bars);
        for (String[] l : labels) {
            h.append(String.format(
                    Locale.ROOT,
                    "<text class=\"label %s\" x=\"4\" y=\"%d\">%s</text>",
                    l[2],
                    Integer.parseInt(l[0]) + 13,
                    esc(l[1])));
        }
        h.append("</svg></div>\n");
    }

    private static void axis(StringBuilder h, Run run, double scale) {
        double total = run.wall().toNanos() / 1e9;
        double step = niceStep(total / 8);
        for (double t = 0; t <= total + 1e-9; t += step) {
            double x = LABEL_WIDTH + t * 1e9 * scale;
            h.append(String.format(
                    Locale.ROOT,
                    "<line class=\"grid\" x1=\"%.1f\" y1=\"16\" x2=\"%.1f\" y2=\"100000\"/>"
                            + "<text class=\"tick-label\" x=\"%.1f\" y=\"12\">%s s</text>",
                    x,
                    x,
                    x + 2,
                    trim(t)));
        }
    }

    private static void bar(
            StringBuilder out, Run run, double scale, Instant start, Instant end, int y, String cls, String title) {
        double x = LABEL_WIDTH + Math.max(0, Duration.between(run.start, start).toNanos()) * scale;
        double w = Math.max(2, Duration.between(start, end).toNanos() * scale);
        int height = cls.startsWith("tick") ? ROW - 14 : ROW - 4;
        out.append(String.format(
                Locale.ROOT,
                "<rect class=\"%s\" x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\">" + "<title>%s</title></rect>",
                cls,
                x,
                y,
                w,
                height,
                esc(title)));
    }

    private static void stages(StringBuilder h, Run run) {
        h.append("<h2>Critical steps per stage</h2>\n<p class=\"muted\">CriticalSteps = &Sigma; over stages of "
                + "(S_main + max<sub>i</sub> S_sub,i), as if every task of a stage ran at once. The step makespan is "
                + "S_main plus the steps the stage's tasks took under the concurrency cap, in the order they started "
                + "(each task takes the first free slot); it exceeds the critical steps when tasks waited for a slot."
                + "</p>\n<table><tr><th>stage</th><th>S_main</th><th>max S_sub</th><th>critical steps</th>"
                + "<th>step makespan</th><th>tasks</th><th>longest task</th><th>duration</th></tr>\n");
        int sum = 0;
        int makespan = 0;
        for (Stage s : run.stages.values()) {
            TaskView crit = s.criticalTask(run.tasksOf(s.index));
            sum += s.criticalSteps();
            makespan += s.stepMakespan();
            h.append("<tr><td>")
                    .append(s.index)
                    .append("</td><td>")
                    .append(s.mainSteps)
                    .append("</td><td>")
                    .append(s.maxSubSteps)
                    .append("</td><td><b>")
                    .append(s.criticalSteps())
                    .append("</b></td><td>")
                    .append(s.stepMakespan())
                    .append("</td><td>")
                    .append(s.taskCount)
                    .append("</td><td>")
                    .append(crit == null ? "&ndash;" : esc(crit.id))
                    .append("</td><td>")
                    .append(seconds(s.duration))
                    .append("</td></tr>\n");
        }
        h.append("<tr class=\"total\"><td>total</td><td></td><td></td><td><b>")
                .append(sum)
                .append("</b></td><td>")
                .append(makespan)
                .append("</td><td>")
                .append(run.tasks.size())
                .append("</td><td></td><td>")
                .append(seconds(run.wall()))
                .append("</td></tr></table>\n");
    }

    private static void tokens(StringBuilder h, Run run, Map<String, ModelPrice> prices) {
        h.append("<h2>Tokens and cost</h2>\n<table><tr><th>model</th><th>calls</th><th>input</th><th>output</th>"
                + "<th>cost (USD)</th></tr>\n");
        for (var e : run.tokens.entrySet()) {
            ModelPrice p = prices.get(e.getKey());
            Integer calls = run.calls.get(e.getKey());
            h.append("<tr><td>")
                    .append(esc(e.getKey()))
                    .append("</td><td>")
                    .append(calls == null ? "&ndash;" : String.valueOf(calls))
                    .append(String.format(
                            Locale.ROOT,
                            "</td><td>%,d</td><td>%,d</td><td>",
                            e.getValue().input(),
                            e.getValue().output()))
                    .append(p == null ? "unknown (no price)" : String.format(Locale.ROOT, "%.4f", p.cost(e.getValue())))
                    .append("</td></tr>\n");
        }
        h.append("</table>\n");
    }

    private static void failures(StringBuilder h, Run run) {
        h.append("<h2>Failures and retries</h2>\n");
        List<String> lines = new ArrayList<>();
        for (TaskView t : run.tasks.values()) {
            if (t.result != null && t.result.status() != TaskStatus.COMPLETED) {
                lines.add("<li><b>" + esc(t.id) + "</b> (" + esc(t.agent) + ") "
                        + esc(t.result.status().name()) + ": " + esc(String.valueOf(t.result.reason())) + "</li>");
            }
        }
        for (String e : run.callErrors) {
            lines.add("<li>model call failed: " + esc(e) + "</li>");
        }
        for (String r : run.retries) {
            lines.add("<li>retry: " + esc(r) + "</li>");
        }
        for (String r : run.reassigned) {
            lines.add("<li>re-assigned by the orchestrator: " + esc(r) + "</li>");
        }
        for (String l : run.limits) {
            lines.add("<li>limit: " + esc(l) + "</li>");
        }
        if (lines.isEmpty()) {
            h.append("<p class=\"muted\">None: every model call and task succeeded.</p>\n");
        } else {
            h.append("<ul class=\"failures\">").append(String.join("\n", lines)).append("</ul>\n");
        }
    }

    private static void tasks(StringBuilder h, Run run) {
        // The queue-wait column is there only when a task waited at the swarm-wide bulkhead.
        boolean waits = run.anyTaskWaited();
        h.append("<h2>Tasks</h2>\n<table class=\"tasks\"><tr><th>task</th><th>agent</th><th>status</th><th>steps</th>"
                + "<th>tool calls</th><th>tokens</th>"
                + (waits ? "<th title=\"waited at the swarm-wide bulkhead before it started\">queue wait</th>" : "")
                + "<th>duration</th><th>prompt and final message</th></tr>\n");
        for (TaskView t : run.tasks.values()) {
            TaskResult r = t.result;
            h.append("<tr><td>")
                    .append(esc(t.id))
                    .append("</td><td>")
                    .append(esc(t.agent))
                    .append("</td><td>")
                    .append(r == null ? "unfinished" : esc(r.status().name()))
                    .append("</td><td>")
                    .append(r == null ? "" : r.steps())
                    .append("</td><td>")
                    .append(t.toolCalls < 0 ? "&ndash;" : String.valueOf(t.toolCalls))
                    .append("</td><td>")
                    .append(
                            r == null
                                    ? ""
                                    : String.format(
                                            Locale.ROOT, "%,d", r.tokens().total()))
                    .append("</td><td>")
                    .append(waits ? queueWaitCell(t, run) + "</td><td>" : "")
                    .append(r == null ? "" : seconds(r.duration()))
                    .append("</td><td>")
                    .append("<details><summary>prompt</summary><div class=\"pre\">")
                    .append(esc(t.prompt))
                    .append("</div></details><details><summary>final message</summary><div class=\"pre\">")
                    .append(r == null ? "" : esc(r.finalMessage()))
                    .append("</div></details></td></tr>\n");
        }
        h.append("</table>\n");
    }

    private static void answer(StringBuilder h, Run run) {
        h.append("<h2>Final answer</h2>\n<div class=\"pre answer\">")
                .append(esc(run.answer))
                .append("</div>\n");
    }

    private static String queueWaitText(Run run) {
        int waited = 0;
        int stillWaiting = 0;
        Duration longest = Duration.ZERO;
        for (TaskView t : run.tasks.values()) {
            Duration w = t.queueWait();
            if (!w.isZero()) {
                waited++;
                if (w.compareTo(longest) > 0) {
                    longest = w;
                }
            }
            if (t.result == null && t.start == null && t.waitFrom != null) {
                stillWaiting++;
            }
        }
        StringBuilder text = new StringBuilder(seconds(run.queueWait()));
        if (waited == 0) {
            text.append(" (no task waited at the swarm-wide bulkhead)");
        } else {
            text.append(" summed over the ")
                    .append(waited)
                    .append(waited == 1 ? " task" : " tasks")
                    .append(" that waited at the swarm-wide bulkhead before they started (longest ")
                    .append(seconds(longest))
                    .append("); not part of their durations");
        }
        if (stillWaiting > 0) {
            text.append("; ")
                    .append(stillWaiting)
                    .append(stillWaiting == 1 ? " task was" : " tasks were")
                    .append(" still waiting when the journal ends");
        }
        if (!run.modelWaits.isEmpty()) {
            List<String> parts = new ArrayList<>();
            for (var e : run.modelWaits.entrySet()) {
                parts.add(esc(e.getKey()) + " &times; " + e.getValue());
            }
            text.append("; model calls waited at a per-model cap: ").append(String.join(", ", parts));
        }
        return text.toString();
    }

    private static String queueWaitCell(TaskView t, Run run) {
        if (t.result == null && t.start == null && t.waitFrom != null) {
            return "waiting since " + seconds(Duration.between(run.start, t.waitFrom)) + " into the run";
        }
        Duration w = t.queueWait();
        return w.isZero() ? "&ndash;" : seconds(w);
    }

    private static String costText(Map<String, TokenUsage> tokens, Map<String, ModelPrice> prices) {
        double sum = 0;
        List<String> unknown = new ArrayList<>();
        for (var e : tokens.entrySet()) {
            ModelPrice p = prices.get(e.getKey());
            if (p == null) {
                unknown.add(e.getKey());
            } else {
                sum += p.cost(e.getValue());
            }
        }
        String s = String.format(Locale.ROOT, "$%.4f", sum);
        return unknown.isEmpty() ? s : s + " + unknown for " + esc(String.join(", ", unknown)) + " (no price given)";
    }

    private static void row(StringBuilder h, String k, String v) {
        h.append("<tr><th>").append(k).append("</th><td>").append(v).append("</td></tr>\n");
    }

    private static String seconds(Duration d) {
        return String.format(Locale.ROOT, "%.2f s", d.toNanos() / 1e9);
    }

    private static double niceStep(double raw) {
        if (raw <= 0) {
            return 1;
        }
        double p = Math.pow(10, Math.floor(Math.log10(raw)));
        for (double m : new double[] {1, 2, 5, 10}) {
            if (raw <= m * p) {
                return m * p;
            }
        }
        return 10 * p;
    }

    private static String trim(double t) {
        return t == Math.rint(t) ? String.valueOf((long) t) : String.format(Locale.ROOT, "%.2f", t);
    }

    /**
     * Escapes text for HTML content and attributes.
     *
     * @param s the text
     * @return the escaped text
     */
    public static String esc(@Nullable String s) {
        if (s == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '&' -> sb.append("&amp;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&#39;");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }

    // ---- the run, folded from its events ---------------------------------------------------------------------

    private record Call(
            String model,
            int step,
            Instant start,
            Instant end,
            @Nullable String error) {
        Duration duration() {
            return Duration.between(start, end);
        }
    }

    private static final class Stage {
        final int index;
        Instant start;
        int mainSteps;
        int maxSubSteps;
        /** The tasks' steps under the concurrency cap; null in journals written before it was recorded. */
        @Nullable
        Integer subStepMakespan;

        int taskCount;
        Duration duration = Duration.ZERO;
        final List<Call> orchestratorCalls = new ArrayList<>();

        Stage(int index, Instant start) {
            this.index = index;
            this.start = start;
        }

        int criticalSteps() {
            return mainSteps + maxSubSteps;
        }

        int stepMakespan() {
            Integer m = subStepMakespan;
            return mainSteps + (m == null ? maxSubSteps : m);
        }

        @Nullable
        TaskView criticalTask(List<TaskView> tasks) {
            TaskView best = null;
            for (TaskView t : tasks) {
                if (t.result == null) {
                    continue;
                }
                if (best == null
                        || best.result == null
                        || t.result.steps() > best.result.steps()
                        || (t.result.steps() == best.result.steps()
                                && t.result.duration().compareTo(best.result.duration()) > 0)) {
                    best = t;
                }
            }
            return best;
        }
    }

    private static final class TaskView {
        final String id;
        final int stage;
        String agent = "";
        String prompt = "";

        @Nullable
        Instant start;

        @Nullable
        TaskResult result;

        /** When it began to wait at the swarm-wide bulkhead ({@code bulkhead_wait}); null if it did not. */
        @Nullable
        Instant waitFrom;

        int toolCalls;
        final List<Call> calls = new ArrayList<>();

        TaskView(String id, int stage) {
            this.id = id;
            this.stage = stage;
        }

        /** The wait at the swarm-wide bulkhead its result records; zero without a result. */
        Duration queueWait() {
            return result == null ? Duration.ZERO : result.queueWait();
        }

        /** Where the waiting segment starts on the timeline, or null if it did not wait. */
        @Nullable
        Instant waitFrom() {
            TaskResult r = result;
            if (r != null) {
                return r.queueWait().isZero() ? null : r.startedAt().minus(r.queueWait());
            }
            return waitFrom;
        }

        /** Where the waiting segment ends: when it started, or the journal's end if it still waits. */
        @Nullable
        Instant waitTo(Instant runEnd) {
            TaskResult r = result;
            if (r != null) {
                return r.queueWait().isZero() ? null : r.startedAt();
            }
            if (waitFrom == null) {
                return null;
            }
            return start == null ? runEnd : start;
        }

        /**
         * Where the running bar starts: the result's start (a task cancelled while it waited has no
         * {@code task_started}), else its {@code task_started}, else the stage's start; null while it still waits.
         */
        @Nullable
        Instant runningFrom(Instant stageStart) {
            TaskResult r = result;
            if (r != null) {
                return r.startedAt();
            }
            if (start != null) {
                return start;
            }
            return waitFrom != null ? null : stageStart;
        }
    }

    private static final class Run {
        String runId = "";
        String task = "";
        String orchestratorModel = "";
        String status = "UNFINISHED";

        @Nullable
        String reason = "the journal ends before the run finished";

        String answer = "";
        int totalSteps = -1;
        Instant start = Instant.EPOCH;
        Instant end = Instant.EPOCH;
        final Map<Integer, Stage> stages = new TreeMap<>();
        final Map<String, TaskView> tasks = new LinkedHashMap<>();
        final Map<String, TokenUsage> tokens = new TreeMap<>();
        final Map<String, Integer> calls = new TreeMap<>();
        final List<String> callErrors = new ArrayList<>();
        final List<String> retries = new ArrayList<>();
        final List<String> reassigned = new ArrayList<>();
        final List<String> limits = new ArrayList<>();
        /** Model calls that waited at a per-model cap, per scope ({@code model:<name>}). */
        final Map<String, Integer> modelWaits = new TreeMap<>();

        Duration wall() {
            return Duration.between(start, end).isNegative() ? Duration.ZERO : Duration.between(start, end);
        }

        int totalSteps() {
            if (totalSteps >= 0) {
                return totalSteps;
            }
            int sum = 0;
            for (Stage s : stages.values()) {
                sum += s.mainSteps;
            }
            for (TaskView t : tasks.values()) {
                sum += t.result == null ? 0 : t.result.steps();
            }
            return sum;
        }

        Duration queueWait() {
            Duration sum = Duration.ZERO;
            for (TaskView t : tasks.values()) {
                sum = sum.plus(t.queueWait());
            }
            return sum;
        }

        boolean anyTaskWaited() {
            for (TaskView t : tasks.values()) {
                if (!t.queueWait().isZero() || (t.result == null && t.waitFrom != null)) {
                    return true;
                }
            }
            return false;
        }

        List<TaskView> tasksOf(int stage) {
            List<TaskView> out = new ArrayList<>();
            for (TaskView t : tasks.values()) {
                if (t.stage == stage) {
                    out.add(t);
                }
            }
            return out;
        }

        TaskView task(String id, int stage) {
            return tasks.computeIfAbsent(id, k -> new TaskView(k, stage));
        }

        Stage stage(int index, Instant at) {
            return stages.computeIfAbsent(index, k -> new Stage(k, at));
        }

        static Run of(List<SwarmEvent> events) {
            Run run = new Run();
            boolean started = false;
            Map<String, SwarmEvent.ModelCallStarted> open = new LinkedHashMap<>();
            for (SwarmEvent e : events) {
                if (e.at().isAfter(run.end)) {
                    run.end = e.at();
                }
                if (e instanceof SwarmEvent.RunStarted r) {
                    started = true;
                    run.runId = r.runId();
                    run.task = r.task();
                    run.orchestratorModel = r.orchestratorModel();
                    run.start = r.at();
                    run.end = r.at();
                } else if (e instanceof SwarmEvent.RunFinished r) {
                    run.status = r.status().name();
                    run.reason = r.reason();
                    run.answer = r.answer();
                    run.totalSteps = r.totalSteps();
                } else if (e instanceof SwarmEvent.StageStarted s) {
                    run.stage(s.stage(), s.at()).start = s.at();
                } else if (e instanceof SwarmEvent.StageFinished s) {
                    Stage st = run.stage(s.stage(), s.at());
                    st.mainSteps = s.mainSteps();
                    st.maxSubSteps = s.maxSubSteps();
                    st.subStepMakespan = s.subStepMakespan();
                    st.taskCount = s.tasks();
                    st.duration = Duration.ofMillis(s.durationMillis());
                } else if (e instanceof SwarmEvent.TaskAssigned t) {
                    TaskView v = run.task(String.valueOf(t.taskId()), t.stage());
                    v.agent = t.agent();
                    v.prompt = t.prompt();
                    if (t.prompt().contains("(Attempt ")) {
                        run.reassigned.add(t.taskId() + " (" + t.agent() + ")");
                    }
                } else if (e instanceof SwarmEvent.TaskStarted t) {
                    run.task(String.valueOf(t.taskId()), t.stage()).start = t.at();
                } else if (e instanceof SwarmEvent.TaskFinished t) {
                    TaskView v = run.task(String.valueOf(t.taskId()), t.stage());
                    v.result = t.result();
                    v.agent = t.result().agent();
                    v.prompt = t.result().prompt();
                } else if (e instanceof SwarmEvent.ModelCallStarted m) {
                    open.put(key(m.taskId(), m.stage(), m.step()), m);
                } else if (e instanceof SwarmEvent.ModelCallFinished m) {
                    SwarmEvent.ModelCallStarted s = open.remove(key(m.taskId(), m.stage(), m.step()));
                    Instant begin = s == null ? m.at().minusMillis(m.latencyMillis()) : s.at();
                    Call c = new Call(m.model(), m.step(), begin, m.at(), m.error());
                    if (m.taskId() == null) {
                        run.stage(m.stage(), begin).orchestratorCalls.add(c);
                    } else {
                        run.task(m.taskId(), m.stage()).calls.add(c);
                    }
                    run.tokens.merge(m.model(), new TokenUsage(m.inputTokens(), m.outputTokens()), TokenUsage::plus);
                    run.calls.merge(m.model(), 1, Integer::sum);
                    if (m.error() != null) {
                        run.callErrors.add((m.taskId() == null
                                        ? "orchestrator, stage " + m.stage()
                                        : m.taskId() + " step " + m.step())
                                + " (" + m.model() + "): " + m.error());
                    }
                } else if (e instanceof SwarmEvent.ToolCallFinished t) {
                    if (t.taskId() != null) {
                        run.task(t.taskId(), t.stage()).toolCalls++;
                    }
                } else if (e instanceof SwarmEvent.RetryScheduled r) {
                    run.retries.add((r.taskId() == null ? "orchestrator" : r.taskId()) + " " + r.model() + " attempt "
                            + r.attempt() + " failed (" + r.reason()
                            + "), next in " + r.delayMillis() + " ms");
                } else if (e instanceof SwarmEvent.LimitHit l) {
                    run.limits.add(l.limit() + ": " + l.detail());
                } else if (e instanceof SwarmEvent.BulkheadWait w) {
                    if (w.taskId() != null && TASK_SCOPE.equals(w.scope())) {
                        TaskView v = run.task(w.taskId(), w.stage());
                        if (v.waitFrom == null) {
                            v.waitFrom = w.at();
                        }
                    } else if (w.scope().startsWith(MODEL_SCOPE)) {
                        run.modelWaits.merge(w.scope(), 1, Integer::sum);
                    }
                }
            }
            if (!started) {
                throw new IllegalArgumentException("the journal holds no run_started event");
            }
            return run;
        }

        static Run of(SwarmResult result, String task) {
            Run run = new Run();
            run.runId = result.runId();
            run.task = task;
            run.orchestratorModel = "not recorded (report rendered from a SwarmResult)";
            run.status = result.status().name();
            run.reason = result.reason();
            run.answer = result.answer();
            run.totalSteps = result.report().totalSteps();
            run.start = result.report().startedAt();
            run.end = run.start.plus(result.report().wallTime());
            run.tokens.putAll(result.report().tokensByModel());
            run.limits.addAll(result.report().limitsHit());
            for (StageReport s : result.report().stages()) {
                Stage st = run.stage(s.index(), s.startedAt());
                st.mainSteps = s.mainSteps();
                st.maxSubSteps = s.maxSubSteps();
                st.taskCount = s.tasks().size();
                st.duration = s.duration();
                Instant turnEnd = s.startedAt().plus(s.duration());
                for (TaskResult t : s.tasks()) {
                    TaskView v = run.task(t.taskId(), s.index());
                    v.agent = t.agent();
                    v.prompt = t.prompt();
                    v.start = t.startedAt();
                    v.result = t;
                    v.toolCalls = -1;
                    // The turn ended when its tasks were ready, not when a task got its place at the bulkhead.
                    Instant ready = t.startedAt().minus(t.queueWait());
                    if (ready.isBefore(turnEnd)) {
                        turnEnd = ready;
                    }
                }
                if (s.mainSteps() > 0) {
                    st.orchestratorCalls.add(new Call("orchestrator", 1, s.startedAt(), turnEnd, null));
                }
            }
            return run;
        }

        private static String key(@Nullable String taskId, int stage, int step) {
            return (taskId == null ? "orchestrator-" + stage : taskId) + "#" + step;
        }
    }

    private static final String CSS = """
            body{font:14px/1.45 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:24px;color:#1f2328;\
            background:#fff;max-width:1180px}
            h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 8px;border-bottom:1px solid #d0d7de;\
            padding-bottom:4px}
            .note{background:#fff4e5;border:1px solid #f0b45b;padding:6px 10px;border-radius:6px;display:inline-block}
            .muted{color:#57606a;font-size:13px}
            table{border-collapse:collapse;margin:6px 0}th,td{border:1px solid #d0d7de;padding:4px 8px;\
            text-align:left;vertical-align:top}th{background:#f6f8fa}
            table.kv th{width:170px}tr.total td{background:#f6f8fa}
            .pre{white-space:pre-wrap;font:12px/1.4 ui-monospace,SFMono-Regular,Menlo,monospace;background:#f6f8fa;\
            padding:6px;border-radius:4px;max-height:320px;overflow:auto}
            .pre.short{max-height:90px}.answer{max-height:none}
            .gantt{overflow-x:auto;border:1px solid #d0d7de;border-radius:6px}
            svg text{font:11px system-ui,sans-serif;fill:#1f2328}svg .label.crit{font-weight:700;fill:#b42318}
            svg .label.orch{font-weight:600}svg .tick-label{fill:#57606a}
            .grid{stroke:#d0d7de;stroke-width:1}.band0{fill:#fbfcfd}.band1{fill:#f1f4f8}
            .bar.task{fill:#6e8efb}.bar.crit{fill:#e8590c}.bar.orch{fill:#b42318}\
            .bar.failed{fill:#adb5bd;stroke:#c92a2a;stroke-width:2}
            .tick{fill:rgba(0,0,0,.28)}.tick.err{fill:#c92a2a}
            .wait{fill:#fff;stroke:#8c959f;stroke-width:1;stroke-dasharray:3 2}
            .key{display:inline-block;width:12px;height:12px;border-radius:2px;vertical-align:-2px;margin-left:8px}
            .key.crit{background:#e8590c}.key.task{background:#6e8efb}.key.failed{background:#adb5bd;\
            border:2px solid #c92a2a}.key.wait{background:#fff;border:1px dashed #8c959f}
            .status-completed{color:#1a7f37}b[class^=status-]:not(.status-completed){color:#c92a2a}
            details summary{cursor:pointer;color:#0969da}ul.failures li{margin:2px 0}
            """;

    private static final String JS = """
            (function(){var c=document.getElementById('render-check');\
            var n=document.querySelectorAll('#gantt rect.bar').length;\
            c.textContent='rendered: '+n+' bars';document.documentElement.setAttribute('data-rendered','ok');})();""";
}

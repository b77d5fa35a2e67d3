package dev.agentswarm.report.html;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentswarm.event.SwarmEvent;
import dev.agentswarm.report.RunReport;
import dev.agentswarm.report.RunStatus;
import dev.agentswarm.report.StageReport;
import dev.agentswarm.report.SwarmResult;
import dev.agentswarm.report.TaskResult;
import dev.agentswarm.report.TaskStatus;
import dev.agentswarm.report.TokenUsage;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The HTML report shows the wait at the swarm-wide bulkhead ({@code maxTasksInFlight}): the run's total in the
 * summary, each task's wait in a labelled column, and on the timeline a separate waiting segment before the task's
 * running bar (waiting is not running). The run lasts 10 s, so the timeline draws 86 px a second from x = 230.
 */
class HtmlReportQueueWaitTest {

    static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");
    static final String HOSTILE = HtmlReportTest.HOSTILE;

    static TaskResult result(String id, TaskStatus status, long startSecond, long seconds, long waitSeconds) {
        return new TaskResult(
                id,
                "worker",
                "do " + id,
                status,
                status == TaskStatus.COMPLETED ? "ok" : "",
                status == TaskStatus.COMPLETED ? null : "cancelled while it waited at the bulkhead",
                status == TaskStatus.COMPLETED ? 1 : 0,
                Map.of("m", new TokenUsage(10, 5)),
                T0.plusSeconds(startSecond),
                Duration.ofSeconds(seconds),
                Duration.ofSeconds(waitSeconds));
    }

    /**
     * s0-t0 runs at once (0-2 s); s0-t1 waits 1-4 s and runs 4-6 s; s0-t2 waits 1-5 s and is cancelled while it
     * waits (no {@code task_started}); one model call of s0-t0 waits at a per-model cap with a hostile model name.
     */
    static List<SwarmEvent> events(boolean finished) {
        List<SwarmEvent> e = new ArrayList<>(List.of(
                new SwarmEvent.RunStarted("r", -1, null, "r", T0, "go", "orch"),
                new SwarmEvent.StageStarted("r", 0, null, "r", T0),
                new SwarmEvent.TaskAssigned("r", 0, "s0-t0", "s0", T0, "worker", "do s0-t0"),
                new SwarmEvent.TaskAssigned("r", 0, "s0-t1", "s0", T0, "worker", "do s0-t1"),
                new SwarmEvent.TaskAssigned("r", 0, "s0-t2", "s0", T0, "worker", "do s0-t2"),
                new SwarmEvent.TaskStarted("r", 0, "s0-t0", "s0", T0, "worker"),
                new SwarmEvent.BulkheadWait("r", 0, "s0-t1", "s0", T0.plusSeconds(1), "tasks", 1, 1, 1),
                new SwarmEvent.BulkheadWait("r", 0, "s0-t2", "s0", T0.plusSeconds(1), "tasks", 1, 1, 2),
                new SwarmEvent.BulkheadWait("r", 0, "s0-t0", "s0-t0", T0.plusSeconds(1), "model:" + HOSTILE, 4, 4, 1)));
        if (finished) {
            e.addAll(List.of(
                    new SwarmEvent.TaskFinished(
                            "r", 0, "s0-t0", "s0", T0.plusSeconds(2), result("s0-t0", TaskStatus.COMPLETED, 0, 2, 0)),
                    new SwarmEvent.TaskStarted("r", 0, "s0-t1", "s0", T0.plusSeconds(4), "worker"),
                    new SwarmEvent.TaskFinished(
                            "r", 0, "s0-t2", "s0", T0.plusSeconds(5), result("s0-t2", TaskStatus.CANCELLED, 5, 0, 4)),
                    new SwarmEvent.TaskFinished(
                            "r", 0, "s0-t1", "s0", T0.plusSeconds(6), result("s0-t1", TaskStatus.COMPLETED, 4, 2, 3)),
                    new SwarmEvent.StageFinished("r", 0, null, "r", T0.plusSeconds(10), 1, 1, 3, 10_000, 1),
                    new SwarmEvent.RunFinished(
                            "r", 0, null, "r", T0.plusSeconds(10), RunStatus.COMPLETED, null, "done", 2, 3)));
        } else {
            // the journal ends while s0-t1 and s0-t2 still wait
            e.add(new SwarmEvent.ModelCallStarted("r", 0, "s0-t0", "s0-t0", T0.plusSeconds(10), "subagent", "m", 2));
        }
        return e;
    }

    @Test
    void theSummaryTheTasksTableAndTheTimelineShowTheQueueWait() {
        String html = HtmlReport.render(events(true), Map.of(), "");

        HtmlReportTest.assertOnlyTheReportsOwnMarkup(html);
        assertThat(html)
                .contains("<th>Queue wait</th><td>7.00 s summed over the 2 tasks that waited at the swarm-wide "
                        + "bulkhead before they started (longest 4.00 s); not part of their durations; model calls "
                        + "waited at a per-model cap: model:" + HtmlReport.esc(HOSTILE) + " &times; 1</td>");
        assertThat(html).contains("queue wait</th><th>duration</th>");
        // s0-t0 did not wait, s0-t1 waited 3 s and ran 2 s, s0-t2 waited 4 s and never ran
        assertThat(html)
                .contains("<td>s0-t0</td><td>worker</td><td>COMPLETED</td><td>1</td><td>0</td><td>15</td>"
                        + "<td>&ndash;</td><td>2.00 s</td>");
        assertThat(html)
                .contains("<td>s0-t1</td><td>worker</td><td>COMPLETED</td><td>1</td><td>0</td><td>15</td>"
                        + "<td>3.00 s</td><td>2.00 s</td>");
        assertThat(html)
                .contains("<td>s0-t2</td><td>worker</td><td>CANCELLED</td><td>0</td><td>0</td><td>15</td>"
                        + "<td>4.00 s</td><td>0.00 s</td>");
        // the timeline: a waiting segment 1-4 s, then the running bar 4-6 s
        assertThat(html)
                .contains("<rect class=\"wait\" x=\"316.0\" y=\"64\" width=\"258.0\" height=\"16\"><title>s0-t1 "
                        + "worker: waited 3.00 s at the swarm-wide bulkhead, not running</title></rect>")
                .contains("<rect class=\"bar task\" x=\"574.0\" y=\"64\" width=\"172.0\" height=\"16\"><title>s0-t1 "
                        + "worker: COMPLETED, 1 steps, 2.00 s, after 3.00 s at the bulkhead</title></rect>");
        // the task cancelled while it waited: waiting 1-5 s, and no running bar from the stage's start
        assertThat(html)
                .contains("<rect class=\"wait\" x=\"316.0\" y=\"84\" width=\"344.0\"")
                .contains("<rect class=\"bar failed\" x=\"660.0\" y=\"84\" width=\"2.0\"");
        assertThat(count(html, "<rect class=\"wait\"")).isEqualTo(2);
    }

    @Test
    void aTaskStillWaitingWhenTheJournalEndsIsDrawnWaitingNotRunning() {
        String html = HtmlReport.render(events(false), Map.of(), "");

        HtmlReportTest.assertOnlyTheReportsOwnMarkup(html);
        assertThat(html).contains("2 tasks were still waiting when the journal ends");
        assertThat(html)
                .contains("<rect class=\"wait\" x=\"316.0\" y=\"64\" width=\"774.0\" height=\"16\"><title>s0-t1 "
                        + "worker: waited 9.00 s at the swarm-wide bulkhead (still waiting), not running</title>");
        assertThat(html).contains("<td>waiting since 1.00 s into the run</td>");
        // only s0-t0 (unfinished, started) has a running bar; the waiting tasks have none
        assertThat(count(html, "<rect class=\"bar task\"")).isEqualTo(1);
    }

    @Test
    void aResultShowsTheQueueWaitOfItsTasks() {
        TaskResult waited = result("s0-t1", TaskStatus.COMPLETED, 4, 2, 3);
        StageReport stage = new StageReport(
                0,
                1,
                List.of(result("s0-t0", TaskStatus.COMPLETED, 2, 2, 0), waited),
                List.of("assign_task"),
                T0,
                Duration.ofSeconds(10));
        RunReport report = new RunReport(
                List.of(stage), Map.of("m", new TokenUsage(20, 10)), T0, Duration.ofSeconds(10), 2, List.of());
        SwarmResult result = new SwarmResult("run-1", RunStatus.COMPLETED, "done", null, List.of(), report);
        assertThat(report.queueWait()).isEqualTo(Duration.ofSeconds(3));

        String html = HtmlReport.render(result, "go", Map.of(), "");

        assertThat(html).contains("<th>Queue wait</th><td>3.00 s summed over the 1 task that waited");
        // the orchestrator's turn ended when s0-t1 was ready (1 s), not when it got its place (4 s)
        assertThat(html).contains("<title>orchestrator turn, stage 0, orchestrator, 1.00 s</title>");
        assertThat(html)
                .contains("<rect class=\"wait\" x=\"316.0\" y=\"64\" width=\"258.0\" height=\"16\"><title>s0-t1 "
                        + "worker: waited 3.00 s at the swarm-wide bulkhead, not running</title></rect>");
    }

    @Test
    void aWaitOfAnUnknownScopeIsNotCountedAsAModelCallWait() {
        List<SwarmEvent> e = new ArrayList<>(events(true));
        e.add(3, new SwarmEvent.BulkheadWait("r", 0, null, "s0", T0, "tasks", 1, 1, 1));
        e.add(3, new SwarmEvent.BulkheadWait("r", 0, "s0-t0", "s0", T0, "odd " + HOSTILE, 1, 1, 1));

        String html = HtmlReport.render(e, Map.of(), "");

        HtmlReportTest.assertOnlyTheReportsOwnMarkup(html);
        assertThat(html).contains("per-model cap: model:" + HtmlReport.esc(HOSTILE) + " &times; 1</td>");
        assertThat(html).doesNotContain("odd ").doesNotContain("tasks &times;");
    }

    @Test
    void withoutWaitsTheReportSaysSoAndHasNoQueueWaitColumn() {
        StageReport stage = new StageReport(
                0,
                1,
                List.of(result("s0-t0", TaskStatus.COMPLETED, 1, 2, 0)),
                List.of("assign_task"),
                T0,
                Duration.ofSeconds(3));
        RunReport report = new RunReport(
                List.of(stage), Map.of("m", new TokenUsage(10, 5)), T0, Duration.ofSeconds(3), 2, List.of());
        SwarmResult result = new SwarmResult("run-1", RunStatus.COMPLETED, "done", null, List.of(), report);

        String html = HtmlReport.render(result, "go", Map.of(), "");

        assertThat(html).contains("<th>Queue wait</th><td>0.00 s (no task waited at the swarm-wide bulkhead)</td>");
        assertThat(html).doesNotContain("queue wait</th>").doesNotContain("<rect class=\"wait\"");
    }

    private static int count(String s, String part) {
        int n = 0;
        for (int i = s.indexOf(part); i >= 0; i = s.indexOf(part, i + 1)) {
            n++;
        }
        return n;
    }
}

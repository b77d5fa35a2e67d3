package dev.agentswarm.report.html;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentswarm.event.SwarmEvent;
import dev.agentswarm.report.RunStatus;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The HTML report shows the step-makespan under the concurrency cap next to the critical steps: per stage (S_main
 * plus the tasks' makespan) and for the run. 128 tasks of 10 steps under a cap of 64: 11 critical steps, 21 steps of
 * makespan. A journal written before the makespan was recorded falls back to the critical steps.
 */
class HtmlReportMakespanTest {

    static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");

    static List<SwarmEvent> run(Integer stage0Makespan) {
        return List.of(
                new SwarmEvent.RunStarted("r", -1, null, "r", T0, "go", "orch"),
                new SwarmEvent.StageStarted("r", 0, null, "r", T0),
                new SwarmEvent.StageFinished("r", 0, null, "r", T0.plusSeconds(21), 1, 10, 128, 21_000, stage0Makespan),
                new SwarmEvent.StageStarted("r", 1, null, "r", T0.plusSeconds(21)),
                new SwarmEvent.StageFinished("r", 1, null, "r", T0.plusSeconds(22), 1, 0, 0, 1_000, 0),
                new SwarmEvent.RunFinished(
                        "r", 1, null, "r", T0.plusSeconds(22), RunStatus.COMPLETED, null, "done", 12, 1_282));
    }

    @Test
    void theStagesTableAndTheSummaryShowTheStepMakespan() {
        String html = HtmlReport.render(run(20), Map.of(), "");

        assertThat(html).contains("<th>critical steps</th><th>step makespan</th>");
        // stage 0: S_main 1, max S_sub 10, critical 11, makespan 1 + 20
        assertThat(html).contains("<tr><td>0</td><td>1</td><td>10</td><td><b>11</b></td><td>21</td><td>128</td>");
        assertThat(html).contains("<tr><td>1</td><td>1</td><td>0</td><td><b>1</b></td><td>1</td><td>0</td>");
        assertThat(html).contains("<tr class=\"total\"><td>total</td><td></td><td></td><td><b>12</b></td><td>22</td>");
        assertThat(html).contains("<th>Step makespan</th><td>22 (under the concurrency cap");
    }

    @Test
    void aJournalWithoutTheMakespanFallsBackToTheCriticalSteps() {
        String html = HtmlReport.render(run(null), Map.of(), "");

        assertThat(html).contains("<tr><td>0</td><td>1</td><td>10</td><td><b>11</b></td><td>11</td><td>128</td>");
        assertThat(html).contains("<th>Step makespan</th><td>12 (no task waited for a concurrency slot)");
    }
}

package dev.agentswarm.report.html;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentswarm.journal.Journal;
import dev.agentswarm.journal.JournalReader;
import dev.agentswarm.policy.ModelPrice;
import dev.agentswarm.report.RunReport;
import dev.agentswarm.report.RunStatus;
import dev.agentswarm.report.StageReport;
import dev.agentswarm.report.SwarmResult;
import dev.agentswarm.report.TaskResult;
import dev.agentswarm.report.TaskStatus;
import dev.agentswarm.report.TokenUsage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The HTML report renders from a journal and from a result, and escapes every text of the run: task, prompts, final
 * messages, agent and model names, reasons, limits and the note are model output or user input.
 */
class HtmlReportTest {

    /** Hostile text: a script, an attribute break-out with both quote kinds, and an entity. */
    static final String HOSTILE = "<script>alert(1)</script>\"'><img src=x onerror=alert(2)>&amp;";

    static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");

    @Test
    void hostileTextInAJournalIsEscapedEverywhere() {
        String h = HOSTILE.replace("\\", "\\\\").replace("\"", "\\\"");
        String jsonl = String.join(
                "\n",
                "{\"type\":\"run_started\",\"runId\":\"r-" + h + "\",\"stage\":-1,\"taskId\":null,\"parentId\":\"r\","
                        + "\"at\":\"2025-01-01T00:00:00Z\",\"task\":\"task " + h + "\",\"orchestratorModel\":\"m-" + h
                        + "\"}",
                "{\"type\":\"stage_started\",\"runId\":\"r-" + h + "\",\"stage\":0,\"taskId\":null,\"parentId\":\"r\","
                        + "\"at\":\"2025-01-01T00:00:00Z\"}",
                "{\"type\":\"task_assigned\",\"runId\":\"r-" + h
                        + "\",\"stage\":0,\"taskId\":\"s0-t0\",\"parentId\":\"s0\","
                        + "\"at\":\"2025-01-01T00:00:01Z\",\"agent\":\"agent-" + h + "\",\"prompt\":\"prompt " + h
                        + "\"}",
                "{\"type\":\"model_call_finished\",\"runId\":\"r-" + h
                        + "\",\"stage\":0,\"taskId\":\"s0-t0\",\"parentId\":"
                        + "\"s0-t0\",\"at\":\"2025-01-01T00:00:02Z\",\"role\":\"subagent\",\"model\":\"sub-" + h
                        + "\",\"step\":1,\"inputTokens\":10,\"outputTokens\":5,\"latencyMillis\":1000,\"error\":\"err "
                        + h + "\"}",
                "{\"type\":\"retry\",\"runId\":\"r-" + h + "\",\"stage\":0,\"taskId\":\"s0-t0\",\"parentId\":\"s0-t0\","
                        + "\"at\":\"2025-01-01T00:00:02Z\",\"model\":\"sub\",\"attempt\":1,\"delayMillis\":10,"
                        + "\"reason\":\"why " + h + "\"}",
                "{\"type\":\"limit_hit\",\"runId\":\"r-" + h + "\",\"stage\":0,\"taskId\":null,\"parentId\":\"s0\","
                        + "\"at\":\"2025-01-01T00:00:02Z\",\"limit\":\"lim " + h + "\",\"detail\":\"detail " + h
                        + "\"}",
                "{\"type\":\"run_finished\",\"runId\":\"r-" + h + "\",\"stage\":-1,\"taskId\":null,\"parentId\":\"r\","
                        + "\"at\":\"2025-01-01T00:00:03Z\",\"status\":\"FAILED\",\"reason\":\"reason " + h
                        + "\",\"answer\":\"answer " + h + "\",\"criticalSteps\":2,\"totalSteps\":2}",
                "");
        Journal journal = JournalReader.parse(Path.of("hostile.jsonl"), jsonl.getBytes(StandardCharsets.UTF_8));
        assertThat(journal.events()).hasSize(7);

        String html = HtmlReport.render(journal, Map.of(), "note " + HOSTILE);

        assertOnlyTheReportsOwnMarkup(html);
        assertThat(html)
                .contains("task &lt;script&gt;alert(1)&lt;/script&gt;&quot;&#39;&gt;&lt;img src=x "
                        + "onerror=alert(2)&gt;&amp;amp;");
        for (String label : List.of(
                "task ", "prompt ", "agent-", "m-", "sub-", "err ", "why ", "lim ", "detail ", "reason ", "answer ",
                "note ")) {
            assertThat(html).as(label).contains(label + HtmlReport.esc(HOSTILE));
        }
    }

    @Test
    void hostileTextInAResultIsEscapedAndTheResultRenders() {
        TaskResult task = new TaskResult(
                "s0-t0",
                "agent-" + HOSTILE,
                "prompt " + HOSTILE,
                TaskStatus.FAILED,
                "final " + HOSTILE,
                "reason " + HOSTILE,
                3,
                Map.of("sub-" + HOSTILE, new TokenUsage(100, 20)),
                T0.plusSeconds(2),
                Duration.ofSeconds(5));
        StageReport stage = new StageReport(0, 1, List.of(task), List.of("assign_task"), T0, Duration.ofSeconds(7));
        RunReport report = new RunReport(
                List.of(stage),
                Map.of("sub-" + HOSTILE, new TokenUsage(100, 20)),
                T0,
                Duration.ofSeconds(7),
                1,
                List.of("limit " + HOSTILE));
        SwarmResult result =
                new SwarmResult("run-1", RunStatus.FAILED, "answer " + HOSTILE, "why " + HOSTILE, List.of(), report);

        String html = HtmlReport.render(
                result, "task " + HOSTILE, Map.of("sub-" + HOSTILE, new ModelPrice(1_000_000, 1_000_000)), "");

        assertOnlyTheReportsOwnMarkup(html);
        for (String label :
                List.of("task ", "prompt ", "agent-", "sub-", "final ", "reason ", "limit ", "why ", "answer ")) {
            assertThat(html).as(label).contains(label + HtmlReport.esc(HOSTILE));
        }
        // the timeline has the orchestrator's turn (0 s to the task's start) and the task; costs use ModelPrice
        assertThat(html)
                .contains("orchestrator turn, stage 0, orchestrator, 2.00 s")
                .contains("5.00 s")
                .contains("$120.0000")
                .contains("4 (total steps 4, stages 1, tasks 1)");
    }

    @Test
    void aJournalWithoutARunIsRefused() {
        Journal empty = JournalReader.parse(Path.of("empty.jsonl"), new byte[0]);
        assertThatThrownBy(() -> HtmlReport.render(empty, Map.of(), ""))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("run_started");
    }

    @Test
    void escapeCoversTheFiveHtmlSpecialCharacters() {
        assertThat(HtmlReport.esc("<a href=\"x\" title='y'>&</a>"))
                .isEqualTo("&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;");
        assertThat(HtmlReport.esc(null)).isEmpty();
    }

    /** The page holds exactly one script (the report's own) and no element or attribute a run's text could add. */
    static void assertOnlyTheReportsOwnMarkup(String html) {
        assertThat(count(html, "<script")).isEqualTo(1);
        assertThat(html).doesNotContain("<img").doesNotContain("alert(1)</script>");
        // every attribute value is one of the report's own: no quote a run's text opened
        Matcher m = Pattern.compile("<[a-z][a-z0-9]*(\\s+[A-Za-z][A-Za-z0-9:-]*=\"[^\"<>]*\")*\\s*/?>")
                .matcher("");
        for (String tag : html.split("(?=<)")) {
            if (tag.startsWith("<") && !tag.startsWith("</") && !tag.startsWith("<!")) {
                String open = tag.substring(0, tag.indexOf('>') + 1);
                assertThat(m.reset(open).matches()).as(open).isTrue();
            }
        }
    }

    private static int count(String s, String part) {
        int n = 0;
        for (int i = s.indexOf(part); i >= 0; i = s.indexOf(part, i + 1)) {
            n++;
        }
        return n;
    }
}

package dev.agentswarm.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReportInvariantsTest {

    static TaskResult task(String id, int steps) {
        return new TaskResult(
                id,
                "a",
                "p",
                TaskStatus.COMPLETED,
                "m",
                null,
                steps,
                Map.of("m1", new TokenUsage(10, 2)),
                Instant.EPOCH,
                Duration.ZERO);
    }

    static StageReport stage(int index, TaskResult... tasks) {
        return new StageReport(index, 1, List.of(tasks), List.of(), Instant.EPOCH, Duration.ZERO);
    }

    @Test
    void criticalStepsSumTheLongestBranchOfEveryStage() {
        List<StageReport> stages =
                List.of(stage(0), stage(1, task("s1-t0", 2), task("s1-t1", 7)), stage(2, task("s2-t0", 1)));
        // (1 + 0) + (1 + 7) + (1 + 1)
        assertThat(CriticalSteps.of(stages)).isEqualTo(11);
        RunReport report = new RunReport(stages, Map.of(), Instant.EPOCH, Duration.ZERO, 2, List.of());
        assertThat(report.totalSteps()).isEqualTo(13);
        assertThat(report.orchestratorSteps()).isEqualTo(3);
        assertThat(report.parallelism()).isEqualTo(13.0 / 11);
        assertThat(report.tasks()).hasSize(3);
    }

    @Test
    void anEmptyRunHasNoParallelism() {
        assertThat(new RunReport(List.of(), Map.of(), Instant.EPOCH, Duration.ZERO, 0, List.of()).parallelism())
                .isZero();
    }

    @Test
    void tokensAddUpAndMissingProviderCountsAreZero() {
        assertThat(new TokenUsage(3, 4).plus(new TokenUsage(1, 1))).isEqualTo(new TokenUsage(4, 5));
        assertThat(TokenUsage.from(new dev.langchain4j.model.output.TokenUsage(7, null)))
                .isEqualTo(new TokenUsage(7, 0));
        assertThat(TokenUsage.from(null)).isEqualTo(TokenUsage.ZERO);
        assertThatThrownBy(() -> new TokenUsage(-1, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aTaskThatDidNotCompleteNeedsAReason() {
        assertThatThrownBy(() -> new TaskResult(
                        "t", "a", "p", TaskStatus.FAILED, "", null, 0, Map.of(), Instant.EPOCH, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a FAILED task needs a reason");
    }
}

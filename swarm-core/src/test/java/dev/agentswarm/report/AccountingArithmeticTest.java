package dev.agentswarm.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The arithmetic of critical-step accounting, pinned number by number: each sum, maximum and bound of
 * {@link CriticalSteps}, {@link StageReport}, {@link RunReport} and {@link TokenUsage} with inputs where an off-by-one,
 * a swapped operand or a dropped term gives a different number (the mutation-testing floor relies on these).
 */
class AccountingArithmeticTest {

    static TaskResult task(String id, int steps) {
        return ReportInvariantsTest.task(id, steps);
    }

    static StageReport stage(int index, int mainSteps, int makespan, TaskResult... tasks) {
        return new StageReport(index, mainSteps, List.of(tasks), List.of(), Instant.EPOCH, Duration.ZERO, makespan);
    }

    @Test
    void stepMakespanIsListSchedulingInStartOrder() {
        assertThat(CriticalSteps.stepMakespan(new int[0], 3)).isZero();
        assertThat(CriticalSteps.stepMakespan(new int[] {4}, 1)).isEqualTo(4);
        // As many slots as tasks: the longest task.
        assertThat(CriticalSteps.stepMakespan(new int[] {2, 7, 3}, 3)).isEqualTo(7);
        assertThat(CriticalSteps.stepMakespan(new int[] {2, 7, 3}, 8)).isEqualTo(7);
        // One slot: the sum.
        assertThat(CriticalSteps.stepMakespan(new int[] {2, 7, 3}, 1)).isEqualTo(12);
        // Two slots: 2 and 7 start at 0; 3 takes the slot freed at 2 and ends at 5; makespan 7.
        assertThat(CriticalSteps.stepMakespan(new int[] {2, 7, 3}, 2)).isEqualTo(7);
        // Two slots: 5 and 1 start at 0; 4 starts at 1 (the slot that frees first) and ends at 5; 3 starts at 5.
        assertThat(CriticalSteps.stepMakespan(new int[] {5, 1, 4, 3}, 2)).isEqualTo(8);
        // The order counts: the long task last ends later.
        assertThat(CriticalSteps.stepMakespan(new int[] {1, 1, 6}, 2)).isEqualTo(7);
        int[] wide = new int[128];
        java.util.Arrays.fill(wide, 10);
        assertThat(CriticalSteps.stepMakespan(wide, 64)).isEqualTo(20);
        assertThat(CriticalSteps.stepMakespan(new int[] {0, 0, 0}, 1)).isZero();
    }

    @Test
    void withASlotForEveryTaskTheMakespanIsTheLongestTaskAsTheSchedulingFindsIt() {
        java.util.SplittableRandom random = new java.util.SplittableRandom(7);
        for (int round = 0; round < 2_000; round++) {
            int n = 1 + random.nextInt(40);
            int[] steps = new int[n];
            int max = 0;
            for (int i = 0; i < n; i++) {
                steps[i] = random.nextInt(12);
                max = Math.max(max, steps[i]);
            }
            // A task of no steps started last needs no slot of its own; with it, the tasks outnumber the slots and
            // the makespan is found by scheduling them.
            int[] withIdle = java.util.Arrays.copyOf(steps, n + 1);
            assertThat(CriticalSteps.stepMakespan(withIdle, n)).isEqualTo(max);
            assertThat(CriticalSteps.stepMakespan(steps, n)).isEqualTo(max);
            assertThat(CriticalSteps.stepMakespan(steps, n + random.nextInt(100_000)))
                    .isEqualTo(max);
        }
        assertThatThrownBy(() -> CriticalSteps.stepMakespan(new int[] {3, -2, 1}, 100_000))
                .hasMessage("steps must be >= 0, got -2");
    }

    @Test
    void stepMakespanRejectsNoSlotsAndNegativeSteps() {
        assertThatThrownBy(() -> CriticalSteps.stepMakespan(new int[] {1}, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("slots must be >= 1, got 0");
        assertThatThrownBy(() -> CriticalSteps.stepMakespan(new int[] {1, -1}, 2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("steps must be >= 0, got -1");
        assertThat(CriticalSteps.stepMakespan(new int[] {}, 1)).isZero();
    }

    @Test
    void criticalStepsAddEveryStagesMainStepsAndLongestTask() {
        assertThat(CriticalSteps.of(List.of())).isZero();
        List<StageReport> stages =
                List.of(stage(0, 2, 0), stage(1, 3, 9, task("a", 4), task("b", 5)), stage(2, 1, 8, task("c", 8)));
        // (2 + 0) + (3 + 5) + (1 + 8)
        assertThat(CriticalSteps.of(stages)).isEqualTo(19);
    }

    @Test
    void aStageReportsItsOwnSums() {
        StageReport s = stage(3, 2, 9, task("a", 4), task("b", 5));
        assertThat(s.maxSubSteps()).isEqualTo(5);
        assertThat(s.criticalSteps()).isEqualTo(7);
        assertThat(s.stepMakespan()).isEqualTo(11);
        assertThat(s.totalSteps()).isEqualTo(11);
        assertThat(s.subStepMakespan()).isEqualTo(9);
        StageReport first = stage(0, 1, 6, task("x", 6), task("y", 2));
        assertThat(first.maxSubSteps()).isEqualTo(6);
        assertThat(first.totalSteps()).isEqualTo(9);
        StageReport empty = stage(0, 1, 0);
        assertThat(empty.maxSubSteps()).isZero();
        assertThat(empty.criticalSteps()).isEqualTo(1);
        assertThat(empty.stepMakespan()).isEqualTo(1);
        assertThat(empty.totalSteps()).isEqualTo(1);
    }

    @Test
    void theShortConstructorTakesTheLongestTaskAsTheMakespan() {
        StageReport s = new StageReport(
                0, 1, List.of(task("a", 3), task("b", 8), task("c", 2)), List.of(), Instant.EPOCH, Duration.ZERO);
        assertThat(s.subStepMakespan()).isEqualTo(8);
        assertThat(s.stepMakespan()).isEqualTo(9);
        assertThat(new StageReport(0, 1, List.of(), List.of(), Instant.EPOCH, Duration.ZERO).subStepMakespan())
                .isZero();
    }

    @Test
    void aStageMakespanMustLieBetweenItsLongestTaskAndTheSumOfItsTasks() {
        TaskResult a = task("a", 4);
        TaskResult b = task("b", 5);
        assertThat(stage(0, 1, 5, a, b).subStepMakespan()).isEqualTo(5);
        assertThat(stage(0, 1, 9, a, b).subStepMakespan()).isEqualTo(9);
        assertThatThrownBy(() -> stage(0, 1, 4, a, b))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("subStepMakespan must be between the longest task's steps (5) and the sum of the tasks' "
                        + "steps (9), got 4");
        assertThatThrownBy(() -> stage(0, 1, 10, a, b))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("got 10");
        assertThatThrownBy(() -> stage(0, 1, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("(0)");
    }

    @Test
    void aStageNeedsANonNegativeIndexAndMainSteps() {
        assertThat(stage(0, 0, 0).mainSteps()).isZero();
        assertThatThrownBy(() -> stage(-1, 1, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("index and mainSteps must be >= 0");
        assertThatThrownBy(() -> stage(0, -1, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("index and mainSteps must be >= 0");
        assertThatThrownBy(() -> new StageReport(0, 1, List.of(), List.of(), null, Duration.ZERO, 0))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("startedAt");
        assertThatThrownBy(() -> new StageReport(0, 1, List.of(), List.of(), Instant.EPOCH, null, 0))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("duration");
    }

    @Test
    void aRunAddsUpItsStages() {
        List<StageReport> stages =
                List.of(stage(0, 2, 0), stage(1, 3, 9, task("a", 4), task("b", 5)), stage(2, 1, 8, task("c", 8)));
        RunReport r = new RunReport(
                stages,
                Map.of("m1", new TokenUsage(10, 3), "m2", new TokenUsage(5, 7)),
                Instant.EPOCH,
                Duration.ofSeconds(1),
                2,
                List.of("maxTasks"));
        assertThat(r.criticalSteps()).isEqualTo(19);
        // (2 + 0) + (3 + 9) + (1 + 8)
        assertThat(r.stepMakespan()).isEqualTo(23);
        // 2 + 3 + 4 + 5 + 1 + 8
        assertThat(r.totalSteps()).isEqualTo(23);
        assertThat(r.orchestratorSteps()).isEqualTo(6);
        assertThat(r.tasks()).extracting(TaskResult::taskId).containsExactly("a", "b", "c");
        assertThat(r.tokens()).isEqualTo(new TokenUsage(15, 10));
        assertThat(r.parallelism()).isEqualTo(23.0 / 19);
        RunReport empty = new RunReport(List.of(), Map.of(), Instant.EPOCH, Duration.ZERO, 0, List.of());
        assertThat(empty.stepMakespan()).isZero();
        assertThat(empty.totalSteps()).isZero();
        assertThat(empty.orchestratorSteps()).isZero();
        assertThat(empty.tasks()).isEmpty();
        assertThat(empty.tokens()).isEqualTo(TokenUsage.ZERO);
        // A run of orchestrator turns only: total equals critical, parallelism exactly 1.
        RunReport serial = new RunReport(
                List.of(stage(0, 1, 0), stage(1, 1, 0)), Map.of(), Instant.EPOCH, Duration.ZERO, 0, List.of());
        assertThat(serial.parallelism()).isEqualTo(1.0);
    }

    @Test
    void aRunReportNeedsItsTimes() {
        assertThatThrownBy(() -> new RunReport(List.of(), Map.of(), null, Duration.ZERO, 0, List.of()))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("startedAt");
        assertThatThrownBy(() -> new RunReport(List.of(), Map.of(), Instant.EPOCH, null, 0, List.of()))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("wallTime");
    }

    @Test
    void tokenUsageAddsEachCountToItsOwn() {
        TokenUsage sum = new TokenUsage(3, 40).plus(new TokenUsage(200, 1));
        assertThat(sum.input()).isEqualTo(203);
        assertThat(sum.output()).isEqualTo(41);
        assertThat(sum.total()).isEqualTo(244);
        assertThat(TokenUsage.ZERO.total()).isZero();
        assertThat(TokenUsage.from(new dev.langchain4j.model.output.TokenUsage(null, 9)))
                .isEqualTo(new TokenUsage(0, 9));
        assertThat(TokenUsage.from(new dev.langchain4j.model.output.TokenUsage(4, 9)))
                .isEqualTo(new TokenUsage(4, 9));
        assertThat(new TokenUsage(0, 0)).isEqualTo(TokenUsage.ZERO);
        assertThatThrownBy(() -> new TokenUsage(0, -1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("token counts must be >= 0, got input=0, output=-1");
        assertThatThrownBy(() -> new TokenUsage(-2, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("token counts must be >= 0, got input=-2, output=0");
    }
}

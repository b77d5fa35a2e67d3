package dev.agentswarm.eval.detect;

import static dev.agentswarm.eval.Runs.done;
import static dev.agentswarm.eval.Runs.result;
import static dev.agentswarm.eval.Runs.stage;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentswarm.report.StageReport;
import dev.agentswarm.report.TaskResult;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ImbalanceDetectorTest {

    @Test
    void oneLongBranchAmongShortSiblingsIsImbalanced() {
        // critical = (1 + max(1, 1, 8)) + 1 = 10; share = 8/10; siblings' mean 1, 8 >= 2 * 1
        Finding f = new ImbalanceDetector()
                .detect(result("a", stage(0, done("s0-t0", 1), done("s0-t1", 1), done("s0-t2", 8)), stage(1)));

        assertThat(f.flagged()).isTrue();
        assertThat(f.value()).isEqualTo(0.8);
        assertThat(f.details())
                .containsExactly(
                        "longest branch s0-t2 took 8 of 10 critical steps; its stage s0 ran 3 task(s) with steps [1, 1, 8]");
    }

    @Test
    void equallyLongBranchesAreBalanced() {
        // critical = (1 + 3) + 1 = 5; share = 3/5 = 0.6 >= 0.5, but 3 < 2 * mean(3, 3)
        Finding f = new ImbalanceDetector()
                .detect(result("a", stage(0, done("s0-t0", 3), done("s0-t1", 3), done("s0-t2", 3)), stage(1)));

        assertThat(f.flagged()).isFalse();
        assertThat(f.value()).isEqualTo(0.6);
    }

    @Test
    void aSmallShareOfTheCriticalStepsIsNotImbalance() {
        // critical = (1 + 4) + (1 + 4) + (1 + 4) + 1 = 16; longest 4 -> share 0.25 < 0.5
        Finding f = new ImbalanceDetector()
                .detect(result(
                        "a",
                        stage(0, done("s0-t0", 1), done("s0-t1", 4)),
                        stage(1, done("s1-t0", 4)),
                        stage(2, done("s2-t0", 4)),
                        stage(3)));

        assertThat(f.flagged()).isFalse();
        assertThat(f.value()).isEqualTo(0.25);
    }

    @Test
    void aLongTaskAloneInItsStageIsSerialWorkNotImbalance() {
        // critical = (1 + 9) + 1 = 11; share = 9/11, but no sibling
        Finding f = new ImbalanceDetector().detect(result("a", stage(0, done("s0-t0", 9)), stage(1)));

        assertThat(f.flagged()).isFalse();
        assertThat(f.value()).isEqualTo(9.0 / 11);
        assertThat(new ImbalanceDetector().detect(result("a", stage(0))).value())
                .isZero();
    }

    @Test
    void twoTasksAreEnoughForImbalance() {
        // critical = (1 + 8) + 1 = 10; share 0.8; the one sibling took 1 step, 8 >= 2 * 1
        Finding f = new ImbalanceDetector().detect(result("a", stage(0, done("s0-t0", 1), done("s0-t1", 8)), stage(1)));

        assertThat(f.flagged()).isTrue();
        assertThat(f.value()).isEqualTo(0.8);
    }

    @Test
    void theSiblingsMeanIsTheirStepsOverTheirCount() {
        // siblings 1 and 1: mean 1, and 3 >= 2 * 1; critical = (1 + 3) + 1 = 5, share 0.6
        Finding f = new ImbalanceDetector()
                .detect(result("a", stage(0, done("s0-t0", 1), done("s0-t1", 1), done("s0-t2", 3)), stage(1)));

        assertThat(f.flagged()).isTrue();
        assertThat(f.value()).isEqualTo(0.6);
    }

    @Test
    void exactlyRatioTimesTheSiblingsMeanAndExactlyTheThresholdShareAreImbalanced() {
        // 4 = 2 * 2; critical = (1 + 4) + 1 = 6, share 0.667
        assertThat(new ImbalanceDetector()
                        .detect(result("a", stage(0, done("s0-t0", 2), done("s0-t1", 4)), stage(1)))
                        .flagged())
                .isTrue();
        // 4 >= 2 * 1; critical = (1 + 4) + 1 + 1 + 1 = 8, share exactly 0.5
        Finding half = new ImbalanceDetector()
                .detect(result("a", stage(0, done("s0-t0", 1), done("s0-t1", 4)), stage(1), stage(2), stage(3)));
        assertThat(half.value()).isEqualTo(0.5);
        assertThat(half.flagged()).isTrue();
    }

    @Test
    void ofEquallyLongBranchesTheFirstIsTheLongest() {
        // s0-t0 (5 steps) against a 1-step sibling is imbalanced; s1-t1 (5 steps) beside an equal sibling is not.
        // critical = (1 + 5) + (1 + 5) = 12, share 5/12 >= 0.4
        Finding f = new ImbalanceDetector(0.4, 2)
                .detect(result(
                        "a",
                        stage(0, done("s0-t0", 5), done("s0-t1", 1)),
                        stage(1, done("s1-t0", 5), done("s1-t1", 5))));

        assertThat(f.flagged()).isTrue();
        assertThat(f.details()).singleElement().asString().startsWith("longest branch s0-t0 took 5 of 12");
    }

    @Test
    void tasksWithoutStepsInARunWithoutCriticalStepsGiveZeroNotNaN() {
        List<TaskResult> tasks = List.of(done("s0-t0", 0), done("s0-t1", 0));
        Finding f = new ImbalanceDetector()
                .detect(result("a", new StageReport(0, 0, tasks, List.of(), Instant.EPOCH, Duration.ZERO)));

        assertThat(f.value()).isZero();
        assertThat(f.flagged()).isFalse();
    }

    @Test
    void theParametersAreCheckedAtTheEdgesOfTheirRanges() {
        // threshold 1 and ratio 1 are allowed: a stage without orchestrator steps whose two branches took 9 steps
        // each gives share 9/9 = 1 and 9 >= 1 * 9
        Finding all = new ImbalanceDetector(1.0, 1.0)
                .detect(result(
                        "a",
                        new StageReport(
                                0,
                                0,
                                List.of(done("s0-t0", 9), done("s0-t1", 9)),
                                List.of(),
                                Instant.EPOCH,
                                Duration.ZERO)));
        assertThat(all.value()).isEqualTo(1.0);
        assertThat(all.flagged()).isTrue();
        assertThatThrownBy(() -> new ImbalanceDetector(0.0, 2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("got 0.0 and 2.0");
        assertThatThrownBy(() -> new ImbalanceDetector(1.01, 2)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ImbalanceDetector(0.5, 0.99)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ImbalanceDetector(Double.NaN, 2)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ImbalanceDetector(0.5, Double.NaN)).isInstanceOf(IllegalArgumentException.class);
    }
}

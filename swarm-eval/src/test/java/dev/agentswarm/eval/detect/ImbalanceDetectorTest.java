package dev.agentswarm.eval.detect;

import static dev.agentswarm.eval.Runs.done;
import static dev.agentswarm.eval.Runs.result;
import static dev.agentswarm.eval.Runs.stage;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ImbalanceDetectorTest {

    @Test
    void oneLongBranchAmongShortSiblingsIsImbalanced() {
        // critical = (1 + max(1, 1, 8)) + 1 = 10; share = 8/10; siblings' mean 1, 8 >= 2 * 1
        Finding f = new ImbalanceDetector().detect(result("a",
                stage(0, done("s0-t0", 1), done("s0-t1", 1), done("s0-t2", 8)), stage(1)));

        assertThat(f.flagged()).isTrue();
        assertThat(f.value()).isEqualTo(0.8);
        assertThat(f.details()).containsExactly(
                "longest branch s0-t2 took 8 of 10 critical steps; its stage s0 ran 3 task(s) with steps [1, 1, 8]");
    }

    @Test
    void equallyLongBranchesAreBalanced() {
        // critical = (1 + 3) + 1 = 5; share = 3/5 = 0.6 >= 0.5, but 3 < 2 * mean(3, 3)
        Finding f = new ImbalanceDetector().detect(result("a",
                stage(0, done("s0-t0", 3), done("s0-t1", 3), done("s0-t2", 3)), stage(1)));

        assertThat(f.flagged()).isFalse();
        assertThat(f.value()).isEqualTo(0.6);
    }

    @Test
    void aSmallShareOfTheCriticalStepsIsNotImbalance() {
        // critical = (1 + 4) + (1 + 4) + (1 + 4) + 1 = 16; longest 4 -> share 0.25 < 0.5
        Finding f = new ImbalanceDetector().detect(result("a",
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
        assertThat(new ImbalanceDetector().detect(result("a", stage(0))).value()).isZero();
    }
}

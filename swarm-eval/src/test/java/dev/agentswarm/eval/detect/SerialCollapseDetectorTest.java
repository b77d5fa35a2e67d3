package dev.agentswarm.eval.detect;

import static dev.agentswarm.eval.Runs.done;
import static dev.agentswarm.eval.Runs.result;
import static dev.agentswarm.eval.Runs.stage;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentswarm.report.SwarmResult;
import org.junit.jupiter.api.Test;

class SerialCollapseDetectorTest {

    @Test
    void twoTasksInTwoStagesAreACollapse() {
        SwarmResult serial = result("a", stage(0), stage(1, done("s1-t0", 2)), stage(2, done("s2-t0", 2)), stage(3));

        Finding f = new SerialCollapseDetector().detect(serial);

        assertThat(f.flagged()).isTrue();
        assertThat(f.value()).isEqualTo(1.0);
        assertThat(f.detector()).isEqualTo("serial_collapse");
        assertThat(f.details()).containsExactly("2 tasks in 4 stages, at most 1 per stage");
    }

    @Test
    void twoTasksInOneStageAreNot() {
        SwarmResult parallel = result("a", stage(0, done("s0-t0", 2), done("s0-t1", 2)), stage(1));

        Finding f = new SerialCollapseDetector().detect(parallel);

        assertThat(f.flagged()).isFalse();
        assertThat(f.value()).isEqualTo(2.0);
    }

    @Test
    void aSingleTaskCollapsesOnlyWhenTheTaskIsKnownToBeParallelisable() {
        SwarmResult single = result("a", stage(0, done("s0-t0", 5)), stage(1));
        SwarmResult none = result("a", stage(0));

        assertThat(new SerialCollapseDetector().detect(single).flagged()).isFalse();
        assertThat(new SerialCollapseDetector().detect(single, true).flagged()).isTrue();
        assertThat(new SerialCollapseDetector().detect(none, true).flagged()).isTrue();
        assertThat(new SerialCollapseDetector().detect(none, true).value()).isZero();
        assertThat(new SerialCollapseDetector(3)
                        .detect(result("a", stage(0, done("a", 1)), stage(1, done("b", 1))))
                        .flagged())
                .isFalse();
    }

    @Test
    void aTaskNotKnownToBeParallelisableIsJudgedByItsTaskCount() {
        SwarmResult single = result("a", stage(0, done("s0-t0", 5)), stage(1));
        SwarmResult serial = result("a", stage(0, done("s0-t0", 2)), stage(1, done("s1-t0", 2)), stage(2));

        assertThat(new SerialCollapseDetector().detect(single, false).flagged()).isFalse();
        Finding f = new SerialCollapseDetector().detect(serial, false);
        assertThat(f.flagged()).isTrue();
        assertThat(f.details()).containsExactly("2 tasks in 3 stages, at most 1 per stage");
    }

    @Test
    void minTasksBelowTwoIsRefused() {
        assertThatThrownBy(() -> new SerialCollapseDetector(1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("got 1");
        assertThat(new SerialCollapseDetector(2)
                        .detect(result("a", stage(0, done("a", 1)), stage(1, done("b", 1))))
                        .flagged())
                .isTrue();
    }
}

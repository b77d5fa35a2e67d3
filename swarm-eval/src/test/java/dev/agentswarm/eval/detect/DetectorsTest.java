package dev.agentswarm.eval.detect;

import static dev.agentswarm.eval.Runs.done;
import static dev.agentswarm.eval.Runs.result;
import static dev.agentswarm.eval.Runs.stage;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DetectorsTest {

    @Test
    void allRunsTheThreeDetectorsWithTheirDefaultsInOrder() {
        // two serial tasks: serial collapse; both completed, distinct prompts: not spurious; alone in their stages:
        // not imbalanced
        var findings = Detectors.all(result("a", stage(0, done("s0-t0", 2)), stage(1, done("s1-t0", 3)), stage(2)));

        assertThat(findings)
                .extracting(Finding::detector)
                .containsExactly("serial_collapse", "spurious_parallelism", "imbalance");
        assertThat(findings).extracting(Finding::flagged).containsExactly(true, false, false);
        assertThat(findings).extracting(Finding::value).containsExactly(1.0, 1.0, 3.0 / 8);
    }
}

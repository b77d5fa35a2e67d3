package dev.agentswarm.eval.detect;

import dev.agentswarm.report.SwarmResult;
import java.util.List;

/** Runs every detector with its defaults. */
public final class Detectors {

    private Detectors() {}

    /**
     * @param result a run
     * @return the findings of serial collapse, spurious parallelism and imbalance, in that order
     */
    public static List<Finding> all(SwarmResult result) {
        return List.of(
                new SerialCollapseDetector().detect(result),
                new SpuriousParallelismDetector().detect(result),
                new ImbalanceDetector().detect(result));
    }
}

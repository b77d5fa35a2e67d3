package dev.agentswarm.eval.detect;

import java.util.List;
import java.util.Objects;

/**
 * What a detector found in a run.
 *
 * @param detector the detector's name: {@code serial_collapse}, {@code spurious_parallelism} or {@code imbalance}
 * @param flagged whether the pathology is present
 * @param value the detector's measure (documented per detector)
 * @param details human-readable evidence, for example the near-duplicate prompt pairs
 */
public record Finding(String detector, boolean flagged, double value, List<String> details) {

    /** Validates and copies the finding.
     * @param detector the detector's name: {@code serial_collapse}, {@code spurious_parallelism} or {@code imbalance}
     * @param flagged whether the pathology is present
     * @param value the detector's measure (documented per detector)
     * @param details human-readable evidence, for example the near-duplicate prompt pairs */
    public Finding {
        Objects.requireNonNull(detector, "detector");
        details = List.copyOf(details);
    }
}

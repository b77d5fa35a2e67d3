package dev.agentswarm.spring.runs;

import dev.agentswarm.spring.autoconfigure.AgentSwarmProperties;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The {@code agent-swarm.runs.*} properties: how the runs started through the starter ({@link SwarmRuns}, the web
 * endpoints) are accepted and kept.
 *
 * @param retainedRuns how many finished runs are kept for {@code GET}; the oldest is dropped first
 * @param retention how long a finished run is kept
 * @param maxTaskChars the longest task accepted
 * @param maxTotalTokens the tokens every run started here may use together; once used, starting a run
 *     is refused with 409; unset: no cap
 */
@ConfigurationProperties(SwarmRunsProperties.PREFIX)
public record SwarmRunsProperties(
        @DefaultValue("100") int retainedRuns,
        @DefaultValue("1h") Duration retention,
        @DefaultValue("100000") int maxTaskChars,
        @Nullable Long maxTotalTokens) {

    /** The prefix of these properties. */
    public static final String PREFIX = AgentSwarmProperties.PREFIX + ".runs";

    /**
     * Checks every value.
     *
     * @param retainedRuns see the type's description
     * @param retention see the type's description
     * @param maxTaskChars see the type's description
     * @param maxTotalTokens see the type's description
     */
    public SwarmRunsProperties {
        if (retainedRuns < 0) {
            throw fail("retained-runs", "must be at least 0", retainedRuns);
        }
        if (retention.isNegative()) {
            throw fail("retention", "must not be negative", retention);
        }
        if (maxTaskChars < 1) {
            throw fail("max-task-chars", "must be at least 1", maxTaskChars);
        }
        if (maxTotalTokens != null && maxTotalTokens < 1) {
            throw fail("max-total-tokens", "must be at least 1", maxTotalTokens);
        }
    }

    private static IllegalArgumentException fail(String property, String rule, Object given) {
        return new IllegalArgumentException(PREFIX + "." + property + " " + rule + ", got " + given);
    }
}

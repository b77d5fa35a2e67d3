package dev.agentswarm.report;

/**
 * Input and output tokens of one or more model calls.
 *
 * @param input tokens sent to the model, never negative
 * @param output tokens the model generated, never negative
 */
public record TokenUsage(long input, long output) {

    /** No tokens. */
    public static final TokenUsage ZERO = new TokenUsage(0, 0);

    /**
     * Validates the counts.
     *
     * @param input tokens sent to the model, never negative
     * @param output tokens the model generated, never negative
     * @throws IllegalArgumentException if a count is negative
     */
    public TokenUsage {
        if (input < 0 || output < 0) {
            throw new IllegalArgumentException("token counts must be >= 0, got input=" + input + ", output=" + output);
        }
    }

    /**
     * Converts LangChain4j's usage, whose counts may be missing.
     *
     * @param usage the provider's usage, or {@code null} when the provider reported none
     * @return the usage, with missing counts taken as zero
     */
    public static TokenUsage from(dev.langchain4j.model.output.@org.jspecify.annotations.Nullable TokenUsage usage) {
        if (usage == null) {
            return ZERO;
        }
        Integer in = usage.inputTokenCount();
        Integer out = usage.outputTokenCount();
        return new TokenUsage(in == null ? 0 : in, out == null ? 0 : out);
    }

    /**
     * Adds two usages.
     *
     * @param other the usage to add
     * @return the sum
     */
    public TokenUsage plus(TokenUsage other) {
        return new TokenUsage(input + other.input, output + other.output);
    }

    /** @return input plus output tokens */
    public long total() {
        return input + output;
    }
}

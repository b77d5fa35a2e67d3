package dev.agentswarm.policy;

import dev.agentswarm.report.TokenUsage;

/**
 * A model's price, per million input and per million output tokens, in any one currency used for the whole budget.
 *
 * @param inputPerMillion the price of one million input tokens, at least 0
 * @param outputPerMillion the price of one million output tokens, at least 0
 */
public record ModelPrice(double inputPerMillion, double outputPerMillion) {

    /**
     * Validates the prices.
     *
     * @param inputPerMillion the price of one million input tokens, at least 0
     * @param outputPerMillion the price of one million output tokens, at least 0
     * @throws IllegalArgumentException if a price is negative or not a finite number
     */
    public ModelPrice {
        if (!(inputPerMillion >= 0)
                || !(outputPerMillion >= 0)
                || Double.isInfinite(inputPerMillion)
                || Double.isInfinite(outputPerMillion)) {
            throw new IllegalArgumentException("model prices must be finite and >= 0, got input " + inputPerMillion
                    + " and output " + outputPerMillion + " per million tokens");
        }
    }

    /**
     * @param usage tokens used
     * @return what they cost
     */
    public double cost(TokenUsage usage) {
        return usage.input() * inputPerMillion / 1_000_000d + usage.output() * outputPerMillion / 1_000_000d;
    }
}

package dev.agentswarm.observability;

import dev.agentswarm.policy.ModelPrice;
import dev.agentswarm.report.TokenUsage;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** Cost in USD from the prices per model that the telemetry was given. */
record Prices(Map<String, ModelPrice> byModel) {

    Prices {
        byModel = Map.copyOf(byModel);
    }

    /** @return the cost of a model's tokens, or null when its price is unknown */
    @Nullable
    Double cost(String model, long input, long output) {
        ModelPrice price = byModel.get(model);
        return price == null ? null : price.cost(new TokenUsage(input, output));
    }

    /** @return the cost of tokens by model, or null when no price of any of them is known */
    @Nullable
    Double cost(Map<String, TokenUsage> tokensByModel) {
        double sum = 0;
        boolean any = false;
        for (Map.Entry<String, TokenUsage> e : tokensByModel.entrySet()) {
            ModelPrice price = byModel.get(e.getKey());
            if (price != null) {
                sum += price.cost(e.getValue());
                any = true;
            }
        }
        return any ? sum : null;
    }
}

package dev.agentswarm.cli;

import dev.agentswarm.cli.demo.DemoData;
import dev.agentswarm.policy.ModelPrice;
import dev.agentswarm.test.sim.Scenario;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** The prices of the bundled scenarios' simulated models, so reports of demo journals show costs by default. */
final class Bundled {

    private Bundled() {}

    static Map<String, ModelPrice> prices(@Nullable String scenario) {
        Map<String, ModelPrice> prices = new HashMap<>();
        if (scenario != null && !SimOptions.isBundled(scenario)) {
            prices.putAll(Outputs.prices(Scenario.load(Path.of(scenario))));
            return prices;
        }
        for (String name : DemoData.NAMES) {
            if (scenario == null || scenario.equals(name)) {
                try (DemoData data = DemoData.extract(name)) {
                    prices.putAll(Outputs.prices(Scenario.load(data.scenario())));
                }
            }
        }
        return prices;
    }
}

package dev.agentswarm.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.agentswarm.report.TokenUsage;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Budgets and limits at their bounds: each limit's smallest allowed value is accepted and the next one down refused
 * with a message that names it; a budget's cost adds every priced model and only those.
 */
class BudgetAndLimitsTest {

    @Test
    void unlimitedHasNoBudgetAndFinishesWorkInFlight() {
        Budget u = Budget.UNLIMITED;
        assertThat(u.maxTotalTokens()).isNull();
        assertThat(u.maxCost()).isNull();
        assertThat(u.maxCriticalSteps()).isNull();
        assertThat(u.maxWallTime()).isNull();
        assertThat(u.maxTasks()).isNull();
        assertThat(u.prices()).isEmpty();
        assertThat(u.onExhausted()).isEqualTo(Budget.OnExhausted.FINISH_IN_FLIGHT);
        assertThat(Budget.builder().build()).isEqualTo(u);
    }

    @Test
    void theBuilderSetsEveryBudget() {
        Budget b = Budget.builder()
                .maxTotalTokens(1)
                .maxCost(0.5)
                .price("m", 2.0, 8.0)
                .maxCriticalSteps(1)
                .maxWallTime(Duration.ofMillis(1))
                .maxTasks(0)
                .onExhausted(Budget.OnExhausted.CANCEL_IN_FLIGHT)
                .build();
        assertThat(b.maxTotalTokens()).isEqualTo(1L);
        assertThat(b.maxCost()).isEqualTo(0.5);
        assertThat(b.prices()).containsExactly(Map.entry("m", new ModelPrice(2.0, 8.0)));
        assertThat(b.maxCriticalSteps()).isEqualTo(1);
        assertThat(b.maxWallTime()).isEqualTo(Duration.ofMillis(1));
        assertThat(b.maxTasks()).isZero();
        assertThat(b.onExhausted()).isEqualTo(Budget.OnExhausted.CANCEL_IN_FLIGHT);
    }

    @Test
    void eachBudgetRefusesTheFirstValueBelowItsRange() {
        assertThatThrownBy(() -> Budget.builder().maxTotalTokens(0).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxTotalTokens must be >= 1, got 0");
        assertThatThrownBy(() -> Budget.builder().maxCost(0).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxCost must be > 0, got 0.0");
        assertThatThrownBy(() -> Budget.builder().maxCost(Double.NaN).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxCost must be > 0, got NaN");
        assertThatThrownBy(() -> Budget.builder().maxCriticalSteps(0).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxCriticalSteps must be >= 1, got 0");
        assertThatThrownBy(() -> Budget.builder().maxTasks(-1).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxTasks must be >= 0, got -1");
        assertThatThrownBy(() -> Budget.builder().maxWallTime(Duration.ZERO).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxWallTime must be positive, got PT0S");
        assertThatThrownBy(() ->
                        Budget.builder().maxWallTime(Duration.ofMillis(-1)).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxWallTime must be positive, got PT-0.001S");
        assertThatThrownBy(() -> new Budget(null, null, Map.of(), null, null, null, null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("onExhausted");
        assertThatThrownBy(() -> Budget.builder().onExhausted(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("policy");
        assertThatThrownBy(() -> Budget.builder().maxWallTime(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("wallTime");
        assertThatThrownBy(() -> Budget.builder().price(null, 1, 1))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("model");
    }

    @Test
    void costAddsEveryPricedModelAndIgnoresTheOthers() {
        Budget b = Budget.builder()
                .maxCost(100)
                .price("big", 10.0, 30.0)
                .price("small", 1.0, 2.0)
                .build();
        double cost = b.cost(Map.of(
                "big", new TokenUsage(1_000_000, 500_000),
                "small", new TokenUsage(2_000_000, 1_000_000),
                "free", new TokenUsage(9_000_000, 9_000_000)));
        // big: 10 + 15; small: 2 + 2; free: nothing
        assertThat(cost).isCloseTo(29.0, within(1e-9));
        assertThat(b.cost(Map.of())).isZero();
        assertThat(b.cost(Map.of("free", new TokenUsage(5, 5)))).isZero();
        assertThat(b.cost(Map.of("small", new TokenUsage(500_000, 0)))).isCloseTo(0.5, within(1e-12));
    }

    @Test
    void aCostBudgetNeedsAPriceForEveryModel() {
        Budget priced = Budget.builder().maxCost(1).price("a", 1, 1).build();
        assertThatCode(() -> priced.requirePricesFor(List.of("a"))).doesNotThrowAnyException();
        assertThatThrownBy(() -> priced.requirePricesFor(List.of("a", "b")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("budget maxCost is set but model 'b' has no price; known prices: [a]. Add one with "
                        + "Budget.builder().price(\"b\", inputPerMillion, outputPerMillion).");
        // Without a cost budget, prices are not needed.
        assertThatCode(() -> Budget.builder().maxTasks(1).build().requirePricesFor(List.of("x")))
                .doesNotThrowAnyException();
    }

    @Test
    void theBudgetCopiesItsPrices() {
        Map<String, ModelPrice> prices = new java.util.HashMap<>(Map.of("a", new ModelPrice(1, 1)));
        Budget b = new Budget(null, 1.0, prices, null, null, null, Budget.OnExhausted.FINISH_IN_FLIGHT);
        prices.put("b", new ModelPrice(2, 2));
        assertThat(b.prices()).containsOnlyKeys("a");
    }

    @Test
    void defaultsFollowTheWideSearchSetting() {
        Limits d = Limits.DEFAULTS;
        assertThat(d.maxOrchestratorSteps()).isEqualTo(100);
        assertThat(d.maxSubagentSteps()).isEqualTo(100);
        assertThat(d.maxSubagentDefinitions()).isEqualTo(100);
        assertThat(d.maxTasksPerStage()).isEqualTo(256);
        assertThat(Limits.builder().build()).isEqualTo(d);
    }

    @Test
    void theLimitsBuilderSetsEachLimitAndStartsFromItsOrigin() {
        Limits l = Limits.builder()
                .maxOrchestratorSteps(1)
                .maxSubagentSteps(2)
                .maxSubagentDefinitions(0)
                .maxTasksPerStage(3)
                .build();
        assertThat(l).isEqualTo(new Limits(1, 2, 0, 3));
        assertThat(l.toBuilder().build()).isEqualTo(l);
        assertThat(l.toBuilder().maxSubagentSteps(9).build()).isEqualTo(new Limits(1, 9, 0, 3));
    }

    @Test
    void eachLimitRefusesTheFirstValueBelowItsRange() {
        assertThatThrownBy(() -> new Limits(0, 1, 0, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxOrchestratorSteps must be >= 1, got 0");
        assertThatThrownBy(() -> new Limits(1, 0, 0, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxSubagentSteps must be >= 1, got 0");
        assertThatThrownBy(() -> new Limits(1, 1, -1, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxSubagentDefinitions must be >= 0, got -1");
        assertThatThrownBy(() -> new Limits(1, 1, 0, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxTasksPerStage must be >= 1, got 0");
        assertThat(new Limits(1, 1, 0, 1).maxSubagentDefinitions()).isZero();
    }
}

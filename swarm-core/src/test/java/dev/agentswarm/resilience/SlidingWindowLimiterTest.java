package dev.agentswarm.resilience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SlidingWindowLimiterTest {

    @Test
    void grantsUpToCapacityAtOnceThenWaitsForTheOldestToLeaveTheWindow() {
        SlidingWindowLimiter limiter = new SlidingWindowLimiter(3, 60);
        assertThat(limiter.reserve(1, 0)).isZero();
        assertThat(limiter.reserve(1, 10)).isZero();
        assertThat(limiter.reserve(1, 20)).isZero();
        assertThat(limiter.reserve(1, 30)).as("waits until the grant at 0 leaves the window").isEqualTo(30);
        assertThat(limiter.reserve(1, 30)).as("then until the grant at 10 leaves").isEqualTo(40);
    }

    @Test
    void neverExceedsCapacityInAnyWindowUnderRandomWeightedLoad() {
        long window = 1_000;
        long capacity = 100;
        SlidingWindowLimiter limiter = new SlidingWindowLimiter(capacity, window);
        Random random = new Random(42);
        List<long[]> grants = new ArrayList<>();
        long now = 0;
        for (int i = 0; i < 2_000; i++) {
            now += random.nextInt(30);
            long weight = 1 + random.nextInt(40);
            long wait = limiter.reserve(weight, now);
            assertThat(wait).isNotNegative();
            grants.add(new long[] {now + wait, weight});
        }
        for (long[] g : grants) {
            long sum = 0;
            for (long[] h : grants) {
                if (h[0] >= g[0] && h[0] < g[0] + window) {
                    sum += h[1];
                }
            }
            assertThat(sum).isLessThanOrEqualTo(capacity);
        }
    }

    @Test
    void aWeightAboveCapacityIsTreatedAsTheWholeCapacity() {
        SlidingWindowLimiter limiter = new SlidingWindowLimiter(10, 60);
        assertThat(limiter.reserve(50, 0)).isZero();
        assertThat(limiter.reserve(1, 0)).isEqualTo(60);
    }

    @Test
    void rejectsANonPositiveCapacity() {
        assertThatThrownBy(() -> new SlidingWindowLimiter(0, 60)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("capacity");
    }
}

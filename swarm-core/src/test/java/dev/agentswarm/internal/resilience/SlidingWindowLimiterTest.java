package dev.agentswarm.internal.resilience;

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
        assertThat(limiter.reserve(1, 30))
                .as("waits until the grant at 0 leaves the window")
                .isEqualTo(30);
        assertThat(limiter.reserve(1, 30))
                .as("then until the grant at 10 leaves")
                .isEqualTo(40);
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
    void aReleasedGrantIsGivenToTheNextCallerInsteadOfALaterSlot() {
        SlidingWindowLimiter limiter = new SlidingWindowLimiter(2, 60);
        assertThat(limiter.reserve(1, 0)).isZero();
        assertThat(limiter.reserve(1, 0)).isZero();
        assertThat(limiter.reserve(1, 0)).isEqualTo(60);
        assertThat(limiter.reserve(1, 0)).isEqualTo(60);
        assertThat(limiter.release(60, 1, 10)).isTrue();
        assertThat(limiter.reserve(1, 10))
                .as("the slot given back, not one at 120")
                .isEqualTo(50);
        assertThat(limiter.reserve(1, 10)).isEqualTo(110);
    }

    @Test
    void aGrantWhoseTimeHasComeOrThatWasNeverMadeIsNotReleased() {
        SlidingWindowLimiter limiter = new SlidingWindowLimiter(1, 60);
        assertThat(limiter.reserve(1, 0)).isZero();
        assertThat(limiter.reserve(1, 0)).isEqualTo(60);
        assertThat(limiter.release(0, 1, 0))
                .as("started: its call may be running")
                .isFalse();
        assertThat(limiter.release(60, 1, 60)).as("its time has come").isFalse();
        assertThat(limiter.release(90, 1, 10)).as("no grant at 90").isFalse();
        assertThat(limiter.reserve(1, 10)).as("nothing was released").isEqualTo(110);
    }

    @Test
    void releasingTheLastGrantLetsTheNextCallerStartBeforeIt() {
        SlidingWindowLimiter limiter = new SlidingWindowLimiter(10, 60);
        assertThat(limiter.reserve(10, 0)).isZero();
        assertThat(limiter.reserve(5, 0)).isEqualTo(60);
        assertThat(limiter.release(60, 5, 1)).isTrue();
        assertThat(limiter.reserve(10, 1)).isEqualTo(59);
        assertThat(limiter.reserve(1, 1)).isEqualTo(119);
    }

    @Test
    void neverExceedsCapacityAndKeepsFirstComeFirstServedWithRandomReleases() {
        long window = 1_000;
        long capacity = 50;
        SlidingWindowLimiter limiter = new SlidingWindowLimiter(capacity, window);
        Random random = new Random(7);
        List<long[]> live = new ArrayList<>();
        long now = 0;
        int released = 0;
        for (int i = 0; i < 3_000; i++) {
            now += random.nextInt(20);
            if (random.nextInt(4) == 0) {
                // Abandon a random waiter whose time has not come.
                long t = now;
                List<long[]> waiting = live.stream().filter(g -> g[0] > t).toList();
                if (!waiting.isEmpty()) {
                    long[] g = waiting.get(random.nextInt(waiting.size()));
                    assertThat(limiter.release(g[0], g[1], now)).isTrue();
                    live.remove(g);
                    released++;
                }
                continue;
            }
            long weight = 1 + random.nextInt(20);
            long at = now + limiter.reserve(weight, now);
            long latestStanding = live.stream().mapToLong(g -> g[0]).max().orElse(Long.MIN_VALUE);
            assertThat(at).as("no earlier than any grant still standing").isGreaterThanOrEqualTo(latestStanding);
            live.add(new long[] {at, weight});
        }
        assertThat(released).isGreaterThan(100);
        for (long[] g : live) {
            long sum = 0;
            for (long[] h : live) {
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
        assertThatThrownBy(() -> new SlidingWindowLimiter(0, 60))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("capacity");
    }

    @Test
    void rejectsANonPositiveWindowAndNamesBoth() {
        assertThatThrownBy(() -> new SlidingWindowLimiter(5, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("capacity and window must be >= 1, got 5 and 0");
        assertThatThrownBy(() -> new SlidingWindowLimiter(0, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("capacity and window must be >= 1, got 0 and 1");
        assertThat(new SlidingWindowLimiter(1, 1).capacity()).isEqualTo(1);
        assertThat(new SlidingWindowLimiter(7, 60).capacity()).isEqualTo(7);
    }

    @Test
    void aGrantLeavesTheWindowExactlyOneWindowLater() {
        SlidingWindowLimiter limiter = new SlidingWindowLimiter(1, 60);
        assertThat(limiter.reserve(1, 0)).isZero();
        assertThat(limiter.earliest(1, 59)).as("still inside (t - 60, t]").isEqualTo(60);
        assertThat(limiter.earliest(1, 60)).as("out of the window at 60").isEqualTo(60);
        assertThat(limiter.earliest(1, 61)).isEqualTo(61);
        assertThat(limiter.reserve(1, 60)).isZero();
        assertThat(limiter.reserve(1, 60)).isEqualTo(60);
    }

    @Test
    void earliestReservesNothingAndNeverGoesBeforeTheLastGrant() {
        SlidingWindowLimiter limiter = new SlidingWindowLimiter(4, 100);
        assertThat(limiter.earliest(4, 10)).isEqualTo(10);
        assertThat(limiter.earliest(4, 10)).as("asking twice reserves nothing").isEqualTo(10);
        limiter.record(50, 1, 0);
        assertThat(limiter.earliest(1, 0)).as("first come, first served").isEqualTo(50);
        assertThat(limiter.earliest(3, 20)).isEqualTo(50);
        assertThat(limiter.earliest(4, 20))
                .as("the grant at 50 must leave first")
                .isEqualTo(150);
        limiter.record(30, 3, 0);
        assertThat(limiter.earliest(1, 0))
                .as("a grant recorded for an earlier time was moved up to 50; the window at 50 is full")
                .isEqualTo(150);
        assertThat(limiter.earliest(0, 0)).as("nothing fits at once").isEqualTo(50);
    }

    @Test
    void aNegativeWeightCountsAsNothing() {
        SlidingWindowLimiter limiter = new SlidingWindowLimiter(2, 60);
        assertThat(limiter.reserve(-5, 0)).isZero();
        assertThat(limiter.reserve(2, 0))
                .as("the negative grant took no capacity")
                .isZero();
        assertThat(limiter.release(60, -5, 0)).isFalse();
        assertThat(limiter.reserve(1, 0)).isEqualTo(60);
        assertThat(limiter.reserve(-1, 0))
                .as("weightless, it still waits its turn")
                .isEqualTo(60);
        assertThat(limiter.release(60, -1, 0))
                .as("released as the grant of weight 0 it was")
                .isTrue();
    }

    @Test
    void aGrantAboveCapacityIsReleasedAsTheCapacityItTook() {
        SlidingWindowLimiter limiter = new SlidingWindowLimiter(3, 60);
        assertThat(limiter.reserve(3, 0)).isZero();
        assertThat(limiter.reserve(9, 0)).isEqualTo(60);
        assertThat(limiter.release(60, 9, 0)).isTrue();
        assertThat(limiter.reserve(3, 0)).isEqualTo(60);
    }

    @Test
    void oldGrantsAreForgottenButTheLastGrantStillOrdersCallers() {
        SlidingWindowLimiter limiter = new SlidingWindowLimiter(2, 10);
        for (long t = 0; t < 1_000; t += 10) {
            assertThat(limiter.reserve(2, t)).as("at %d", t).isZero();
        }
        assertThat(limiter.reserve(2, 995)).isEqualTo(5);
    }

    @Test
    void releaseTakesBackTheGrantOfThatTimeAndWeightOnly() {
        SlidingWindowLimiter limiter = new SlidingWindowLimiter(10, 60);
        assertThat(limiter.reserve(10, 0)).isZero();
        assertThat(limiter.reserve(3, 0)).isEqualTo(60);
        assertThat(limiter.reserve(7, 0)).isEqualTo(60);
        assertThat(limiter.reserve(1, 0)).isEqualTo(120);
        assertThat(limiter.release(90, 1, 0)).as("no grant at 90").isFalse();
        assertThat(limiter.release(60, 3, 0)).isTrue();
        assertThat(limiter.release(60, 3, 0))
                .as("released once; the grant of 7 at 60 is not it")
                .isFalse();
        assertThat(limiter.release(60, 7, 0)).isTrue();
    }

    @Test
    void releasingTheOnlyGrantLeavesNoOrderToKeep() {
        SlidingWindowLimiter limiter = new SlidingWindowLimiter(1, 60);
        limiter.record(50, 1, 0);
        assertThat(limiter.earliest(1, 0)).isEqualTo(110);
        assertThat(limiter.release(50, 1, 0)).isTrue();
        assertThat(limiter.earliest(1, 0)).as("no grant left: now").isZero();
    }
}

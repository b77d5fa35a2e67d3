package dev.agentswarm.internal.subagent;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.test.StepVerifier;

class TurnLoopTest {

    @Test
    void turnsThatCompleteEmptyAreFollowedByTheNextUntilOneGivesAValue() {
        AtomicInteger turns = new AtomicInteger();
        Mono<String> loop = TurnLoop.of(() -> {
            int n = turns.incrementAndGet();
            return n < 5 ? Mono.empty() : Mono.just("turn " + n);
        });
        StepVerifier.create(loop).expectNext("turn 5").verifyComplete();
        assertThat(turns).hasValue(5);
    }

    @Test
    void asynchronousTurnsRunOneAfterAnotherOnVirtualTime() {
        AtomicInteger turns = new AtomicInteger();
        StepVerifier.withVirtualTime(() -> TurnLoop.of(() -> {
                    int n = turns.incrementAndGet();
                    return Mono.delay(Duration.ofSeconds(1)).flatMap(x -> n < 3 ? Mono.empty() : Mono.just(n));
                }))
                .expectSubscription()
                .thenAwait(Duration.ofSeconds(2))
                .then(() -> assertThat(turns).hasValue(3))
                .thenAwait(Duration.ofSeconds(1))
                .expectNext(3)
                .verifyComplete();
    }

    @Test
    void oneHundredThousandSynchronousTurnsDoNotDeepenTheStack() {
        AtomicInteger turns = new AtomicInteger();
        Mono<Integer> loop = TurnLoop.of(() -> {
            int n = turns.incrementAndGet();
            return n < 100_000 ? Mono.empty() : Mono.just(n);
        });
        StepVerifier.create(loop).expectNext(100_000).verifyComplete();
    }

    @Test
    void anErrorEndsTheLoop() {
        AtomicInteger turns = new AtomicInteger();
        Mono<String> loop = TurnLoop.of(() ->
                turns.incrementAndGet() < 2 ? Mono.empty() : Mono.error(new IllegalStateException("turn failed")));
        StepVerifier.create(loop).expectErrorMessage("turn failed").verify(Duration.ofSeconds(5));
        assertThat(turns).hasValue(2);
    }

    @Test
    void aTurnThatThrowsOrReturnsNoMonoEndsTheLoopWithAnError() {
        StepVerifier.create(TurnLoop.<String>of(() -> {
                    throw new IllegalArgumentException("no turn");
                }))
                .expectErrorMessage("no turn")
                .verify(Duration.ofSeconds(5));
        StepVerifier.create(TurnLoop.<String>of(() -> null))
                .expectErrorMessage("a turn returned no Mono")
                .verify(Duration.ofSeconds(5));
    }

    @Test
    void aCancellationCancelsTheTurnInFlightAndStartsNoOther() {
        AtomicInteger turns = new AtomicInteger();
        AtomicBoolean cancelled = new AtomicBoolean();
        Sinks.One<String> never = Sinks.one();
        Mono<String> loop = TurnLoop.of(() -> {
            turns.incrementAndGet();
            return never.asMono().doOnCancel(() -> cancelled.set(true));
        });
        Disposable running = loop.subscribe();
        assertThat(turns).hasValue(1);
        assertThat(cancelled).isFalse();
        running.dispose();
        assertThat(cancelled).isTrue();
        assertThat(turns).hasValue(1);
        // Cancelled before its first turn: it starts none.
        AtomicInteger none = new AtomicInteger();
        StepVerifier.create(TurnLoop.of(() -> {
                    none.incrementAndGet();
                    return Mono.just("x");
                }))
                .thenCancel()
                .verify(Duration.ofSeconds(5));
        assertThat(none).hasValue(0);
    }

    @Test
    void onlyTheFirstValueCountsAndLaterSignalsOfThatTurnAreDropped() {
        AtomicInteger turns = new AtomicInteger();
        Mono<String> loop = TurnLoop.of(() -> {
            turns.incrementAndGet();
            return Mono.just("first");
        });
        StepVerifier.create(loop).expectNext("first").verifyComplete();
        assertThat(turns).hasValue(1);
    }
}

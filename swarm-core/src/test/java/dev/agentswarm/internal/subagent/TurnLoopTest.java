package dev.agentswarm.internal.subagent;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.test.StepVerifier;

class TurnLoopTest {

    /** Turns whose failure is the value "failed: " and the error's message. */
    private static <T> TurnLoop.Turns<T> turns(Supplier<Mono<T>> next, Function<Throwable, T> failed) {
        return new TurnLoop.Turns<>() {
            @Override
            public Mono<T> next() {
                return next.get();
            }

            @Override
            public T failed(Throwable error) {
                return failed.apply(error);
            }
        };
    }

    private static TurnLoop.Turns<String> turns(Supplier<Mono<String>> next) {
        return turns(next, e -> "failed: " + e.getMessage());
    }

    @Test
    void turnsThatCompleteEmptyAreFollowedByTheNextUntilOneGivesAValue() {
        AtomicInteger turns = new AtomicInteger();
        Mono<String> loop = TurnLoop.of(turns(() -> {
            int n = turns.incrementAndGet();
            return n < 5 ? Mono.empty() : Mono.just("turn " + n);
        }));
        StepVerifier.create(loop).expectNext("turn 5").verifyComplete();
        assertThat(turns).hasValue(5);
    }

    @Test
    void asynchronousTurnsRunOneAfterAnotherOnVirtualTime() {
        AtomicInteger turns = new AtomicInteger();
        StepVerifier.withVirtualTime(() -> TurnLoop.of(turns(
                        () -> {
                            int n = turns.incrementAndGet();
                            return Mono.delay(Duration.ofSeconds(1)).flatMap(x -> n < 3 ? Mono.empty() : Mono.just(n));
                        },
                        e -> -1)))
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
        Mono<Integer> loop = TurnLoop.of(turns(
                () -> {
                    int n = turns.incrementAndGet();
                    return n < 100_000 ? Mono.empty() : Mono.just(n);
                },
                e -> -1));
        StepVerifier.create(loop).expectNext(100_000).verifyComplete();
    }

    @Test
    void aFailedTurnEndsTheLoopWithTheValueMadeOfItsError() {
        AtomicInteger turns = new AtomicInteger();
        Mono<String> loop = TurnLoop.of(turns(() ->
                turns.incrementAndGet() < 2 ? Mono.empty() : Mono.error(new IllegalStateException("turn failed"))));
        StepVerifier.create(loop).expectNext("failed: turn failed").verifyComplete();
        assertThat(turns).hasValue(2);
    }

    @Test
    void aTurnThatThrowsOrReturnsNoMonoIsAFailure() {
        StepVerifier.create(TurnLoop.of(turns(() -> {
                    throw new IllegalArgumentException("no turn");
                })))
                .expectNext("failed: no turn")
                .verifyComplete();
        StepVerifier.create(TurnLoop.of(turns(() -> null)))
                .expectNext("failed: a turn returned no Mono")
                .verifyComplete();
    }

    @Test
    void aFailureThatCannotBeMadeAValueIsAnError() {
        Mono<String> loop = TurnLoop.of(turns(() -> Mono.error(new IllegalStateException("turn failed")), e -> {
            throw new IllegalArgumentException("no value for " + e.getMessage());
        }));
        StepVerifier.create(loop)
                .expectErrorSatisfies(e -> {
                    assertThat(e).hasMessage("no value for turn failed");
                    assertThat(e.getSuppressed())
                            .extracting(Throwable::getMessage)
                            .containsExactly("turn failed");
                })
                .verify(Duration.ofSeconds(5));
    }

    @Test
    void aCancellationCancelsTheTurnInFlightAndStartsNoOther() {
        AtomicInteger turns = new AtomicInteger();
        AtomicBoolean cancelled = new AtomicBoolean();
        Sinks.One<String> never = Sinks.one();
        Mono<String> loop = TurnLoop.of(turns(() -> {
            turns.incrementAndGet();
            return never.asMono().doOnCancel(() -> cancelled.set(true));
        }));
        Disposable running = loop.subscribe();
        assertThat(turns).hasValue(1);
        assertThat(cancelled).isFalse();
        running.dispose();
        assertThat(cancelled).isTrue();
        assertThat(turns).hasValue(1);
        // Cancelled before its first turn: it starts none.
        AtomicInteger none = new AtomicInteger();
        StepVerifier.create(TurnLoop.of(turns(() -> {
                    none.incrementAndGet();
                    return Mono.just("x");
                })))
                .thenCancel()
                .verify(Duration.ofSeconds(5));
        assertThat(none).hasValue(0);
    }

    @Test
    void onlyTheFirstValueCountsAndLaterSignalsOfThatTurnAreDropped() {
        AtomicInteger turns = new AtomicInteger();
        Mono<String> loop = TurnLoop.of(turns(() -> {
            turns.incrementAndGet();
            return Mono.just("first");
        }));
        StepVerifier.create(loop).expectNext("first").verifyComplete();
        assertThat(turns).hasValue(1);
    }
}

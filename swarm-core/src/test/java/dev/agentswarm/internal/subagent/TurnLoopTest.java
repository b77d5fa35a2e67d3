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

    /**
     * Turns whose calls answer at once with the turn's {@code Mono}, which is then what the response asks for; a
     * failure is the value "failed: " and the error's message.
     */
    private static <T> TurnLoop.Turns<T, Mono<T>> turns(Supplier<Mono<T>> next, Function<Throwable, T> failed) {
        return new TurnLoop.Turns<>() {
            @Override
            public Mono<Mono<T>> next() {
                Mono<T> turn = next.get();
                return turn == null ? null : Mono.just(turn);
            }

            @Override
            public Mono<T> answered(Mono<T> response) {
                return response;
            }

            @Override
            public T failed(Throwable error) {
                return failed.apply(error);
            }
        };
    }

    private static TurnLoop.Turns<String, Mono<String>> turns(Supplier<Mono<String>> next) {
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

    /** Turns of two real steps: a call with a response, then what the response asks for. */
    private static TurnLoop.Turns<String, Integer> twoSteps(
            Supplier<Mono<Integer>> call, Function<Integer, Mono<String>> answered) {
        return new TurnLoop.Turns<>() {
            @Override
            public Mono<Integer> next() {
                return call.get();
            }

            @Override
            public Mono<String> answered(Integer response) {
                return answered.apply(response);
            }

            @Override
            public String failed(Throwable error) {
                return "failed: " + error.getMessage();
            }
        };
    }

    @Test
    void eachResponseIsAnsweredAfterItsCallEndedAndTheNextCallFollowsAnEmptyAnswer() {
        AtomicInteger calls = new AtomicInteger();
        java.util.List<String> order = new java.util.concurrent.CopyOnWriteArrayList<>();
        Mono<String> loop = TurnLoop.of(twoSteps(
                () -> {
                    int n = calls.incrementAndGet();
                    return Mono.delay(Duration.ofSeconds(1))
                            .map(x -> n)
                            .doOnSuccess(x -> order.add("call " + n + " ends"));
                },
                r -> {
                    order.add("answer " + r);
                    return r < 3 ? Mono.empty() : Mono.just("done after " + r);
                }));
        StepVerifier.withVirtualTime(() -> loop)
                .expectSubscription()
                .thenAwait(Duration.ofSeconds(3))
                .expectNext("done after 3")
                .verifyComplete();
        assertThat(order)
                .containsExactly("call 1 ends", "answer 1", "call 2 ends", "answer 2", "call 3 ends", "answer 3");
    }

    @Test
    void aCallThatFailsOrAnAnswerThatThrowsOrReturnsNoMonoIsAFailure() {
        StepVerifier.create(
                        TurnLoop.of(twoSteps(() -> Mono.error(new IllegalStateException("429")), r -> Mono.empty())))
                .expectNext("failed: 429")
                .verifyComplete();
        StepVerifier.create(TurnLoop.of(twoSteps(() -> Mono.just(1), r -> {
                    throw new IllegalArgumentException("bad tool call");
                })))
                .expectNext("failed: bad tool call")
                .verifyComplete();
        StepVerifier.create(TurnLoop.of(twoSteps(() -> Mono.just(1), r -> null)))
                .expectNext("failed: a turn returned no Mono")
                .verifyComplete();
        StepVerifier.create(
                        TurnLoop.of(twoSteps(() -> Mono.just(1), r -> Mono.error(new IllegalStateException("tool")))))
                .expectNext("failed: tool")
                .verifyComplete();
    }

    @Test
    void aCallThatCompletesEmptyIsFollowedByTheNextCall() {
        AtomicInteger calls = new AtomicInteger();
        StepVerifier.create(TurnLoop.of(twoSteps(
                        () -> calls.incrementAndGet() < 3 ? Mono.empty() : Mono.just(calls.get()),
                        r -> Mono.just("answered " + r))))
                .expectNext("answered 3")
                .verifyComplete();
    }

    @Test
    void aCancellationWhileAResponseIsAnsweredCancelsTheAnswerAndStartsNoCall() {
        AtomicInteger calls = new AtomicInteger();
        AtomicBoolean cancelled = new AtomicBoolean();
        Sinks.One<String> tools = Sinks.one();
        Disposable running = TurnLoop.of(twoSteps(
                        () -> Mono.just(calls.incrementAndGet()),
                        r -> tools.asMono().doOnCancel(() -> cancelled.set(true))))
                .subscribe();
        assertThat(calls).hasValue(1);
        running.dispose();
        assertThat(cancelled).isTrue();
        tools.tryEmitEmpty();
        assertThat(calls).hasValue(1);
    }
}

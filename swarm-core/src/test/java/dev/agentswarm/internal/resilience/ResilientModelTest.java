package dev.agentswarm.internal.resilience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentswarm.model.SwarmModel;
import dev.agentswarm.resilience.ModelPolicy;
import dev.agentswarm.resilience.ProviderHttpException;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.exception.HttpException;
import dev.langchain4j.exception.InternalServerException;
import dev.langchain4j.exception.InvalidRequestException;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;
import reactor.test.scheduler.VirtualTimeScheduler;

/** Retries, backoff, Retry-After, timeouts and hedging of {@link ResilientModel}, in virtual time. */
class ResilientModelTest {

    static final ChatRequest REQUEST =
            ChatRequest.builder().messages(UserMessage.from("hi")).build();
    static final ChatResponse OK =
            ChatResponse.builder().aiMessage(AiMessage.from("ok")).build();

    final VirtualTimeScheduler time = VirtualTimeScheduler.create();
    final List<Long> callTimes = Collections.synchronizedList(new ArrayList<>());
    final List<RetryListener.Retry> retries = Collections.synchronizedList(new ArrayList<>());

    /** A model whose first calls fail with the given errors, then answer. */
    SwarmModel failing(RuntimeException... errors) {
        AtomicInteger n = new AtomicInteger();
        return SwarmModel.of("m", request -> {
            callTimes.add(time.now(java.util.concurrent.TimeUnit.MILLISECONDS));
            int i = n.getAndIncrement();
            return i < errors.length ? Mono.error(errors[i]) : Mono.just(OK);
        });
    }

    ResilientModel wrap(SwarmModel model, ModelPolicy policy) {
        return ResilientModel.wrap(model, policy, time, retries::add);
    }

    static ModelPolicy.Builder policy() {
        return ModelPolicy.builder()
                .backoff(Duration.ofSeconds(1), 2, Duration.ofSeconds(10))
                .jitter(0);
    }

    @Test
    void retriesWithExponentialBackoff() {
        RuntimeException boom = new InternalServerException(new HttpException(500, "boom"));
        ResilientModel model =
                wrap(failing(boom, boom, boom), policy().maxAttempts(4).build());

        StepVerifier.withVirtualTime(() -> model.chat(REQUEST), () -> time, Long.MAX_VALUE)
                .thenAwait(Duration.ofSeconds(7))
                .expectNext(OK)
                .expectComplete()
                .verify(Duration.ofSeconds(10));

        assertThat(callTimes).containsExactly(0L, 1_000L, 3_000L, 7_000L);
        assertThat(retries).extracting(r -> r.delay().toMillis()).containsExactly(1_000L, 2_000L, 4_000L);
        assertThat(retries).extracting(RetryListener.Retry::attempt).containsExactly(1, 2, 3);
    }

    @Test
    void aRetryReasonIsOneRedactedLine() {
        String key = "sk-proj-Q7vR2mK9xW4tY8pL3nB6cD1fG5hJ0sAe_-Zz";
        RuntimeException boom = new InternalServerException(
                new HttpException(500, "upstream echoed Authorization: Bearer " + key + "\nand more"));
        ResilientModel model = wrap(failing(boom), policy().maxAttempts(2).build());

        StepVerifier.withVirtualTime(() -> model.chat(REQUEST), () -> time, Long.MAX_VALUE)
                .thenAwait(Duration.ofSeconds(1))
                .expectNext(OK)
                .expectComplete()
                .verify(Duration.ofSeconds(10));

        assertThat(retries)
                .singleElement()
                .satisfies(r -> assertThat(r.reason())
                        .startsWith("InternalServerException: upstream echoed")
                        .doesNotContain(key.substring(0, 12))
                        .doesNotContain("and more"));
    }

    @Test
    void jitterSpreadsTheDelayWithinBounds() {
        ModelPolicy low = policy().jitter(0.5).random(() -> 0.0).build();
        ModelPolicy high = policy().jitter(0.5).random(() -> 0.999_999).build();
        assertThat(low.backoff(3)).isEqualTo(Duration.ofSeconds(2));
        assertThat(high.backoff(3).toMillis()).isBetween(5_990L, 6_000L);
        assertThat(policy().build().backoff(10)).as("capped").isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void honoursRetryAfter() {
        RuntimeException limited = new RuntimeException(new ProviderHttpException(429, Duration.ofSeconds(42), ""));
        ResilientModel model = wrap(failing(limited), policy().build());

        StepVerifier.withVirtualTime(() -> model.chat(REQUEST), () -> time, Long.MAX_VALUE)
                .thenAwait(Duration.ofSeconds(42))
                .expectNext(OK)
                .expectComplete()
                .verify(Duration.ofSeconds(10));
        assertThat(callTimes).containsExactly(0L, 42_000L);
    }

    @Test
    void aRetryAfterLongerThanThePolicyAllowsIsNotWaitedFor() {
        RuntimeException limited = new RuntimeException(new ProviderHttpException(429, Duration.ofHours(1), ""));
        ResilientModel model = wrap(
                failing(limited), policy().maxRetryAfter(Duration.ofMinutes(1)).build());

        StepVerifier.create(model.chat(REQUEST))
                .expectErrorSatisfies(e -> assertThat(e).hasMessageContaining("maxRetryAfter"))
                .verify(Duration.ofSeconds(5));
        assertThat(callTimes).hasSize(1);
    }

    @Test
    void doesNotRetryAPermanentFailure() {
        RuntimeException bad = new InvalidRequestException(new HttpException(400, "bad"));
        ResilientModel model = wrap(failing(bad), policy().build());

        StepVerifier.create(model.chat(REQUEST))
                .expectErrorMatches(e -> e == bad)
                .verify(Duration.ofSeconds(5));
        assertThat(callTimes).hasSize(1);
        assertThat(retries).isEmpty();
    }

    @Test
    void givesUpAfterMaxAttempts() {
        RuntimeException boom = new InternalServerException(new HttpException(500, "boom"));
        ResilientModel model =
                wrap(failing(boom, boom, boom), policy().maxAttempts(2).build());

        StepVerifier.withVirtualTime(() -> model.chat(REQUEST), () -> time, Long.MAX_VALUE)
                .thenAwait(Duration.ofSeconds(5))
                .expectErrorSatisfies(e -> assertThat(e)
                        .isInstanceOf(ResilientModel.RetriesExhaustedException.class)
                        .hasMessageContaining("gave up after 2 attempts (HTTP 500)")
                        .hasCause(boom))
                .verify(Duration.ofSeconds(10));
        assertThat(callTimes).hasSize(2);
    }

    @Test
    void aCallPastItsTimeoutIsCancelledAndRetried() {
        AtomicInteger cancelled = new AtomicInteger();
        AtomicInteger calls = new AtomicInteger();
        SwarmModel slowThenFast = SwarmModel.of(
                "m",
                request -> calls.getAndIncrement() == 0
                        ? Mono.<ChatResponse>never().doOnCancel(cancelled::incrementAndGet)
                        : Mono.just(OK));
        ResilientModel model =
                wrap(slowThenFast, policy().callTimeout(Duration.ofSeconds(30)).build());

        StepVerifier.withVirtualTime(() -> model.chat(REQUEST), () -> time, Long.MAX_VALUE)
                .thenAwait(Duration.ofSeconds(31))
                .expectNext(OK)
                .expectComplete()
                .verify(Duration.ofSeconds(10));
        assertThat(cancelled).hasValue(1);
        assertThat(retries)
                .singleElement()
                .satisfies(r -> assertThat(r.reason()).contains("TimeoutException"));
    }

    @Test
    void requestsPerMinuteMakeCallsWaitInsteadOfFailing() {
        ResilientModel model = wrap(failing(), policy().requestsPerMinute(2).build());

        StepVerifier.withVirtualTime(
                        () -> Mono.when(model.chat(REQUEST), model.chat(REQUEST), model.chat(REQUEST)),
                        () -> time,
                        Long.MAX_VALUE)
                .thenAwait(Duration.ofMinutes(1))
                .expectComplete()
                .verify(Duration.ofSeconds(10));
        assertThat(callTimes).containsExactly(0L, 0L, 60_000L);
    }

    @Test
    void aWaitForRateLimitCapacityIsToldWithTheCallersContext() {
        List<String> waits = Collections.synchronizedList(new ArrayList<>());
        RetryListener listener = new RetryListener() {
            @Override
            public void onRetry(Retry retry) {}

            @Override
            public void onRateLimitWait(RateLimitWait wait) {
                waits.add(wait.model() + " " + wait.duration().toMillis() + " "
                        + wait.context().getOrDefault("caller", "?"));
            }
        };
        ResilientModel model =
                ResilientModel.wrap(failing(), policy().requestsPerMinute(1).build(), time, listener);

        StepVerifier.withVirtualTime(
                        () -> Mono.when(
                                model.chat(REQUEST).contextWrite(c -> c.put("caller", "first")),
                                model.chat(REQUEST).contextWrite(c -> c.put("caller", "second"))),
                        () -> time,
                        Long.MAX_VALUE)
                .thenAwait(Duration.ofMinutes(1))
                .expectComplete()
                .verify(Duration.ofSeconds(10));
        assertThat(waits).containsExactly("m 60000 second");
    }

    @Test
    void aRetryNamesTheKindOfItsFailure() {
        RuntimeException limited = new HttpException(429, "slow down");
        ResilientModel model = wrap(failing(limited), policy().maxAttempts(2).build());
        StepVerifier.withVirtualTime(() -> model.chat(REQUEST), () -> time, Long.MAX_VALUE)
                .thenAwait(Duration.ofSeconds(1))
                .expectNext(OK)
                .expectComplete()
                .verify(Duration.ofSeconds(10));
        assertThat(retries).extracting(RetryListener.Retry::cause).containsExactly("HTTP 429");
    }

    @Test
    void tokensPerMinuteCountEstimatedInputTokens() {
        ChatRequest big = ChatRequest.builder()
                .messages(UserMessage.from("x".repeat(400)))
                .build();
        assertThat(ResilientModel.estimateTokens(big)).isEqualTo(100);
        ResilientModel model = wrap(failing(), policy().tokensPerMinute(250).build());

        StepVerifier.withVirtualTime(
                        () -> Mono.when(model.chat(big), model.chat(big), model.chat(big)), () -> time, Long.MAX_VALUE)
                .thenAwait(Duration.ofMinutes(1))
                .expectComplete()
                .verify(Duration.ofSeconds(10));
        assertThat(callTimes).containsExactly(0L, 0L, 60_000L);
    }

    @Test
    void hedgingSendsADuplicatePastThePercentileAndCancelsTheLoser() {
        AtomicInteger calls = new AtomicInteger();
        AtomicInteger cancelled = new AtomicInteger();
        // Ten fast calls (1 s) teach the latency; then a call that would take 10 minutes is hedged at 1 s.
        SwarmModel model = SwarmModel.of("m", request -> {
            int i = calls.getAndIncrement();
            Duration latency = i == 10 ? Duration.ofMinutes(10) : Duration.ofSeconds(1);
            return Mono.delay(latency, time).thenReturn(OK).doOnCancel(cancelled::incrementAndGet);
        });
        ResilientModel hedged = wrap(model, policy().hedge(0.9, 10).build());
        StepVerifier.withVirtualTime(
                        () -> reactor.core.publisher.Flux.range(0, 10)
                                .concatMap(i -> hedged.chat(REQUEST))
                                .then(hedged.chat(REQUEST)),
                        () -> time,
                        Long.MAX_VALUE)
                .thenAwait(Duration.ofSeconds(12))
                .expectNext(OK)
                .expectComplete()
                .verify(Duration.ofSeconds(10));
        assertThat(calls).hasValue(12);
        assertThat(cancelled).as("the slow original was cancelled").hasValue(1);
    }

    @Test
    void aHedgeThatLosesWhileWaitingForCapacityReleasesItsSlot() {
        // Two 1 s calls teach the latency; the third (3 s) is hedged at 1 s, but the limit of 3 per minute is used
        // up, so the hedge waits for 60 s; the original answers at 13 s and the hedge's reservation is given back.
        AtomicInteger calls = new AtomicInteger();
        SwarmModel model = SwarmModel.of("m", request -> {
            callTimes.add(time.now(java.util.concurrent.TimeUnit.MILLISECONDS));
            Duration latency = calls.getAndIncrement() == 2 ? Duration.ofSeconds(3) : Duration.ofSeconds(1);
            return Mono.delay(latency, time).thenReturn(OK);
        });
        ResilientModel hedged =
                wrap(model, policy().requestsPerMinute(3).hedge(0.5, 2).build());
        hedged.chat(REQUEST).subscribe();
        hedged.chat(REQUEST).subscribe();
        time.advanceTimeBy(Duration.ofSeconds(10));
        List<ChatResponse> answers = Collections.synchronizedList(new ArrayList<>());
        hedged.chat(REQUEST).subscribe(answers::add);
        time.advanceTimeBy(Duration.ofSeconds(10));
        assertThat(answers).hasSize(1);
        hedged.chat(REQUEST).subscribe(answers::add);
        hedged.chat(REQUEST).subscribe(answers::add);
        time.advanceTimeBy(Duration.ofMinutes(2));

        // Had the hedge kept its slot at 60 s, the last call would start at 70 s.
        assertThat(callTimes).containsExactly(0L, 0L, 10_000L, 60_000L, 60_000L);
        assertThat(answers).hasSize(3);
    }

    @Test
    void theCallTimeoutStartsWhenCapacityIsGranted() {
        AtomicInteger calls = new AtomicInteger();
        SwarmModel model = SwarmModel.of("m", request -> {
            callTimes.add(time.now(java.util.concurrent.TimeUnit.MILLISECONDS));
            calls.incrementAndGet();
            return Mono.delay(Duration.ofSeconds(20), time).thenReturn(OK);
        });
        ResilientModel limited = wrap(
                model,
                policy().requestsPerMinute(1)
                        .callTimeout(Duration.ofSeconds(30))
                        .maxAttempts(1)
                        .build());
        List<Object> outcomes = Collections.synchronizedList(new ArrayList<>());
        limited.chat(REQUEST).subscribe(outcomes::add, outcomes::add);
        limited.chat(REQUEST).subscribe(outcomes::add, outcomes::add);
        time.advanceTimeBy(Duration.ofSeconds(79));
        assertThat(outcomes).hasSize(1);
        time.advanceTimeBy(Duration.ofSeconds(1));

        // The second call waited 60 s for capacity, then took 20 s: within its 30 s timeout.
        assertThat(outcomes).containsExactly(OK, OK);
        assertThat(callTimes).containsExactly(0L, 60_000L);
    }

    @Test
    void hedgingIsOffByDefault() {
        assertThat(ModelPolicy.DEFAULTS.hedging()).isFalse();
        assertThatThrownBy(() -> ModelPolicy.builder().jitter(1.5).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("jitter");
    }

    @Test
    void aModelThatThrowsInsteadOfFailingItsMonoIsRetriedAlike() {
        AtomicInteger calls = new AtomicInteger();
        SwarmModel throwing = SwarmModel.of("m", request -> {
            if (calls.getAndIncrement() == 0) {
                throw new InternalServerException(new HttpException(503, "busy"));
            }
            return Mono.just(OK);
        });
        ResilientModel model = wrap(throwing, policy().maxAttempts(2).build());

        StepVerifier.withVirtualTime(() -> model.chat(REQUEST), () -> time, Long.MAX_VALUE)
                .thenAwait(Duration.ofSeconds(1))
                .expectNext(OK)
                .verifyComplete();
        assertThat(calls).hasValue(2);
        assertThat(retries).hasSize(1);
    }

    @Test
    void aCancellationDuringTheBackoffStartsNoOtherAttempt() {
        RuntimeException boom = new InternalServerException(new HttpException(500, "boom"));
        ResilientModel model = wrap(failing(boom, boom), policy().maxAttempts(3).build());

        StepVerifier.withVirtualTime(() -> model.chat(REQUEST), () -> time, Long.MAX_VALUE)
                .expectSubscription()
                .thenAwait(Duration.ofMillis(500))
                .thenCancel()
                .verify(Duration.ofSeconds(10));
        time.advanceTimeBy(Duration.ofMinutes(1));
        assertThat(callTimes).containsExactly(0L);
    }

    @Test
    void theResponseWaitsForTheCallersDemandAndAFailureAfterItIsNotRetried() {
        ResilientModel model = wrap(SwarmModel.of("m", request -> Mono.just(OK)), policy().build());
        StepVerifier.create(model.chat(REQUEST), 0)
                .expectSubscription()
                .expectNoEvent(Duration.ofMillis(10))
                .thenRequest(1)
                .expectNext(OK)
                .verifyComplete();

        // A source that breaks the Mono contract with a value and then a failure: the failure is not retried.
        AtomicInteger calls = new AtomicInteger();
        Mono<ChatResponse> valueThenError = new Mono<>() {
            @Override
            public void subscribe(reactor.core.CoreSubscriber<? super ChatResponse> actual) {
                calls.incrementAndGet();
                actual.onSubscribe(reactor.core.publisher.Operators.emptySubscription());
                actual.onNext(OK);
                actual.onError(new InternalServerException(new HttpException(500, "late")));
            }
        };
        ResilientModel odd = wrap(
                SwarmModel.of("m", request -> valueThenError),
                policy().maxAttempts(3).build());
        StepVerifier.withVirtualTime(() -> odd.chat(REQUEST), () -> time, Long.MAX_VALUE)
                .expectNext(OK)
                .thenAwait(Duration.ofMinutes(1))
                .expectError(InternalServerException.class)
                .verify(Duration.ofSeconds(10));
        assertThat(calls).hasValue(1);
    }
}

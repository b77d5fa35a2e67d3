package dev.agentswarm.eval;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.test.scheduler.VirtualTimeScheduler;

/**
 * The short locks of the virtual clock and of Jackson's deserializer cache, contended on non-blocking threads under
 * BlockHound: without {@link ShortLocksBlockHoundIntegration}, these tests fail with {@code BlockingOperationError}
 * (or hang, when BlockHound's error leaves the clock's lock with a waiter that never takes it).
 */
class ShortLocksBlockHoundIntegrationTest {

    @Test
    void nonBlockingThreadsScheduleAndCancelVirtualTimersConcurrently() {
        VirtualTimeScheduler clock = VirtualTimeScheduler.create();
        int threads = Math.max(2, Schedulers.DEFAULT_POOL_SIZE);
        int perThread = 20_000;
        try {
            Long scheduled = Flux.range(0, threads * 4)
                    .flatMap(i -> Mono.fromCallable(() -> {
                                for (int n = 0; n < perThread; n++) {
                                    Disposable timer = clock.schedule(() -> {}, 1, TimeUnit.SECONDS);
                                    timer.dispose();
                                }
                                return (long) perThread;
                            })
                            .subscribeOn(Schedulers.parallel()))
                    .reduce(0L, Long::sum)
                    .block(Duration.ofMinutes(2));
            assertThat(scheduled).isEqualTo((long) threads * 4 * perThread);
        } finally {
            clock.dispose();
        }
    }

    @Test
    void nonBlockingThreadsBuildJacksonDeserializersConcurrentlyOnColdCaches() {
        int mappers = 2_000;
        int threads = Math.max(2, Schedulers.DEFAULT_POOL_SIZE);
        Long parsed = Flux.range(0, mappers)
                .concatMap(i -> {
                    ObjectMapper cold = new ObjectMapper();
                    AtomicInteger ready = new AtomicInteger();
                    return Flux.range(0, threads)
                            .flatMap(t -> Mono.fromCallable(() -> {
                                        // Spin (no parking) until every thread is here, so they meet on the cold cache.
                                        ready.incrementAndGet();
                                        long spins = 0;
                                        while (ready.get() < threads) {
                                            spins++; // not Thread.onSpinWait(): BlockHound counts it as blocking
                                        }
                                        Map<String, List<Integer>> value =
                                                cold.readValue("{\"a\":[1,2]}", new TypeReference<>() {});
                                        return spins >= 0
                                                ? (long) value.get("a").size()
                                                : 0L;
                                    })
                                    .subscribeOn(Schedulers.parallel()));
                })
                .reduce(0L, Long::sum)
                .block(Duration.ofMinutes(2));
        assertThat(parsed).isEqualTo(2L * mappers * threads);
    }

    @Test
    void blockingOnANonBlockingThreadIsStillReported() {
        // The blocking call BlockHound must still catch on a non-blocking thread (not a synchronisation).
        String outcome = Mono.fromCallable(() -> {
                    Thread.sleep(1);
                    return "slept";
                })
                .subscribeOn(Schedulers.parallel())
                .onErrorResume(e -> Mono.just(e.getClass().getName()))
                .block(Duration.ofSeconds(30));
        assertThat(outcome).isEqualTo("reactor.blockhound.BlockingOperationError");
    }
}

package dev.agentswarm.internal.bulkhead;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.test.scheduler.VirtualTimeScheduler;
import reactor.util.context.Context;

class FairBulkheadTest {

    private final VirtualTimeScheduler vts = VirtualTimeScheduler.create();
    private final FairBulkhead bulkhead = new FairBulkhead("tasks", 1, vts);
    private final List<FairBulkhead.Queued> queued = new ArrayList<>();

    private Mono<String> admit(Lane lane, Mono<String> work, Mono<?> giveUp) {
        return bulkhead.admit(lane, waited -> work, giveUp, () -> Mono.just("gave up"), queued::add);
    }

    @Test
    void aWaiterThatIsCancelledOrGivesUpLeavesTheLineAndTakesNoPlace() {
        Lane a = new Lane("a", 10);
        Lane b = new Lane("b", 10);
        Sinks.One<String> first = Sinks.one();
        AtomicReference<String> firstResult = new AtomicReference<>();
        admit(a, first.asMono(), Mono.never()).subscribe(firstResult::set);
        Disposable cancelled = admit(b, Mono.just("never runs"), Mono.never()).subscribe();
        Sinks.One<String> giveUp = Sinks.one();
        AtomicReference<String> gaveUp = new AtomicReference<>();
        admit(b, Mono.just("never runs either"), giveUp.asMono()).subscribe(gaveUp::set);
        assertThat(bulkhead.waiting()).isEqualTo(2);
        assertThat(queued).extracting(FairBulkhead.Queued::waiting).containsExactly(1, 2);

        cancelled.dispose();
        giveUp.tryEmitValue("cancelled");
        assertThat(gaveUp.get()).isEqualTo("gave up");
        assertThat(bulkhead.waiting()).isZero();
        assertThat(bulkhead.inFlight()).isEqualTo(1);

        first.tryEmitValue("done");
        assertThat(firstResult.get()).isEqualTo("done");
        assertThat(bulkhead.inFlight()).isZero();
        assertThat(bulkhead.activeLanes()).isZero();
        assertThat(bulkhead.peakInFlight()).isEqualTo(1);
    }

    @Test
    void theWaitIsMeasuredAndTheCallersContextReachesTheWork() {
        Lane a = new Lane("a", 10);
        Sinks.One<String> hold = Sinks.one();
        admit(a, hold.asMono(), Mono.never()).subscribe();
        AtomicReference<Duration> waited = new AtomicReference<>();
        AtomicReference<String> seen = new AtomicReference<>();
        bulkhead.admit(
                        a,
                        w -> {
                            waited.set(w);
                            return Mono.deferContextual(
                                    c -> Mono.just(c.get("who").toString()));
                        },
                        Mono.never(),
                        Mono::empty,
                        q -> {})
                .contextWrite(Context.of("who", "caller"))
                .subscribe(seen::set);
        vts.advanceTimeBy(Duration.ofSeconds(7));
        hold.tryEmitValue("x");
        assertThat(waited.get()).isEqualTo(Duration.ofSeconds(7));
        assertThat(seen.get()).isEqualTo("caller");
    }

    @Test
    void aFreedPlaceGoesToTheLaneWithTheFewestPlacesForItsWeight() {
        FairBulkhead four = new FairBulkhead("tasks", 4, vts);
        Lane lo = new Lane("lo", 10);
        Lane hi = new Lane("hi", 30);
        List<Sinks.One<String>> works = new ArrayList<>();
        List<String> started = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            for (Lane lane : List.of(lo, hi)) {
                Sinks.One<String> s = Sinks.one();
                four.admit(
                                lane,
                                w -> s.asMono().doOnSubscribe(x -> started.add(lane.runId())),
                                Mono.never(),
                                Mono::empty,
                                q -> {})
                        .subscribe(v -> {});
                works.add(s);
            }
        }
        assertThat(started).containsExactly("lo", "hi", "lo", "hi");
        assertThat(four.inFlight()).isEqualTo(4);
        assertThat(four.waiting()).isEqualTo(12);
        assertThat(four.toString()).contains("4/4 in flight", "12 waiting", "2 lanes");
        // The four running works end: each freed place goes to the lane with the fewest places for its weight.
        for (int i = 0; i < 4; i++) {
            works.get(i).tryEmitValue("done");
        }
        assertThat(started.subList(4, 8)).containsExactly("hi", "hi", "lo", "hi");
    }

    @Test
    void aWorkThatCannotBeMadeFailsAndFreesItsPlace() {
        Lane a = new Lane("a", 1);
        AtomicReference<Throwable> error = new AtomicReference<>();
        bulkhead.<String>admit(
                        a,
                        w -> {
                            throw new IllegalStateException("boom");
                        },
                        Mono.never(),
                        Mono::empty,
                        q -> {})
                .subscribe(v -> {}, error::set);
        assertThat(error.get()).hasMessage("boom");
        assertThat(bulkhead.inFlight()).isZero();
        Disposable running = admit(a, Mono.never(), Mono.never()).subscribe();
        assertThat(bulkhead.inFlight()).isEqualTo(1);
        running.dispose();
        assertThat(bulkhead.inFlight()).isZero();
        assertThat(bulkhead.activeLanes()).isZero();
    }

    @Test
    void badInputIsRefused() {
        assertThatThrownBy(() -> new FairBulkhead("tasks", 0, vts))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(">= 1, got 0");
        assertThatThrownBy(() -> new Lane("r", 0)).isInstanceOf(IllegalArgumentException.class);
        assertThat(Lane.of(Context.empty())).isSameAs(Lane.UNATTRIBUTED);
        assertThat(Lane.taskBulkhead(new Lane("r", 2).into(Context.empty(), bulkhead)))
                .isSameAs(bulkhead);
        assertThat(Lane.queueWait(Context.empty())).isZero();
        assertThat(bulkhead.scope()).isEqualTo("tasks");
        assertThat(bulkhead.capacity()).isEqualTo(1);
    }
}

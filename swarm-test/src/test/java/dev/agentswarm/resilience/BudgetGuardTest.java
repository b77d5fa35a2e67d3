package dev.agentswarm.resilience;

import static dev.agentswarm.test.Replies.assignTask;
import static dev.agentswarm.test.Replies.call;
import static dev.agentswarm.test.Replies.calls;
import static dev.agentswarm.test.Replies.createSubagent;
import static dev.agentswarm.test.Replies.text;
import static org.assertj.core.api.Assertions.assertThat;

import dev.agentswarm.AgentSwarm;
import dev.agentswarm.SwarmRun;
import dev.agentswarm.event.SwarmEvent;
import dev.agentswarm.policy.Budget;
import dev.agentswarm.policy.Limits;
import dev.agentswarm.policy.context.ApproximateTokenCountEstimator;
import dev.agentswarm.policy.context.ContextPolicy;
import dev.agentswarm.report.RunStatus;
import dev.agentswarm.report.SwarmResult;
import dev.agentswarm.report.TaskStatus;
import dev.agentswarm.test.ScriptedModel;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.test.scheduler.VirtualTimeScheduler;

/**
 * The budget guard's own paths, end to end: the wall-time timer (it cancels work in flight under the cancel policy at
 * its deadline, and stops with the run), the wall-time check against the run's clock at each turn, the first budget
 * that runs out being the one the run reports (once, with its {@code LimitHit} event), a budget that runs out in the
 * last allowed orchestrator step, and the refusal of further model calls and compactions under the cancel policy.
 * All in virtual time or on a hand-moved clock.
 */
class BudgetGuardTest {

    final List<SwarmEvent> events = Collections.synchronizedList(new ArrayList<>());

    List<SwarmEvent.LimitHit> limitHits() {
        synchronized (events) {
            return events.stream()
                    .filter(SwarmEvent.LimitHit.class::isInstance)
                    .map(SwarmEvent.LimitHit.class::cast)
                    .toList();
        }
    }

    static ScriptedModel.Builder twoStagesOfOneTask() {
        return ScriptedModel.builder()
                .name("m")
                .orchestrator(calls(createSubagent("worker", "You work."), assignTask("worker", "a")))
                .orchestrator(calls(assignTask("worker", "b")))
                .orchestrator(text("all done"));
    }

    /** The tokens of the first orchestrator turn of {@link #twoStagesOfOneTask()}, from an unlimited run. */
    static long firstTurnTokens() {
        List<SwarmEvent> seen = Collections.synchronizedList(new ArrayList<>());
        SwarmResult unlimited = AgentSwarm.builder()
                .orchestratorModel(
                        twoStagesOfOneTask().subagent("worker", text("short")).build())
                .listener(seen::add)
                .build()
                .run("go");
        assertThat(unlimited.status()).isEqualTo(RunStatus.COMPLETED);
        synchronized (seen) {
            SwarmEvent.OrchestratorTurn first = seen.stream()
                    .filter(SwarmEvent.OrchestratorTurn.class::isInstance)
                    .map(SwarmEvent.OrchestratorTurn.class::cast)
                    .findFirst()
                    .orElseThrow();
            return first.inputTokens() + first.outputTokens();
        }
    }

    @Test
    void aWallTimeBudgetUnderTheCancelPolicyCancelsTheTasksInFlightAtItsDeadline() {
        VirtualTimeScheduler time = VirtualTimeScheduler.create();
        ScriptedModel model = ScriptedModel.builder()
                .orchestrator(calls(
                        createSubagent("worker", "You work."), assignTask("worker", "a"), assignTask("worker", "b")))
                .orchestrator(text("never"))
                .subagent("worker", r -> text("answer " + r.userPrompt()))
                .latency(r -> r.role().equals("worker") ? Duration.ofMinutes(10) : Duration.ZERO)
                .scheduler(time)
                .build();
        SwarmRun run = AgentSwarm.builder()
                .orchestratorModel(model)
                .timer(time)
                .listener(events::add)
                .budget(Budget.builder()
                        .maxWallTime(Duration.ofSeconds(90))
                        .onExhausted(Budget.OnExhausted.CANCEL_IN_FLIGHT)
                        .build())
                .build()
                .start("go");
        // Far past the tasks' ten minutes: a run that did not cancel them would end too, with other results.
        time.advanceTimeBy(Duration.ofMinutes(30));
        SwarmResult result = run.result().block(Duration.ofSeconds(5));

        assertThat(result).isNotNull();
        assertThat(result.status()).isEqualTo(RunStatus.BUDGET_EXHAUSTED);
        assertThat(result.reason()).isEqualTo("budget maxWallTime (90000 ms) exhausted: the run has run for 90000 ms");
        assertThat(result.tasks()).hasSize(2).allSatisfy(t -> {
            assertThat(t.status()).isEqualTo(TaskStatus.CANCELLED);
            assertThat(t.reason()).contains("maxWallTime");
        });
        assertThat(result.report().wallTime())
                .as("the run ends at the deadline")
                .isEqualTo(Duration.ofSeconds(90));
        assertThat(model.requests(ScriptedModel.ORCHESTRATOR)).hasSize(1);
        assertThat(limitHits()).singleElement().satisfies(hit -> {
            assertThat(hit.limit()).isEqualTo("maxWallTime");
            assertThat(hit.detail()).isEqualTo(result.reason());
        });
    }

    @Test
    void theWallTimeTimerStopsWithTheRun() {
        VirtualTimeScheduler time = VirtualTimeScheduler.create();
        WatchedTimer timer = new WatchedTimer(time);
        ScriptedModel model =
                twoStagesOfOneTask().subagent("worker", text("done")).build();
        SwarmRun run = AgentSwarm.builder()
                .orchestratorModel(model)
                .timer(timer)
                .listener(events::add)
                .budget(Budget.builder()
                        .maxWallTime(Duration.ofSeconds(90))
                        .onExhausted(Budget.OnExhausted.CANCEL_IN_FLIGHT)
                        .build())
                .build()
                .start("go");
        SwarmResult result = run.result().block(Duration.ofSeconds(5));
        assertThat(result).isNotNull();
        assertThat(result.status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(timer.delayed(Duration.ofSeconds(90)))
                .as("the wall-time timer, disposed when the run ended")
                .singleElement()
                .satisfies(d -> assertThat(d.isDisposed()).isTrue());

        time.advanceTimeBy(Duration.ofMinutes(5));

        assertThat(limitHits()).as("no budget runs out after the run ended").isEmpty();
        assertThat(result.report().limitsHit()).isEmpty();
    }

    @Test
    void theWallTimeBudgetIsCheckedAgainstTheRunsClockAtEachTurn() {
        // The timer never fires (its virtual time stands still): only the check before each turn can see the clock
        // move. Each worker call moves the clock by exactly the budget.
        MovableClock clock = new MovableClock();
        ScriptedModel model = twoStagesOfOneTask()
                .subagent("worker", r -> {
                    clock.advance(Duration.ofSeconds(90));
                    return text("answer " + r.userPrompt());
                })
                .build();
        SwarmResult result = AgentSwarm.builder()
                .orchestratorModel(model)
                .timer(VirtualTimeScheduler.create())
                .clock(clock)
                .listener(events::add)
                .budget(Budget.builder().maxWallTime(Duration.ofSeconds(90)).build())
                .build()
                .start("go")
                .result()
                .block(Duration.ofSeconds(5));

        assertThat(result).isNotNull();
        assertThat(result.status()).isEqualTo(RunStatus.BUDGET_EXHAUSTED);
        assertThat(result.reason()).isEqualTo("budget maxWallTime (90000 ms) exhausted: the run has run for 90000 ms");
        assertThat(model.requests("worker")).hasSize(1);
        assertThat(model.requests(ScriptedModel.ORCHESTRATOR)).hasSize(1);
        assertThat(limitHits())
                .singleElement()
                .extracting(SwarmEvent.LimitHit::limit)
                .isEqualTo("maxWallTime");

        // One millisecond more: the second stage starts; the run ends before its final turn.
        MovableClock later = new MovableClock();
        ScriptedModel more = twoStagesOfOneTask()
                .subagent("worker", r -> {
                    later.advance(Duration.ofSeconds(90));
                    return text("answer " + r.userPrompt());
                })
                .build();
        SwarmResult goesOn = AgentSwarm.builder()
                .orchestratorModel(more)
                .timer(VirtualTimeScheduler.create())
                .clock(later)
                .budget(Budget.builder().maxWallTime(Duration.ofMillis(90_001)).build())
                .build()
                .start("go")
                .result()
                .block(Duration.ofSeconds(5));
        assertThat(goesOn).isNotNull();
        assertThat(more.requests("worker")).hasSize(2);
        assertThat(goesOn.status()).isEqualTo(RunStatus.BUDGET_EXHAUSTED);
        assertThat(goesOn.reason()).isEqualTo("budget maxWallTime (90001 ms) exhausted: the run has run for 180000 ms");
    }

    @Test
    void theFirstBudgetToRunOutIsTheOneTheRunReportsOnce() {
        // The first turn uses up both the token and the cost budget, counted in that order.
        ScriptedModel model =
                twoStagesOfOneTask().subagent("worker", text("done")).build();
        SwarmResult result = AgentSwarm.builder()
                .orchestratorModel(model)
                .listener(events::add)
                .budget(Budget.builder()
                        .maxTotalTokens(10)
                        .maxCost(10)
                        .price("m", 1_000_000, 1_000_000)
                        .build())
                .build()
                .run("go");

        assertThat(result.status()).isEqualTo(RunStatus.BUDGET_EXHAUSTED);
        assertThat(result.reason()).startsWith("budget maxTotalTokens (10) exhausted");
        assertThat(result.report().limitsHit()).containsExactly("maxTotalTokens: " + result.reason());
        assertThat(limitHits()).singleElement().satisfies(hit -> {
            assertThat(hit.limit()).isEqualTo("maxTotalTokens");
            assertThat(hit.detail()).isEqualTo(result.reason());
            assertThat(hit.stage()).isZero();
        });
    }

    @Test
    void aBudgetThatRunsOutInTheLastAllowedOrchestratorStepEndsTheRunBudgetExhausted() {
        long first = firstTurnTokens();
        // The first turn fits; the worker's long answer (about 1,000 tokens) uses the budget up. The step limit would
        // end the run at the next turn; the budget ends it first, when the stage closes.
        ScriptedModel model =
                twoStagesOfOneTask().subagent("worker", text("x".repeat(4_000))).build();
        SwarmResult result = AgentSwarm.builder()
                .orchestratorModel(model)
                .limits(Limits.builder().maxOrchestratorSteps(1).build())
                .budget(Budget.builder().maxTotalTokens(first + 100).build())
                .build()
                .run("go");

        assertThat(result.status()).isEqualTo(RunStatus.BUDGET_EXHAUSTED);
        assertThat(result.reason()).startsWith("budget maxTotalTokens (" + (first + 100) + ") exhausted");
        assertThat(result.tasks()).singleElement().extracting(t -> t.status()).isEqualTo(TaskStatus.COMPLETED);
        assertThat(result.report().limitsHit()).singleElement().asString().startsWith("maxTotalTokens");
    }

    @Test
    void underTheCancelPolicyNoModelCallStartsOnceASummaryUsedTheBudgetUp() {
        long first = firstTurnTokens();
        AtomicInteger summaries = new AtomicInteger();
        // The worker's first turn calls a tool; before its second turn its history is summarised (1,000 tokens),
        // which uses the budget up. The second turn's model call is refused: the summary's own call is the last.
        ScriptedModel model = ScriptedModel.builder()
                .name("m")
                .orchestrator(calls(createSubagent("worker", "You work.", "lookup"), assignTask("worker", "a")))
                .orchestrator(text("never"))
                .subagent("worker", r -> r.turn() == 0 ? calls(call("lookup", Map.of("key", "k"))) : text("answer"))
                .build();
        SwarmResult result = AgentSwarm.builder()
                .orchestratorModel(model)
                .tools(new SummaryBudgetTest.Lookup())
                .subagentContextPolicy(ContextPolicy.summary(
                        1,
                        ApproximateTokenCountEstimator.INSTANCE,
                        SummaryBudgetTest.summarizer(summaries, Duration.ZERO, Schedulers.parallel())))
                .budget(Budget.builder()
                        .maxTotalTokens(first + 500)
                        .onExhausted(Budget.OnExhausted.CANCEL_IN_FLIGHT)
                        .build())
                .build()
                .run("go");

        assertThat(result.status()).isEqualTo(RunStatus.BUDGET_EXHAUSTED);
        assertThat(result.reason()).startsWith("budget maxTotalTokens (" + (first + 500) + ") exhausted");
        assertThat(summaries.get()).isEqualTo(1);
        assertThat(model.requests("worker")).as("no model call past the budget").hasSize(1);
        assertThat(result.tasks())
                .singleElement()
                .satisfies(t -> assertThat(t.status()).isNotEqualTo(TaskStatus.COMPLETED));
    }

    /** A timer that remembers the delayed tasks scheduled on it, by delay. */
    static final class WatchedTimer implements Scheduler {
        private final Scheduler delegate;
        private final List<Map.Entry<Duration, Disposable>> delayed = Collections.synchronizedList(new ArrayList<>());

        WatchedTimer(Scheduler delegate) {
            this.delegate = delegate;
        }

        List<Disposable> delayed(Duration delay) {
            synchronized (delayed) {
                return delayed.stream()
                        .filter(e -> e.getKey().equals(delay))
                        .map(Map.Entry::getValue)
                        .toList();
            }
        }

        @Override
        public Disposable schedule(Runnable task) {
            return delegate.schedule(task);
        }

        @Override
        public Disposable schedule(Runnable task, long delay, TimeUnit unit) {
            Disposable d = delegate.schedule(task, delay, unit);
            delayed.add(Map.entry(Duration.ofNanos(unit.toNanos(delay)), d));
            return d;
        }

        @Override
        public long now(TimeUnit unit) {
            return delegate.now(unit);
        }

        @Override
        public Worker createWorker() {
            return delegate.createWorker();
        }
    }

    /** A clock that moves only when told. */
    static final class MovableClock extends Clock {
        private volatile Instant now = Instant.parse("2026-01-01T00:00:00Z");

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}

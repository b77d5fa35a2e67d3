package dev.agentswarm.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentswarm.AgentSwarm;
import dev.agentswarm.RunOptions;
import dev.agentswarm.SwarmRun;
import dev.agentswarm.event.SwarmEvent;
import dev.agentswarm.policy.Budget;
import dev.agentswarm.report.RunStatus;
import dev.agentswarm.report.SwarmResult;
import dev.agentswarm.report.TaskResult;
import dev.agentswarm.report.TaskStatus;
import dev.agentswarm.resilience.ModelPolicy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import reactor.test.scheduler.VirtualTimeScheduler;

/**
 * The swarm-wide bulkhead, in virtual time, through the public API: one swarm, many runs at once. The cap holds across
 * runs; a freed place goes to the run that holds the fewest places for its priority, so a wide run does not starve
 * small ones and a run of three times the priority gets three times the places; a task or a run cancelled while it
 * waits, or whose budget runs out while it waits, never takes a place.
 */
class SwarmBulkheadTest {

    private final VirtualTimeScheduler vts = VirtualTimeScheduler.create();
    private final List<SwarmEvent.BulkheadWait> waits = Collections.synchronizedList(new ArrayList<>());

    private AgentSwarm.Builder swarm(FleetModel model) {
        return AgentSwarm.builder().orchestratorModel(model).timer(vts).listener(e -> {
            if (e instanceof SwarmEvent.BulkheadWait w) {
                waits.add(w);
            }
        });
    }

    private static SwarmResult result(SwarmRun run) {
        assertThat(run.isDone()).as("run %s ended", run.runId()).isTrue();
        return run.result().block(Duration.ofSeconds(5));
    }

    @Test
    void theCapHoldsAcrossRunsAndTheWaitIsReported() {
        FleetModel model = new FleetModel(vts, Duration.ofSeconds(10));
        AgentSwarm swarm = swarm(model).maxConcurrency(8).maxTasksInFlight(10).build();
        List<SwarmRun> runs = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            runs.add(swarm.start("r" + i + " 8"));
        }
        vts.advanceTimeBy(Duration.ofMinutes(2));

        // Five runs of eight tasks with maxConcurrency 8 would put 40 tasks in flight; the bulkhead lets 10 through.
        assertThat(model.maxInFlight()).isEqualTo(10);
        Duration queued = Duration.ZERO;
        for (SwarmRun run : runs) {
            SwarmResult r = result(run);
            assertThat(r.status()).isEqualTo(RunStatus.COMPLETED);
            assertThat(r.tasks()).hasSize(8).allMatch(t -> t.status() == TaskStatus.COMPLETED);
            assertThat(r.report().peakConcurrency()).isLessThanOrEqualTo(8);
            queued = queued.plus(r.report().queueWait());
        }
        // 40 tasks of 10 s, ten at a time: waves at 0, 10, 20 and 30 s; 30 tasks waited 10, 20 or 30 s.
        assertThat(queued).isEqualTo(Duration.ofSeconds(10 * 10 + 10 * 20 + 10 * 30));
        assertThat(waits).hasSize(30).allSatisfy(w -> {
            assertThat(w.scope()).isEqualTo("tasks");
            assertThat(w.capacity()).isEqualTo(10);
            assertThat(w.inFlight()).isEqualTo(10);
            assertThat(w.taskId()).isNotNull();
        });
        // The task's start is after its wait: startedAt is when it got its place.
        TaskResult last = result(runs.get(4)).tasks().get(7);
        assertThat(last.queueWait()).isPositive();
        assertThat(last.startedAt()).isEqualTo(java.time.Instant.EPOCH.plus(last.queueWait()));
    }

    @Test
    void aWideRunDoesNotStarveSmallOnes() {
        FleetModel model = new FleetModel(vts, Duration.ofSeconds(10));
        AgentSwarm swarm = swarm(model).maxTasksInFlight(4).build();
        SwarmRun wide = swarm.start("wide 40");
        vts.advanceTimeBy(Duration.ofSeconds(1));
        List<SwarmRun> small = List.of(swarm.start("s1 2"), swarm.start("s2 2"), swarm.start("s3 2"));

        vts.advanceTimeBy(Duration.ofSeconds(30));
        // First come, first served would keep the small runs waiting for the wide run's 40 tasks (100 s). Fairly
        // shared, each gets a place as soon as one frees: their tasks run at 10-20 s and 20-30 s.
        for (SwarmRun s : small) {
            SwarmResult r = result(s);
            assertThat(r.status()).isEqualTo(RunStatus.COMPLETED);
            assertThat(r.report().wallTime()).isLessThanOrEqualTo(Duration.ofSeconds(29));
        }
        assertThat(wide.isDone()).isFalse();
        vts.advanceTimeBy(Duration.ofMinutes(2));
        assertThat(result(wide).status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(result(wide).tasks()).hasSize(40);
        assertThat(model.maxInFlight()).isEqualTo(4);
    }

    @Test
    void aRunOfThreeTimesThePriorityGetsThreeTimesThePlaces() {
        FleetModel model = new FleetModel(vts, Duration.ofSeconds(10));
        AgentSwarm swarm = swarm(model).maxTasksInFlight(4).build();
        SwarmRun lo = swarm.start("lo 40", RunOptions.defaults().withPriority(10));
        SwarmRun hi = swarm.start("hi 40", RunOptions.defaults().withPriority(30));
        // lo came first and took all four places; from the first freed places on, they are shared 3:1.
        vts.advanceTimeBy(Duration.ofSeconds(5));
        assertThat(model.inFlight("lo")).isEqualTo(4);
        for (int wave = 1; wave <= 4; wave++) {
            vts.advanceTimeBy(Duration.ofSeconds(10));
            assertThat(model.inFlight("hi")).as("hi's places in wave %d", wave).isEqualTo(3);
            assertThat(model.inFlight("lo")).as("lo's places in wave %d", wave).isEqualTo(1);
        }
        vts.advanceTimeBy(Duration.ofMinutes(5));
        assertThat(result(lo).status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(result(hi).status()).isEqualTo(RunStatus.COMPLETED);
    }

    @Test
    void aTaskCancelledWhileItWaitsEndsCancelledAndTakesNoPlace() {
        FleetModel model = new FleetModel(
                vts, label -> label.equals("a") ? Duration.ofSeconds(100) : Duration.ofSeconds(10), l -> Duration.ZERO);
        AgentSwarm swarm = swarm(model).maxTasksInFlight(1).build();
        SwarmRun a = swarm.start("a 1");
        SwarmRun b = swarm.start("b 2");
        vts.advanceTimeBy(Duration.ofSeconds(1));
        String first = taskIdOf(b, "b-0");

        assertThat(b.cancelTask(first)).isTrue();
        vts.advanceTimeBy(Duration.ofSeconds(200));

        SwarmResult r = result(b);
        assertThat(r.status()).isEqualTo(RunStatus.COMPLETED);
        TaskResult cancelled = r.tasks().get(0);
        assertThat(cancelled.status()).isEqualTo(TaskStatus.CANCELLED);
        assertThat(cancelled.steps()).isZero();
        assertThat(cancelled.queueWait()).isEqualTo(Duration.ofSeconds(1));
        TaskResult other = r.tasks().get(1);
        assertThat(other.status()).isEqualTo(TaskStatus.COMPLETED);
        assertThat(other.queueWait()).isEqualTo(Duration.ofSeconds(100));
        assertThat(model.subagentPrompts()).containsExactly("a-0", "b-1");
        assertThat(result(a).status()).isEqualTo(RunStatus.COMPLETED);
    }

    @Test
    void aRunCancelledWhileItWaitsEndsCancelledAndTakesNoPlace() {
        FleetModel model = new FleetModel(vts, Duration.ofSeconds(100));
        AgentSwarm swarm = swarm(model).maxTasksInFlight(1).build();
        SwarmRun a = swarm.start("a 1");
        SwarmRun b = swarm.start("b 3");
        List<SwarmEvent> bEvents = Collections.synchronizedList(new ArrayList<>());
        b.events().subscribe(bEvents::add);
        vts.advanceTimeBy(Duration.ofSeconds(1));

        b.cancel();
        vts.advanceTimeBy(Duration.ofSeconds(1));
        SwarmResult r = result(b);
        assertThat(r.status()).isEqualTo(RunStatus.CANCELLED);
        assertThat(bEvents.get(bEvents.size() - 1)).isInstanceOf(SwarmEvent.RunFinished.class);
        assertThat(bEvents)
                .filteredOn(e -> e instanceof SwarmEvent.BulkheadWait)
                .hasSize(3);
        assertThat(bEvents).noneMatch(e -> e instanceof SwarmEvent.TaskStarted);

        vts.advanceTimeBy(Duration.ofSeconds(200));
        assertThat(result(a).status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(model.subagentPrompts()).containsExactly("a-0");
        // The place a's task freed went to nobody: a later run gets it at once.
        SwarmRun c = swarm.start("c 1");
        vts.advanceTimeBy(Duration.ofSeconds(100));
        assertThat(result(c).tasks().get(0).queueWait()).isZero();
    }

    @Test
    void aBudgetThatRunsOutWhileTheRunWaitsCancelsItsWaitingTasks() {
        FleetModel model = new FleetModel(
                vts,
                label -> Duration.ofSeconds(20),
                label -> label.equals("b") ? Duration.ofSeconds(1) : Duration.ZERO);
        AgentSwarm swarm = swarm(model)
                .maxTasksInFlight(1)
                .budget(Budget.builder()
                        .maxWallTime(Duration.ofSeconds(5))
                        .onExhausted(Budget.OnExhausted.CANCEL_IN_FLIGHT)
                        .build())
                .build();
        // b's clock starts first; its task is assigned at 1 s and waits behind a's until b's budget runs out at 5 s.
        SwarmRun b = swarm.start("b 1");
        SwarmRun a = swarm.start("a 1");
        vts.advanceTimeBy(Duration.ofSeconds(30));

        SwarmResult r = result(b);
        assertThat(r.status()).isEqualTo(RunStatus.BUDGET_EXHAUSTED);
        TaskResult t = r.tasks().get(0);
        assertThat(t.status()).isEqualTo(TaskStatus.CANCELLED);
        assertThat(t.steps()).isZero();
        assertThat(t.queueWait()).isEqualTo(Duration.ofSeconds(4));
        assertThat(model.subagentPrompts()).containsExactly("a-0");
        assertThat(result(a).status()).isEqualTo(RunStatus.BUDGET_EXHAUSTED);
    }

    @Test
    void aModelsInFlightCapHoldsAcrossRunsAndItsWaitsAreEvents() {
        FleetModel model = new FleetModel(vts, Duration.ofSeconds(10));
        AgentSwarm swarm = swarm(model)
                .modelPolicy("fleet", ModelPolicy.builder().maxCallsInFlight(3).build())
                .build();
        List<SwarmRun> runs = List.of(swarm.start("m1 4"), swarm.start("m2 4"), swarm.start("m3 4"));
        vts.advanceTimeBy(Duration.ofMinutes(5));

        for (SwarmRun run : runs) {
            assertThat(result(run).status()).isEqualTo(RunStatus.COMPLETED);
        }
        assertThat(model.maxCallsInFlight()).isEqualTo(3);
        assertThat(waits).isNotEmpty().allSatisfy(w -> {
            assertThat(w.scope()).isEqualTo("model:fleet");
            assertThat(w.capacity()).isEqualTo(3);
        });
    }

    @Test
    void badInputGetsAClearError() {
        assertThatThrownBy(() -> AgentSwarm.builder().maxTasksInFlight(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxTasksInFlight must be >= 1, got 0");
        assertThatThrownBy(() -> AgentSwarm.builder().maxTasksInFlight(-5))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("got -5");
        assertThatThrownBy(() -> ModelPolicy.builder().maxCallsInFlight(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxCallsInFlight must be >= 1, got 0");
        assertThatThrownBy(() -> RunOptions.defaults().withPriority(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("priority must be from 1 to 100")
                .hasMessageContaining("got 0");
        assertThatThrownBy(() -> RunOptions.defaults().withPriority(101))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("got 101");
        assertThat(RunOptions.defaults().priority()).isEqualTo(RunOptions.DEFAULT_PRIORITY);
        assertThat(RunOptions.defaults().withPriority(100).withListener(e -> {}).priority())
                .isEqualTo(100);
    }

    private String taskIdOf(SwarmRun run, String prompt) {
        // The event stream replays every event so far to a new subscriber, at once.
        List<SwarmEvent> events = Collections.synchronizedList(new ArrayList<>());
        run.events().subscribe(events::add).dispose();
        for (SwarmEvent e : List.copyOf(events)) {
            if (e instanceof SwarmEvent.TaskAssigned t && t.prompt().equals(prompt)) {
                return t.taskId();
            }
        }
        throw new AssertionError("no task " + prompt + " in " + events);
    }
}

package dev.agentswarm.spring.runs;

import static dev.agentswarm.test.Replies.text;
import static org.assertj.core.api.Assertions.assertThat;

import dev.agentswarm.AgentSwarm;
import dev.agentswarm.journal.FsyncPolicy;
import dev.agentswarm.test.ScriptedModel;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** How {@link SwarmRuns} keeps finished runs: the last {@code retainedRuns}, for at most {@code retention}. */
class SwarmRunsTest {

    /** A clock the test moves. */
    static final class MovableClock extends Clock {
        final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-01-01T00:00:00Z"));

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    }

    private static AgentSwarm swarm() {
        return AgentSwarm.builder()
                .orchestratorModel(ScriptedModel.builder()
                        .orchestrator(r -> text("answer"))
                        .build())
                .build();
    }

    private static TrackedRun finishedRun(SwarmRuns runs, String task) {
        TrackedRun run = ((SwarmRuns.Started) runs.start(task)).run();
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(run::isDone);
        return run;
    }

    @Test
    void onlyTheLastRetainedFinishedRunsAreKept() {
        try (AgentSwarm swarm = swarm()) {
            SwarmRuns runs = new SwarmRuns(
                    swarm, null, FsyncPolicy.ON_TASK_RESULT, 2, Duration.ofHours(1), 100, null, Clock.systemUTC());
            TrackedRun first = finishedRun(runs, "one");
            TrackedRun second = finishedRun(runs, "two");
            TrackedRun third = finishedRun(runs, "three");
            assertThat(runs.find(first.runId())).isEmpty();
            assertThat(runs.find(second.runId())).contains(second);
            assertThat(runs.find(third.runId())).contains(third);
        }
    }

    @Test
    void aFinishedRunIsDroppedAfterTheRetention() {
        MovableClock clock = new MovableClock();
        try (AgentSwarm swarm = swarm()) {
            SwarmRuns runs =
                    new SwarmRuns(swarm, null, FsyncPolicy.ON_TASK_RESULT, 10, Duration.ofMinutes(5), 100, null, clock);
            TrackedRun run = finishedRun(runs, "one");
            clock.now.set(clock.now.get().plus(Duration.ofMinutes(5)));
            assertThat(runs.find(run.runId())).contains(run);
            clock.now.set(clock.now.get().plusSeconds(1));
            assertThat(runs.find(run.runId())).isEmpty();
        }
    }

    @Test
    void refusalsAreValuesThatSayWhy() {
        AgentSwarm swarm = swarm();
        try {
            SwarmRuns runs = new SwarmRuns(
                    swarm, null, FsyncPolicy.ON_TASK_RESULT, 10, Duration.ofMinutes(5), 5, null, Clock.systemUTC());
            assertThat(runs.start(" "))
                    .isInstanceOfSatisfying(
                            SwarmRuns.Refused.class,
                            r -> assertThat(r.refusal()).isEqualTo(SwarmRuns.Refusal.EMPTY_TASK));
            assertThat(runs.start("123456"))
                    .isInstanceOfSatisfying(
                            SwarmRuns.Refused.class,
                            r -> assertThat(r.refusal()).isEqualTo(SwarmRuns.Refusal.TASK_TOO_LONG));
            swarm.close();
            assertThat(swarm.isClosed()).isTrue();
            assertThat(runs.start("ok"))
                    .isInstanceOfSatisfying(
                            SwarmRuns.Refused.class,
                            r -> assertThat(r.refusal()).isEqualTo(SwarmRuns.Refusal.SWARM_CLOSED));
        } finally {
            swarm.close();
        }
    }
}

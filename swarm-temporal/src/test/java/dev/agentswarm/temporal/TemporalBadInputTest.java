package dev.agentswarm.temporal;

import static dev.agentswarm.test.Replies.assignTask;
import static dev.agentswarm.test.Replies.calls;
import static dev.agentswarm.test.Replies.createSubagent;
import static dev.agentswarm.test.Replies.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.agentswarm.AgentSwarm;
import dev.agentswarm.event.SwarmEvent;
import dev.agentswarm.model.SwarmModel;
import dev.agentswarm.report.RunStatus;
import dev.agentswarm.report.SwarmResult;
import dev.agentswarm.report.TaskResult;
import dev.agentswarm.report.TaskStatus;
import dev.agentswarm.resilience.ModelPolicy;
import dev.agentswarm.temporal.workflow.ActivitySettings;
import dev.agentswarm.test.ScriptedModel;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.serviceclient.RpcRetryOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Bad input and cancellation on Temporal: each gives a clear error or a result that keeps what finished. */
// A run that never ends (a workflow task failing forever) must fail its test, not hold the build: each test takes
// under a minute on a loaded 2-core machine.
@Timeout(value = 5, unit = java.util.concurrent.TimeUnit.MINUTES)
class TemporalBadInputTest {

    private TestWorkflowEnvironment env;

    @BeforeEach
    void setUp() {
        env = TestWorkflowEnvironment.newInstance();
    }

    @AfterEach
    void tearDown() {
        env.close();
    }

    /** Three tasks; the subagent's calls for prompts containing "slow" take {@code slow} of real time. */
    private static SwarmDefinition slowSwarm(Duration slow) {
        ScriptedModel model = ScriptedModel.builder()
                .orchestrator(
                        calls(
                                createSubagent("w", "You work."),
                                assignTask("w", "fast one"),
                                assignTask("w", "slow one"),
                                assignTask("w", "fast two")),
                        text("summary"))
                .subagent("w", r -> text("did " + r.userPrompt()))
                .latency(r -> r.userPrompt().contains("slow") ? slow : Duration.ZERO)
                .build();
        return new SwarmDefinition() {
            @Override
            public SwarmModel orchestratorModel() {
                return model;
            }

            @Override
            public void configure(AgentSwarm.Builder b) {
                b.defaultModelPolicy(ModelPolicy.NONE);
            }
        };
    }

    private TemporalSwarm register(SwarmDefinition d, ActivitySettings settings) {
        // The first workflow task of a JVM loads and (under JaCoCo) instruments core's classes: on a loaded 2-core
        // machine it can take longer than Temporal's 1 s deadlock detection, and a failed workflow task adds history
        // events, which the history-guard test counts.
        Worker worker = env.newWorker(
                TemporalFixture.QUEUE,
                io.temporal.worker.WorkerOptions.newBuilder()
                        .setDefaultDeadlockDetectionTimeout(30_000)
                        .build());
        TemporalSwarmWorkers.register(worker, Map.of("s", d), settings);
        env.start();
        return TemporalSwarm.of(env.getWorkflowClient(), TemporalFixture.QUEUE, "s");
    }

    private static TaskResult task(SwarmResult r, String prompt) {
        return r.tasks().stream()
                .filter(t -> t.prompt().equals(prompt))
                .findFirst()
                .orElseThrow();
    }

    @Test
    void anUnreachableServiceIsAClearErrorAtStart() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        WorkflowServiceStubs service = WorkflowServiceStubs.newServiceStubs(WorkflowServiceStubsOptions.newBuilder()
                .setTarget("127.0.0.1:" + port)
                .setRpcRetryOptions(RpcRetryOptions.newBuilder()
                        .setExpiration(Duration.ofSeconds(2))
                        .validateBuildWithDefaults())
                .build());
        try {
            WorkflowClient client = WorkflowClient.newInstance(
                    service,
                    WorkflowClientOptions.newBuilder().setNamespace("default").build());
            assertThatThrownBy(() -> TemporalSwarm.of(client, "q", "s").start("task", "unreachable"))
                    .isInstanceOf(TemporalSwarmException.class)
                    .hasMessageContaining("cannot start run unreachable")
                    .hasMessageContaining("127.0.0.1:" + port)
                    .hasMessageContaining("did not answer");
        } finally {
            service.shutdownNow();
        }
    }

    @Test
    void aWorkerOfAnotherLibraryVersionRefusesTheRunClearly() {
        TemporalSwarm swarm = register(slowSwarm(Duration.ZERO), ActivitySettings.DEFAULTS);
        TemporalSwarmRun run = swarm.start("task", "other-version", "0.0.1-other");
        assertThatThrownBy(run::result)
                .isInstanceOf(TemporalSwarmException.class)
                .hasMessageContaining("run other-version ended without a result")
                .hasMessageContaining("this worker runs agent-swarm")
                .hasMessageContaining("0.0.1-other");
    }

    @Test
    void anUnknownSwarmNameIsAClearError() {
        register(slowSwarm(Duration.ZERO), ActivitySettings.DEFAULTS);
        TemporalSwarm other = TemporalSwarm.of(env.getWorkflowClient(), TemporalFixture.QUEUE, "nope");
        assertThatThrownBy(() -> other.run("task"))
                .isInstanceOf(TemporalSwarmException.class)
                .hasMessageContaining("no swarm named 'nope'")
                .hasMessageContaining("[s]");
    }

    @Test
    void anActivityPastItsTimeoutFailsItsTaskClearlyAndTheRunGoesOn() {
        TemporalSwarm swarm = register(
                slowSwarm(Duration.ofSeconds(6)),
                new ActivitySettings(Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(30), 1));
        SwarmResult r = swarm.run("task");
        assertThat(r.status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(task(r, "slow one").status()).isEqualTo(TaskStatus.FAILED);
        assertThat(task(r, "slow one").reason())
                .contains("model call (scripted) activity exceeded its TIMEOUT_TYPE_START_TO_CLOSE timeout");
        assertThat(task(r, "fast one").status()).isEqualTo(TaskStatus.COMPLETED);
        assertThat(task(r, "fast two").finalMessage()).isEqualTo("did fast two");
    }

    @Test
    void aRunNearTheHistoryLimitEndsEarlyKeepingWhatFinished() {
        // The guard is checked each time the workflow wakes. At 12 events it cannot fire before a task has finished
        // (the orchestrator's first reply leaves the history at 9 events) and it must fire at the first wake after
        // one: how many fast tasks that wake carries depends on how Temporal batches their completions, so the test
        // requires what holds either way. The slow task's call outlives the run and its heartbeat timeout is long, so
        // it cannot end first.
        TemporalSwarm swarm = register(
                slowSwarm(Duration.ofHours(2)),
                new ActivitySettings(Duration.ofHours(3), Duration.ofHours(3), Duration.ofMinutes(30), 1, 12));
        TemporalSwarmRun run = swarm.start("task", "history-guard");
        SwarmResult r = run.result();
        assertThat(r.status()).isEqualTo(RunStatus.CANCELLED);
        assertThat(r.reason()).contains("history reached 12 events, near Temporal's limit");
        List<String> finishedInEvents = run.eventsSoFar().stream()
                .filter(e ->
                        e instanceof SwarmEvent.TaskFinished f && f.result().status() == TaskStatus.COMPLETED)
                .map(e -> ((SwarmEvent.TaskFinished) e).result().prompt())
                .toList();
        assertThat(finishedInEvents).isNotEmpty().isSubsetOf("fast one", "fast two");
        assertThat(r.tasks())
                .filteredOn(t -> t.status() == TaskStatus.COMPLETED)
                .extracting(TaskResult::prompt)
                .containsExactlyInAnyOrderElementsOf(finishedInEvents);
        assertThat(run.eventsSoFar().get(run.eventsSoFar().size() - 1)).isInstanceOf(SwarmEvent.RunFinished.class);
    }

    @Test
    void aWorkflowCancelledFromTemporalsSideEndsCancelledKeepingFinishedTasks() {
        TemporalSwarm swarm = register(slowSwarm(Duration.ofSeconds(30)), ActivitySettings.DEFAULTS);
        TemporalSwarmRun run = swarm.start("task", "cancelled-outside");
        awaitTwoTasksFinished(run);
        env.getWorkflowClient().newUntypedWorkflowStub("cancelled-outside").cancel();
        SwarmResult r = run.result();
        assertThat(r.status()).isEqualTo(RunStatus.CANCELLED);
        assertThat(r.reason()).contains("cancelled from Temporal's side");
        assertThat(r.tasks())
                .filteredOn(t -> t.status() == TaskStatus.COMPLETED)
                .extracting(TaskResult::prompt)
                .containsExactlyInAnyOrder("fast one", "fast two");
        assertThat(run.eventsSoFar().get(run.eventsSoFar().size() - 1)).isInstanceOf(SwarmEvent.RunFinished.class);
    }

    @Test
    void cancellingTheRunFromTheClientEndsItCancelled() {
        TemporalSwarm swarm = register(slowSwarm(Duration.ofSeconds(30)), ActivitySettings.DEFAULTS);
        TemporalSwarmRun run = swarm.start("task", "cancelled-by-client");
        awaitTwoTasksFinished(run);
        run.cancel();
        SwarmResult r = run.result();
        assertThat(r.status()).isEqualTo(RunStatus.CANCELLED);
        assertThat(r.reason()).isEqualTo("run was cancelled");
        assertThat(r.tasks())
                .filteredOn(t -> t.status() == TaskStatus.COMPLETED)
                .hasSize(2);
    }

    @Test
    void cancellingOneTaskLetsTheRunComplete() {
        TemporalSwarm swarm = register(slowSwarm(Duration.ofSeconds(30)), ActivitySettings.DEFAULTS);
        TemporalSwarmRun run = swarm.start("task", "task-cancelled");
        awaitTwoTasksFinished(run);
        run.cancelTask("s0-t1");
        SwarmResult r = run.result();
        assertThat(r.status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(r.answer()).isEqualTo("summary");
        assertThat(task(r, "slow one").status()).isEqualTo(TaskStatus.CANCELLED);
        assertThat(task(r, "slow one").reason()).contains("task s0-t1 was cancelled");
    }

    private static void awaitTwoTasksFinished(TemporalSwarmRun run) {
        await().atMost(Duration.ofSeconds(20))
                .until(() -> run.eventsSoFar().stream()
                                .filter(e -> e instanceof SwarmEvent.TaskFinished)
                                .count()
                        == 2);
    }
}

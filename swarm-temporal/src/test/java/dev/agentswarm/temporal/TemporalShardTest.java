package dev.agentswarm.temporal;

import static dev.agentswarm.test.Replies.assignTask;
import static dev.agentswarm.test.Replies.calls;
import static dev.agentswarm.test.Replies.createSubagent;
import static dev.agentswarm.test.Replies.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.agentswarm.AgentSwarm;
import dev.agentswarm.event.SwarmEvent;
import dev.agentswarm.model.SwarmModel;
import dev.agentswarm.policy.Limits;
import dev.agentswarm.report.RunStatus;
import dev.agentswarm.report.SwarmResult;
import dev.agentswarm.report.TaskResult;
import dev.agentswarm.report.TaskStatus;
import dev.agentswarm.resilience.ModelPolicy;
import dev.agentswarm.temporal.workflow.ActivitySettings;
import dev.agentswarm.temporal.workflow.ShardSettings;
import dev.agentswarm.test.ScriptedModel;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Mono;

/** Large stages in child workflows, one per shard of tasks: scale, concurrency, cancellation and budgets. */
class TemporalShardTest {

    private TestWorkflowEnvironment env;

    @TempDir
    Path dir;

    @BeforeEach
    void setUp() {
        env = TestWorkflowEnvironment.newInstance();
    }

    @AfterEach
    void tearDown() {
        env.close();
    }

    private TemporalSwarm register(SwarmDefinition d, ShardSettings shards) {
        // A workflow task that records a shard's hundreds of outcomes takes longer than Temporal's default deadlock
        // detection (1 s) on a loaded 2-core machine (see docs/temporal.md, payloads and long stages).
        Worker worker = env.newWorker(
                TemporalFixture.QUEUE,
                io.temporal.worker.WorkerOptions.newBuilder()
                        .setDefaultDeadlockDetectionTimeout(30_000)
                        .build());
        TemporalSwarmWorkers.register(worker, Map.of("s", d), ActivitySettings.DEFAULTS, shards);
        env.start();
        return TemporalSwarm.of(env.getWorkflowClient(), TemporalFixture.QUEUE, "s");
    }

    private List<HistoryEvent> history(String workflowId) {
        return env.getWorkflowClient().fetchHistory(workflowId).getHistory().getEventsList();
    }

    private List<String> childIds(String runId) {
        List<String> ids = new ArrayList<>();
        for (HistoryEvent e : history(runId)) {
            if (e.hasStartChildWorkflowExecutionInitiatedEventAttributes()) {
                ids.add(e.getStartChildWorkflowExecutionInitiatedEventAttributes()
                        .getWorkflowId());
            }
        }
        return ids;
    }

    /** A definition whose stages may hold every task. */
    static SwarmDefinition large(CountingSwarm d) {
        return new SwarmDefinition() {
            @Override
            public SwarmModel orchestratorModel() {
                return d.orchestratorModel();
            }

            @Override
            public List<dev.agentswarm.tool.AgentTool> tools() {
                return d.tools();
            }

            @Override
            public void configure(AgentSwarm.Builder b) {
                d.configure(b);
                b.limits(Limits.builder().maxTasksPerStage(100_000).build());
            }
        };
    }

    private static String withoutPeak(SwarmResult r) {
        return TemporalFixture.normalized(r).replaceAll("\"peakConcurrency\":\\d+", "");
    }

    @Test
    void aStageOfTwoThousandTasksCompletesInShardsFarBelowTheHistoryLimit() throws Exception {
        // 2,000 tasks of 3 calls (2 model calls, 1 tool call) in shards of 200; the 10,000-task stage is the
        // benchmark's (TemporalBenchmarkMain), which takes minutes on a 2-core machine.
        int n = 2_000;
        SwarmDefinition swarm = large(new CountingSwarm(n, Duration.ZERO, Files.createFile(dir.resolve("t.log")), n));
        SwarmResult local = TemporalFixture.inProcess(
                        large(new CountingSwarm(n, Duration.ZERO, Files.createFile(dir.resolve("l.log")), n)),
                        "items",
                        "two-thousand")
                .result();
        TemporalSwarmRun run = register(swarm, new ShardSettings(200, 200)).start("items", "two-thousand");
        SwarmResult r = run.result();
        assertThat(r.status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(r.tasks()).hasSize(n).allMatch(t -> t.status() == TaskStatus.COMPLETED);
        assertThat(r.tasks().get(n - 1).finalMessage()).isEqualTo("done with item " + (n - 1));
        assertThat(r.criticalSteps()).isEqualTo(local.criticalSteps());
        // Equal results but for the peak concurrency, which in process depends on how soon the instant tasks end.
        assertThat(withoutPeak(r)).isEqualTo(withoutPeak(local));
        assertThat(r.report().peakConcurrency()).isBetween(1, n);
        // 200 tasks in the run's workflow, then 9 shards of 200 tasks.
        List<String> children = childIds("two-thousand");
        assertThat(children).hasSize(9);
        long parent = history("two-thousand").size();
        long biggestChild =
                children.stream().mapToLong(id -> history(id).size()).max().orElseThrow();
        System.out.printf("two-thousand: parent history %d events, biggest shard %d events%n", parent, biggestChild);
        // Without shards: about 3 events per call, 18,000 for these tasks. With them: the 200 tasks in the run's
        // workflow and a few events per shard.
        assertThat(parent).isLessThan(3_000);
        assertThat(biggestChild).isLessThan(3_000);
    }

    /** Tasks "t0".."t{n-1}" of subagent w in one stage, then "done"; a subagent's call for "slow" prompts is slow. */
    private static ScriptedModel.Builder stage(int n, Duration slow, String... slowPrompts) {
        List<ToolExecutionRequest> assignments = new ArrayList<>();
        assignments.add(createSubagent("w", "You work."));
        for (int i = 0; i < n; i++) {
            assignments.add(assignTask("w", List.of(slowPrompts).contains("t" + i) ? "slow t" + i : "t" + i));
        }
        return ScriptedModel.builder()
                .orchestrator(calls(assignments.toArray(ToolExecutionRequest[]::new)), text("done"))
                .subagent("w", r -> text("did " + r.userPrompt()))
                .latency(r -> r.userPrompt().startsWith("slow") ? slow : Duration.ofMillis(20));
    }

    private static SwarmDefinition definition(
            SwarmModel model, java.util.function.Consumer<AgentSwarm.Builder> options) {
        return new SwarmDefinition() {
            @Override
            public SwarmModel orchestratorModel() {
                return model;
            }

            @Override
            public void configure(AgentSwarm.Builder b) {
                b.defaultModelPolicy(ModelPolicy.NONE);
                options.accept(b);
            }
        };
    }

    @Test
    void theConcurrencyBoundHoldsAcrossShards() {
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        ScriptedModel scripted = stage(12, Duration.ZERO).build();
        SwarmModel counted = SwarmModel.of(scripted.name(), request -> {
            boolean subagent = request.toolSpecifications().stream()
                    .noneMatch(t -> t.name().equals("assign_task"));
            if (!subagent) {
                return scripted.chat(request);
            }
            return Mono.defer(() -> {
                        most.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
                        return scripted.chat(request);
                    })
                    .doFinally(s -> inFlight.decrementAndGet());
        });
        SwarmResult r = register(definition(counted, b -> b.maxConcurrency(5)), new ShardSettings(0, 2))
                .start("task", "bounded")
                .result();
        assertThat(r.status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(r.tasks()).hasSize(12).allMatch(t -> t.status() == TaskStatus.COMPLETED);
        assertThat(most.get()).isBetween(1, 5);
        assertThat(r.report().peakConcurrency()).isBetween(2, 5);
        // The first wave of 5 tasks became shards of 2, 2 and 1, started together; 12 tasks make at least 6 shards.
        List<HistoryEvent> parent = history("bounded");
        int open = 0;
        int mostOpen = 0;
        for (HistoryEvent e : parent) {
            if (e.getEventType() == EventType.EVENT_TYPE_START_CHILD_WORKFLOW_EXECUTION_INITIATED) {
                mostOpen = Math.max(mostOpen, ++open);
            } else if (e.getEventType() == EventType.EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_COMPLETED) {
                open--;
            }
        }
        assertThat(mostOpen).isBetween(2, 3);
        assertThat(childIds("bounded")).hasSizeGreaterThanOrEqualTo(6);
    }

    private static void awaitFinished(TemporalSwarmRun run, int tasks) {
        await().atMost(Duration.ofSeconds(30))
                .until(() -> run.eventsSoFar().stream()
                                .filter(e -> e instanceof SwarmEvent.TaskFinished)
                                .count()
                        == tasks);
    }

    @Test
    void cancellingOneTaskReachesTheShardThatRunsIt() {
        TemporalSwarm swarm =
                register(definition(stage(3, Duration.ofSeconds(30), "t1").build(), b -> {}), new ShardSettings(0, 1));
        TemporalSwarmRun run = swarm.start("task", "shard-task-cancelled");
        awaitFinished(run, 2);
        run.cancelTask("s0-t1");
        SwarmResult r = run.result();
        assertThat(r.status()).isEqualTo(RunStatus.COMPLETED);
        TaskResult slow = r.tasks().get(1);
        assertThat(slow.status()).isEqualTo(TaskStatus.CANCELLED);
        assertThat(slow.reason()).contains("task s0-t1 was cancelled");
        assertThat(r.tasks().get(0).finalMessage()).isEqualTo("did t0");
        assertThat(r.tasks().get(2).finalMessage()).isEqualTo("did t2");
        // The cancellation was a signal to the shard of s0-t1, which ended the task itself.
        String shard = childIds("shard-task-cancelled").get(1);
        assertThat(history(shard))
                .anyMatch(e -> e.hasWorkflowExecutionSignaledEventAttributes()
                        && e.getWorkflowExecutionSignaledEventAttributes()
                                .getSignalName()
                                .equals("cancelShardTask"));
        assertThat(run.eventsSoFar())
                .filteredOn(e -> "s0-t1".equals(e.taskId()))
                .last()
                .isInstanceOf(SwarmEvent.TaskFinished.class);
    }

    @Test
    void cancellingTheRunCancelsItsShards() {
        TemporalSwarm swarm =
                register(definition(stage(3, Duration.ofSeconds(30), "t1").build(), b -> {}), new ShardSettings(0, 1));
        TemporalSwarmRun run = swarm.start("task", "shard-run-cancelled");
        awaitFinished(run, 2);
        run.cancel();
        SwarmResult r = run.result();
        assertThat(r.status()).isEqualTo(RunStatus.CANCELLED);
        assertThat(r.tasks())
                .filteredOn(t -> t.status() == TaskStatus.COMPLETED)
                .extracting(TaskResult::prompt)
                .containsExactly("t0", "t2");
        String shard = childIds("shard-run-cancelled").get(1);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            List<HistoryEvent> h = history(shard);
            assertThat(h.get(h.size() - 1).getEventType())
                    .isIn(
                            EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CANCELED,
                            EventType.EVENT_TYPE_WORKFLOW_EXECUTION_TERMINATED);
        });
    }

    @Test
    void aTokenBudgetIsCheckedWhenEachShardReturns() {
        // Measure a task's and the first turn's tokens, then allow the first turn and three tasks.
        TemporalFixture.Outcome measured = TemporalFixture.inProcess(
                definition(stage(8, Duration.ZERO).build(), b -> b.maxConcurrency(2)), "task", "measure");
        SwarmResult free = measured.result();
        long perTask =
                free.tasks().get(0).tokensByModel().values().iterator().next().total();
        SwarmEvent.OrchestratorTurn turn = measured.events().stream()
                .filter(e -> e instanceof SwarmEvent.OrchestratorTurn)
                .map(e -> (SwarmEvent.OrchestratorTurn) e)
                .findFirst()
                .orElseThrow();
        long firstTurn = turn.inputTokens() + turn.outputTokens();
        long budget = firstTurn + 3 * perTask;
        java.util.function.Consumer<AgentSwarm.Builder> options = b -> b.maxConcurrency(2)
                .budget(dev.agentswarm.policy.Budget.builder()
                        .maxTotalTokens(budget)
                        .onExhausted(dev.agentswarm.policy.Budget.OnExhausted.CANCEL_IN_FLIGHT)
                        .build());
        SwarmResult r = register(definition(stage(8, Duration.ZERO).build(), options), new ShardSettings(0, 2))
                .start("task", "shard-budget")
                .result();
        assertThat(r.status()).isEqualTo(RunStatus.BUDGET_EXHAUSTED);
        assertThat(r.reason()).contains("maxTotalTokens");
        long used = r.report().tokensByModel().values().iterator().next().total();
        // Exact at shard granularity: the budget may be passed by the tasks of the shards in flight (2 tasks), no more.
        assertThat(used).isLessThanOrEqualTo(budget + 2 * perTask);
        assertThat(r.tasks()).anyMatch(t -> t.status() == TaskStatus.COMPLETED);
        assertThat(r.tasks())
                .filteredOn(t -> t.status() != TaskStatus.COMPLETED)
                .isNotEmpty()
                .allSatisfy(t -> assertThat(t.status()).isEqualTo(TaskStatus.CANCELLED));
    }
}

package dev.agentswarm.test.control;

import static dev.agentswarm.test.Replies.assignTask;
import static dev.agentswarm.test.Replies.calls;
import static dev.agentswarm.test.Replies.createSubagent;
import static dev.agentswarm.test.Replies.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.agentswarm.AgentSwarm;
import dev.agentswarm.RunOptions;
import dev.agentswarm.SwarmRun;
import dev.agentswarm.control.ApprovalPolicy;
import dev.agentswarm.control.ApprovalRequest;
import dev.agentswarm.control.Controls;
import dev.agentswarm.control.Decision;
import dev.agentswarm.event.SwarmEvent;
import dev.agentswarm.journal.Journal;
import dev.agentswarm.journal.JournalOptions;
import dev.agentswarm.journal.JournalReader;
import dev.agentswarm.report.RunStatus;
import dev.agentswarm.report.SwarmResult;
import dev.agentswarm.test.ScriptedModel;
import dev.langchain4j.agent.tool.P;
import dev.langchain4j.agent.tool.Tool;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Mono;
import reactor.test.scheduler.VirtualTimeScheduler;

/**
 * The approval gate: a denial is the call's tool result, a late decision denies, an edit changes what the subagent
 * gets, decisions are events and journaled, a resume replays them without asking, and a run killed while it waited
 * for a decision asks again after resume.
 */
class ApprovalTest {

    @TempDir
    Path dir;

    /** Approves everything and records what it was asked. */
    static final class Recording implements ApprovalPolicy {
        final List<ApprovalRequest> asked = new CopyOnWriteArrayList<>();

        @Override
        public Mono<Decision> decide(ApprovalRequest request) {
            asked.add(request);
            return Mono.just(Decision.approve());
        }
    }

    @Test
    void aDenialBecomesTheToolResultAndNothingRuns() {
        ScriptedModel model = ApprovalScenario.model();
        List<SwarmEvent> events = new CopyOnWriteArrayList<>();
        SwarmResult r = AgentSwarm.builder()
                .orchestratorModel(model)
                .listener(events::add)
                .controls(Controls.builder()
                        .approvalPolicy(ApprovalPolicy.rules()
                                .allowTool("create_subagent")
                                .denyAgent("work*", "not on a Sunday")
                                .build())
                        .build())
                .build()
                .run(ApprovalScenario.TASK);

        assertThat(r.status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(r.answer())
                .isEqualTo("FINAL: Denied by the approval policy: not on a Sunday. The call did not run.");
        assertThat(model.requests("worker")).as("the denied task never ran").isEmpty();
        assertThat(r.tasks()).isEmpty();
        List<SwarmEvent.ApprovalDecided> decided = of(events, SwarmEvent.ApprovalDecided.class);
        assertThat(decided)
                .extracting(SwarmEvent.ApprovalDecided::key, SwarmEvent.ApprovalDecided::verdict)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("s0/c0", Decision.Verdict.APPROVE),
                        org.assertj.core.groups.Tuple.tuple("s1/c0", Decision.Verdict.DENY));
        assertThat(of(events, SwarmEvent.ApprovalRequested.class))
                .extracting(SwarmEvent.ApprovalRequested::kind, SwarmEvent.ApprovalRequested::agent)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(ApprovalRequest.Kind.CREATE_SUBAGENT, "worker"),
                        org.assertj.core.groups.Tuple.tuple(ApprovalRequest.Kind.ASSIGN_TASK, "worker"));
    }

    @Test
    void aDecisionThatDoesNotComeInTimeDenies() {
        VirtualTimeScheduler time = VirtualTimeScheduler.create();
        ScriptedModel model = ApprovalScenario.model();
        SwarmRun run = AgentSwarm.builder()
                .orchestratorModel(model)
                .timer(time)
                .controls(Controls.builder()
                        .approvalPolicy(r -> r.kind() == ApprovalRequest.Kind.CREATE_SUBAGENT
                                ? Mono.just(Decision.approve())
                                : Mono.never())
                        .approvalTimeout(Duration.ofMinutes(5))
                        .build())
                .build()
                .start(ApprovalScenario.TASK);
        await().atMost(10, TimeUnit.SECONDS)
                .until(() -> model.requests(ScriptedModel.ORCHESTRATOR).size() == 2);
        time.advanceTimeBy(Duration.ofMinutes(4));
        assertThat(run.result().toFuture().isDone())
                .as("still waiting before the timeout")
                .isFalse();
        time.advanceTimeBy(Duration.ofMinutes(1));
        SwarmResult r = run.result().block(Duration.ofSeconds(10));

        assertThat(r).isNotNull();
        assertThat(r.answer())
                .isEqualTo("FINAL: Denied by the approval policy: no approval decision within 5m; the call was denied."
                        + " The call did not run.");
        assertThat(model.requests("worker")).isEmpty();
    }

    @Test
    void anEditChangesThePromptTheSubagentGets() {
        ScriptedModel model = ApprovalScenario.model();
        SwarmResult r = ApprovalScenario.swarm(
                        model,
                        req -> Mono.just(
                                req.kind() == ApprovalRequest.Kind.ASSIGN_TASK
                                        ? Decision.edit(req.argumentsWithPrompt("edited prompt"))
                                        : Decision.approve()))
                .run(ApprovalScenario.TASK);

        assertThat(model.requests("worker")).extracting(req -> req.userPrompt()).containsExactly("edited prompt");
        assertThat(r.answer()).isEqualTo("FINAL: did edited prompt");
        assertThat(r.tasks().get(0).prompt()).isEqualTo("edited prompt");
    }

    @Test
    void anEditThatDoesNotFitTheCallDenies() {
        ScriptedModel model = ApprovalScenario.model();
        SwarmResult r = ApprovalScenario.swarm(
                        model,
                        req -> Mono.just(
                                req.kind() == ApprovalRequest.Kind.ASSIGN_TASK
                                        ? Decision.edit("[1, 2]")
                                        : Decision.approve()))
                .run(ApprovalScenario.TASK);
        assertThat(r.answer()).contains("the edited arguments must be a JSON object");
        assertThat(model.requests("worker")).isEmpty();
    }

    @Test
    void aFailingPolicyDeniesWithItsFailure() {
        ScriptedModel model = ApprovalScenario.model();
        SwarmResult r = ApprovalScenario.swarm(model, req -> Mono.error(new IllegalStateException("policy down")))
                .run(ApprovalScenario.TASK);
        assertThat(r.status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(model.requests("worker")).isEmpty();
        assertThat(r.subagents()).as("the definition was denied too").isEmpty();
        assertThat(r.answer()).contains("the approval policy failed: IllegalStateException: policy down");
    }

    @Test
    void perStageApprovalAsksOnceForAllTheTurnsAssignments() {
        ScriptedModel model = ScriptedModel.builder()
                .orchestrator(calls(createSubagent("worker", "You work.")))
                .orchestrator(calls(assignTask("worker", "a"), assignTask("worker", "b")))
                .orchestrator(r -> text("FINAL: " + String.join(" | ", r.latestToolResults())))
                .subagent("worker", r -> text("did " + r.userPrompt()))
                .build();
        List<ApprovalRequest> asked = new CopyOnWriteArrayList<>();
        SwarmResult r = AgentSwarm.builder()
                .orchestratorModel(model)
                .controls(Controls.builder()
                        .approveAssignmentsPerStage(true)
                        .approvalPolicy(req -> {
                            asked.add(req);
                            return Mono.just(
                                    req.kind() == ApprovalRequest.Kind.ASSIGN_STAGE
                                            ? Decision.edit("[{\"agent\":\"worker\",\"prompt\":\"A\"},"
                                                    + "{\"agent\":\"worker\",\"prompt\":\"B\"}]")
                                            : Decision.approve());
                        })
                        .build())
                .build()
                .run("two");
        assertThat(asked)
                .extracting(ApprovalRequest::kind)
                .containsExactly(ApprovalRequest.Kind.CREATE_SUBAGENT, ApprovalRequest.Kind.ASSIGN_STAGE);
        assertThat(asked.get(1).arguments())
                .isEqualTo("[{\"agent\":\"worker\",\"prompt\":\"a\"},{\"agent\":\"worker\",\"prompt\":\"b\"}]");
        assertThat(r.answer()).isEqualTo("FINAL: did A | did B");
    }

    static final class Shell {
        final List<String> ran = new CopyOnWriteArrayList<>();

        @Tool("Runs a command")
        String shell(@P("command") String command) {
            ran.add(command);
            return "ran " + command;
        }
    }

    @Test
    void aToolThatNeedsApprovalIsAskedForEachCallAndADenialIsItsResult() {
        Shell shell = new Shell();
        ScriptedModel model = ScriptedModel.builder()
                .orchestrator(calls(createSubagent("worker", "You work.")))
                .orchestrator(calls(assignTask("worker", "clean up")))
                .orchestrator(r -> text("FINAL: " + String.join(" | ", r.latestToolResults())))
                .subagent(
                        "worker",
                        calls(dev.agentswarm.test.Replies.call("shell", java.util.Map.of("command", "rm -rf /"))))
                .subagent(
                        "worker",
                        r -> text("tool said: " + r.latestToolResults().get(0)))
                .build();
        SwarmResult r = AgentSwarm.builder()
                .orchestratorModel(model)
                .tools(shell)
                .controls(Controls.builder()
                        .approvalPolicy(ApprovalPolicy.rules()
                                .denyTool("shell", "no shell commands")
                                .otherwise(ApprovalPolicy.allowAll())
                                .build())
                        .toolsNeedingApproval("shell")
                        .build())
                .build()
                .run("tools");
        assertThat(shell.ran).isEmpty();
        assertThat(r.answer())
                .isEqualTo("FINAL: tool said: Denied by the approval policy: no shell commands. The call did not run.");
    }

    @Test
    void decisionsAreJournaledAndAResumeReplaysThemWithoutAsking() throws Exception {
        Path journal = dir.resolve("run.jsonl");
        Recording first = new Recording();
        SwarmResult done = ApprovalScenario.swarm(ApprovalScenario.model(), first)
                .run(ApprovalScenario.TASK, RunOptions.journal(JournalOptions.of(journal)));
        assertThat(first.asked).extracting(ApprovalRequest::key).containsExactly("s0/c0", "s1/c0");
        Journal j = JournalReader.read(journal);
        assertThat(j.eventsOf(SwarmEvent.ApprovalDecided.class)).hasSize(2);

        Recording again = new Recording();
        List<SwarmEvent> events = new CopyOnWriteArrayList<>();
        SwarmResult resumed = ApprovalScenario.swarm(ApprovalScenario.model(), again)
                .run(
                        ApprovalScenario.TASK,
                        RunOptions.resume(JournalOptions.of(journal)).withListener(events::add));
        assertThat(again.asked)
                .as("decisions already taken are not asked again")
                .isEmpty();
        assertThat(of(events, SwarmEvent.ApprovalDecided.class))
                .allMatch(SwarmEvent.ApprovalDecided::replayed)
                .hasSize(2);
        assertThat(resumed.answer()).isEqualTo(done.answer()).isEqualTo("FINAL: did original prompt");
    }

    @Test
    void aRunKilledWhileWaitingForADecisionAsksAgainAfterResume() throws Exception {
        Path journal = dir.resolve("waiting.jsonl");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(
                        java,
                        "-cp",
                        System.getProperty("java.class.path"),
                        ApprovalCrashMain.class.getName(),
                        journal.toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("child.log").toFile())
                .start();
        try {
            await().atMost(60, TimeUnit.SECONDS)
                    .pollInterval(Duration.ofMillis(50))
                    .until(() -> {
                        if (!Files.exists(journal)) {
                            return false;
                        }
                        Journal j = JournalReader.read(journal);
                        return j.eventsOf(SwarmEvent.ApprovalRequested.class).stream()
                                .anyMatch(e -> e.key().equals("s1/c0"));
                    });
            assertThat(child.isAlive()).isTrue();
        } finally {
            child.destroyForcibly();
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        Journal killed = JournalReader.read(journal);
        assertThat(killed.eventsOf(SwarmEvent.ApprovalDecided.class))
                .extracting(SwarmEvent.ApprovalDecided::key)
                .containsExactly("s0/c0");
        assertThat(killed.eventsOf(SwarmEvent.RunFinished.class)).isEmpty();

        Recording resumePolicy = new Recording();
        List<String> keys = Collections.synchronizedList(new ArrayList<>());
        SwarmResult r = ApprovalScenario.swarm(ApprovalScenario.model(), req -> {
                    keys.add(req.key());
                    return resumePolicy.decide(req);
                })
                .run(ApprovalScenario.TASK, RunOptions.resume(JournalOptions.of(journal)));
        assertThat(keys)
                .as("only the decision it was waiting for is asked again")
                .containsExactly("s1/c0");
        assertThat(r.status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(r.answer()).isEqualTo("FINAL: did original prompt");
    }

    /**
     * A journaled decision is replayed only for the arguments it was asked about: a call at the same place with other
     * arguments (a re-run task calling its tool differently) is asked again.
     */
    @Test
    void aJournaledDecisionIsReplayedOnlyForTheSameArguments() throws Exception {
        String asked = "{\"name\":\"worker\",\"system_prompt\":\"You work.\"}";
        for (boolean same : new boolean[] {true, false}) {
            Path journal = dir.resolve("decided-" + same + ".jsonl");
            java.time.Instant t0 = java.time.Instant.parse("2026-01-01T00:00:00Z");
            try (dev.agentswarm.journal.JournalWriter w =
                    dev.agentswarm.journal.JournalWriter.create(JournalOptions.of(journal))) {
                w.onEvent(new SwarmEvent.RunStarted(
                        new SwarmEvent.Origin("run-1", -1, null, "run-1", t0), ApprovalScenario.TASK, "scripted"));
                ApprovalRequest request = new ApprovalRequest(
                        ApprovalRequest.Kind.CREATE_SUBAGENT,
                        "s0/c0",
                        0,
                        "create_subagent",
                        "worker",
                        same ? asked : "{\"name\":\"worker\",\"system_prompt\":\"Something else.\"}");
                w.onEvent(new SwarmEvent.ApprovalRequested(new SwarmEvent.Origin("run-1", 0, null, "s0", t0), request));
                w.onEvent(new SwarmEvent.ApprovalDecided(
                        new SwarmEvent.Origin("run-1", 0, null, "s0", t0), "s0/c0", Decision.approve(), false));
            }
            List<String> keys = new CopyOnWriteArrayList<>();
            SwarmResult r = ApprovalScenario.swarm(ApprovalScenario.model(), req -> {
                        keys.add(req.key());
                        return Mono.just(Decision.approve());
                    })
                    .run(ApprovalScenario.TASK, RunOptions.resume(JournalOptions.of(journal)));
            assertThat(r.answer()).isEqualTo("FINAL: did original prompt");
            assertThat(keys)
                    .as("same arguments: %s", same)
                    .isEqualTo(same ? List.of("s1/c0") : List.of("s0/c0", "s1/c0"));
        }
    }

    private static <T extends SwarmEvent> List<T> of(List<SwarmEvent> events, Class<T> type) {
        return events.stream().filter(type::isInstance).map(type::cast).toList();
    }
}

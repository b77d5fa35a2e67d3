package dev.agentswarm.test;

import static dev.agentswarm.test.Replies.assignTask;
import static dev.agentswarm.test.Replies.calls;
import static dev.agentswarm.test.Replies.createSubagent;
import static dev.agentswarm.test.Replies.text;
import static org.assertj.core.api.Assertions.assertThat;

import dev.agentswarm.AgentSwarm;
import dev.agentswarm.model.ModelCallScope;
import dev.agentswarm.model.SwarmModel;
import dev.agentswarm.report.SwarmResult;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

/**
 * A model decorator reads who calls from the Reactor context: the run, the role, the stage, the task and the step of
 * every orchestrator and subagent turn, so that one decorated model shared by concurrent runs tells them apart.
 */
class ModelCallScopeTest {

    @Test
    void everyTurnCarriesItsRunRoleStageTaskAndStep() {
        ScriptedModel scripted = ScriptedModel.builder()
                .orchestrator(calls(
                        createSubagent("worker", "You work."), assignTask("worker", "a"), assignTask("worker", "b")))
                .orchestrator(text("done"))
                .subagent("worker", text("ok"))
                .build();
        List<String> seen = new CopyOnWriteArrayList<>();
        SwarmModel decorated = SwarmModel.of(
                scripted.name(),
                request -> Mono.deferContextual(view -> {
                    seen.add(ModelCallScope.of(view)
                            .map(s -> s.runId() + "|" + s.role() + "|" + s.stage() + "|" + s.taskId() + "|" + s.step()
                                    + "|" + s.orchestrator())
                            .orElse("none"));
                    return scripted.chat(request);
                }));
        AtomicInteger ids = new AtomicInteger();
        AgentSwarm swarm = AgentSwarm.builder()
                .orchestratorModel(decorated)
                .runIds(() -> "run-" + ids.getAndIncrement())
                .build();

        SwarmResult result = swarm.run("go");

        assertThat(result.answer()).isEqualTo("done");
        assertThat(seen)
                .containsExactlyInAnyOrder(
                        "run-0|orchestrator|0|null|1|true",
                        "run-0|worker|0|s0-t0|1|false",
                        "run-0|worker|0|s0-t1|1|false",
                        "run-0|orchestrator|1|null|2|true");
        assertThat(Mono.deferContextual(
                                view -> Mono.just(ModelCallScope.of(view).isPresent()))
                        .block())
                .as("outside a run's turn there is no scope")
                .isFalse();
    }

    /**
     * The call's context is the caller's with the scope on top: every view of it agrees (get, hasKey, size, stream),
     * the run's own entries show through, and a model's writes give ordinary contexts that keep both.
     */
    @Test
    void theCallsContextAgreesWithItselfAndTakesWrites() {
        ScriptedModel scripted = ScriptedModel.builder()
                .orchestrator(calls(createSubagent("worker", "You work."), assignTask("worker", "a")))
                .orchestrator(text("done"))
                .subagent("worker", text("ok"))
                .build();
        List<String> problems = new CopyOnWriteArrayList<>();
        AtomicInteger checked = new AtomicInteger();
        SwarmModel decorated = SwarmModel.of(
                scripted.name(),
                request -> Mono.deferContextual(view -> {
                    ModelCallScope scope = view.get(ModelCallScope.class);
                    check(problems, view.hasKey(ModelCallScope.class), "hasKey(scope)");
                    check(problems, view.hasKey("run-key") && "run-value".equals(view.get("run-key")), "run entry");
                    check(
                            problems,
                            !view.hasKey("absent")
                                    && view.getOrDefault("absent", "d").equals("d"),
                            "absent");
                    check(problems, view.size() == view.stream().count(), "size " + view.size() + " vs stream");
                    check(
                            problems,
                            view.stream().anyMatch(e -> e.getKey() == ModelCallScope.class && e.getValue() == scope),
                            "stream has the scope");
                    check(problems, view.get(ModelCallScope.class) == scope, "the scope is made once");
                    reactor.util.context.Context written =
                            reactor.util.context.Context.of(view).put("model-key", 1);
                    check(
                            problems,
                            written.get(ModelCallScope.class).equals(scope)
                                    && written.<Integer>get("model-key") == 1
                                    && written.size() == view.size() + 1,
                            "put keeps the scope");
                    check(
                            problems,
                            !reactor.util.context.Context.of(view)
                                    .delete(ModelCallScope.class)
                                    .hasKey(ModelCallScope.class),
                            "delete");
                    checked.incrementAndGet();
                    // A model's own operators that read the context, and a context write inside the model.
                    return Mono.delay(java.time.Duration.ofMillis(1))
                            .then(scripted.chat(request))
                            .contextWrite(c -> c.put("inner", true));
                }));
        AgentSwarm swarm = AgentSwarm.builder().orchestratorModel(decorated).build();

        SwarmResult result = swarm.execute("go")
                .contextWrite(reactor.util.context.Context.of("run-key", "run-value"))
                .block();

        assertThat(result).isNotNull();
        assertThat(result.answer()).isEqualTo("done");
        assertThat(checked).hasValue(3);
        assertThat(problems).isEmpty();
    }

    private static void check(List<String> problems, boolean ok, String what) {
        if (!ok) {
            problems.add(what);
        }
    }
}

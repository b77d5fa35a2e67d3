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
}

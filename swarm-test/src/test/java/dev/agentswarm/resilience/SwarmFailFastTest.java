package dev.agentswarm.resilience;

import static dev.agentswarm.test.Replies.assignTask;
import static dev.agentswarm.test.Replies.calls;
import static dev.agentswarm.test.Replies.createSubagent;
import static dev.agentswarm.test.Replies.text;
import static org.assertj.core.api.Assertions.assertThat;

import dev.agentswarm.AgentSwarm;
import dev.agentswarm.report.RunStatus;
import dev.agentswarm.report.SwarmResult;
import dev.agentswarm.report.TaskResult;
import dev.agentswarm.report.TaskStatus;
import dev.agentswarm.test.ScriptedModel;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import reactor.test.scheduler.VirtualTimeScheduler;

/** A failed task is only its result by default; fail-fast is opt-in and cancels the siblings. Virtual time. */
class SwarmFailFastTest {

    SwarmResult run(boolean failFast) {
        VirtualTimeScheduler time = VirtualTimeScheduler.create();
        ScriptedModel model = ScriptedModel.builder()
                .orchestrator(calls(
                        createSubagent("broken", "You break."),
                        createSubagent("slow", "You are slow."),
                        assignTask("broken", "b"),
                        assignTask("slow", "s")))
                .orchestrator(text("done anyway"))
                .subagent("broken", r -> {
                    throw new IllegalStateException("the subagent's model is broken");
                })
                .subagent("slow", text("slow answer"))
                .latency(r -> r.role().equals("slow") ? Duration.ofMinutes(10) : Duration.ZERO)
                .scheduler(time)
                .build();
        var run = AgentSwarm.builder()
                .orchestratorModel(model)
                .timer(time)
                .failFast(failFast)
                .build()
                .start("go");
        time.advanceTimeBy(Duration.ofMinutes(20));
        SwarmResult result = run.result().block(Duration.ofSeconds(5));
        assertThat(result).isNotNull();
        return result;
    }

    @Test
    void byDefaultAFailedTaskNeitherFailsItsSiblingNorTheRun() {
        SwarmResult result = run(false);

        assertThat(result.status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(result.tasks())
                .extracting(TaskResult::status)
                .containsExactly(TaskStatus.FAILED, TaskStatus.COMPLETED);
        assertThat(result.tasks().get(0).reason()).contains("the subagent's model is broken");
    }

    @Test
    void failFastCancelsTheSiblingsAndFailsTheRunNamingTheTask() {
        SwarmResult result = run(true);

        assertThat(result.status()).isEqualTo(RunStatus.FAILED);
        assertThat(result.reason()).startsWith("fail-fast: task s0-t0 (broken) ended FAILED");
        assertThat(result.tasks())
                .extracting(TaskResult::status)
                .containsExactly(TaskStatus.FAILED, TaskStatus.CANCELLED);
        assertThat(result.tasks().get(1).reason()).contains("fail-fast");
        assertThat(result.tasks().get(1).duration()).isLessThan(Duration.ofMinutes(10));
    }
}

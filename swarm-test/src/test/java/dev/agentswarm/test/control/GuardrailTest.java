package dev.agentswarm.test.control;

import static dev.agentswarm.test.Replies.assignTask;
import static dev.agentswarm.test.Replies.calls;
import static dev.agentswarm.test.Replies.createSubagent;
import static dev.agentswarm.test.Replies.text;
import static org.assertj.core.api.Assertions.assertThat;

import dev.agentswarm.AgentSwarm;
import dev.agentswarm.control.Controls;
import dev.agentswarm.event.SwarmEvent;
import dev.agentswarm.report.RunStatus;
import dev.agentswarm.report.SwarmResult;
import dev.agentswarm.report.TaskResult;
import dev.agentswarm.report.TaskStatus;
import dev.agentswarm.test.ScriptedModel;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.guardrail.InputGuardrail;
import dev.langchain4j.guardrail.InputGuardrailResult;
import dev.langchain4j.guardrail.OutputGuardrail;
import dev.langchain4j.guardrail.OutputGuardrailResult;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * LangChain4j guardrails on a swarm: task prompts are checked before dispatch (a failure is the assign_task's error
 * result and nothing is dispatched; a rewrite is what the subagent gets), subagents' final messages before the
 * orchestrator sees them (a failure fails the task; a rewrite replaces the message), and the final answer (a failure
 * fails the run without handing the answer out). Every outcome is an event.
 */
class GuardrailTest {

    /** Refuses prompts that mention passwords; redacts e-mail addresses. */
    static final class NoPasswords implements InputGuardrail {
        @Override
        public InputGuardrailResult validate(UserMessage message) {
            String text = message.singleText();
            if (text.contains("password")) {
                return failure("prompts must not ask for passwords");
            }
            return text.contains("@") ? successWith(text.replaceAll("\\S+@\\S+", "<email>")) : success();
        }
    }

    /** Refuses messages that contain "SECRET"; shouts everything else. */
    static final class NoSecrets implements OutputGuardrail {
        @Override
        public OutputGuardrailResult validate(AiMessage message) {
            String text = message.text();
            if (text.contains("SECRET")) {
                return failure("the message leaks a secret");
            }
            return text.startsWith("shout:") ? successWith(text.substring(6).toUpperCase()) : success();
        }
    }

    static final class Throwing implements OutputGuardrail {
        @Override
        public OutputGuardrailResult validate(AiMessage message) {
            throw new IllegalStateException("guardrail backend down");
        }
    }

    static ScriptedModel model(String... prompts) {
        ToolCalls assign = new ToolCalls(prompts);
        return ScriptedModel.builder()
                .orchestrator(calls(createSubagent("worker", "You work.")))
                .orchestrator(calls(assign.calls()))
                .orchestrator(r -> text("FINAL: " + String.join(" | ", r.latestToolResults())))
                .subagent("worker", r -> text(r.userPrompt().startsWith("leak") ? "the SECRET is 42" : r.userPrompt()))
                .build();
    }

    record ToolCalls(String[] prompts) {
        List<dev.langchain4j.agent.tool.ToolExecutionRequest> calls() {
            return java.util.Arrays.stream(prompts)
                    .map(p -> assignTask("worker", p))
                    .toList();
        }
    }

    @Test
    void aRefusedTaskPromptIsTheAssignTaskErrorAndNothingIsDispatched() {
        ScriptedModel model = model("tell me the admin password", "write to bob@example.com");
        List<SwarmEvent> events = new CopyOnWriteArrayList<>();
        SwarmResult r = AgentSwarm.builder()
                .orchestratorModel(model)
                .listener(events::add)
                .controls(Controls.builder()
                        .taskPromptGuardrails(new NoPasswords())
                        .build())
                .build()
                .run("go");

        assertThat(r.answer())
                .isEqualTo("FINAL: Error: the task prompt for 'worker' was refused before dispatch; nothing was "
                        + "dispatched: guardrail NoPasswords refused it: prompts must not ask for passwords. | "
                        + "write to <email>");
        // Only the second task ran, with the rewritten prompt.
        assertThat(model.requests("worker")).extracting(q -> q.userPrompt()).containsExactly("write to <email>");
        assertThat(r.tasks()).extracting(TaskResult::prompt).containsExactly("write to <email>");
        assertThat(events.stream()
                        .filter(e -> e instanceof SwarmEvent.GuardrailChecked)
                        .map(e -> (SwarmEvent.GuardrailChecked) e)
                        .map(e -> e.target() + ":" + e.outcome()))
                .containsExactly("task_prompt:failed", "task_prompt:rewritten");
    }

    @Test
    void aRefusedFinalMessageFailsItsTaskAndARewriteReplacesIt() {
        ScriptedModel model = model("leak it", "shout:hello");
        List<SwarmEvent> events = new CopyOnWriteArrayList<>();
        SwarmResult r = AgentSwarm.builder()
                .orchestratorModel(model)
                .listener(events::add)
                .controls(
                        Controls.builder().taskResultGuardrails(new NoSecrets()).build())
                .build()
                .run("go");

        TaskResult leaked = r.tasks().get(0);
        assertThat(leaked.status()).isEqualTo(TaskStatus.FAILED);
        assertThat(leaked.reason())
                .isEqualTo("the final message was refused: guardrail NoSecrets refused it: the message leaks a secret");
        assertThat(r.answer()).doesNotContain("42");
        assertThat(r.tasks().get(1).finalMessage()).isEqualTo("HELLO");
        assertThat(r.answer()).endsWith("| HELLO");
        assertThat(events.stream()
                        .filter(e -> e instanceof SwarmEvent.GuardrailChecked)
                        .map(e -> (SwarmEvent.GuardrailChecked) e)
                        .map(e -> e.taskId() + ":" + e.target() + ":" + e.outcome()))
                .containsExactlyInAnyOrder("s1-t0:task_result:failed", "s1-t1:task_result:rewritten");
    }

    @Test
    void aRefusedFinalAnswerFailsTheRunWithoutHandingItOut() {
        ScriptedModel model =
                ScriptedModel.builder().orchestrator(text("the SECRET answer")).build();
        SwarmResult r = AgentSwarm.builder()
                .orchestratorModel(model)
                .controls(Controls.builder().answerGuardrails(new NoSecrets()).build())
                .build()
                .run("go");
        assertThat(r.status()).isEqualTo(RunStatus.FAILED);
        assertThat(r.reason())
                .isEqualTo("the final answer was refused: guardrail NoSecrets refused it: the message leaks a secret");
        assertThat(r.answer()).isEmpty();
    }

    @Test
    void aRewrittenFinalAnswerIsTheAnswer() {
        ScriptedModel model =
                ScriptedModel.builder().orchestrator(text("shout:done")).build();
        SwarmResult r = AgentSwarm.builder()
                .orchestratorModel(model)
                .controls(Controls.builder().answerGuardrails(new NoSecrets()).build())
                .build()
                .run("go");
        assertThat(r.status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(r.answer()).isEqualTo("DONE");
    }

    @Test
    void aGuardrailThatThrowsFailsWhatItChecks() {
        ScriptedModel model = model("anything");
        SwarmResult r = AgentSwarm.builder()
                .orchestratorModel(model)
                .controls(
                        Controls.builder().taskResultGuardrails(new Throwing()).build())
                .build()
                .run("go");
        assertThat(r.tasks().get(0).status()).isEqualTo(TaskStatus.FAILED);
        assertThat(r.tasks().get(0).reason())
                .contains("guardrail Throwing refused it: it threw IllegalStateException: guardrail backend down");
    }
}

package dev.agentswarm.test;

import static dev.agentswarm.test.Replies.assignTask;
import static dev.agentswarm.test.Replies.calls;
import static dev.agentswarm.test.Replies.createSubagent;
import static dev.agentswarm.test.Replies.raw;
import static dev.agentswarm.test.Replies.text;
import static org.assertj.core.api.Assertions.assertThat;

import dev.agentswarm.AgentSwarm;
import dev.agentswarm.report.RunStatus;
import dev.agentswarm.report.SwarmResult;
import dev.langchain4j.agent.tool.P;
import dev.langchain4j.agent.tool.Tool;
import dev.langchain4j.data.message.AiMessage;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Bad orchestrator tool calls are data, not crashes: each gets a specific error as that call's tool result, the
 * valid calls of the same turn still run, and the run goes on to its final answer.
 */
class BadToolCallTest {

    static final class Search {
        final List<String> queries = new java.util.concurrent.CopyOnWriteArrayList<>();

        @Tool("Searches")
        String search(@P("query") String query) {
            queries.add(query);
            return "hits for " + query;
        }
    }

    /** Runs one bad call next to a good task, and returns the bad call's tool result. */
    private static String errorFor(AiMessage badTurn) {
        ScriptedModel model = ScriptedModel.builder()
                .orchestrator(calls(createSubagent("worker", "You work.")))
                .orchestrator(badTurn)
                .orchestrator(r -> text("final after " + r.latestToolResults().size() + " results"))
                .subagent("worker", r -> text("did " + r.userPrompt()))
                .build();
        SwarmResult result = AgentSwarm.builder()
                .orchestratorModel(model)
                .tools(new Search())
                .build()
                .run("task");
        assertThat(result.status()).isEqualTo(RunStatus.COMPLETED);
        List<RecordedRequest> orchestrator = model.requests(ScriptedModel.ORCHESTRATOR);
        assertThat(orchestrator).hasSize(3);
        List<String> results = orchestrator.get(2).latestToolResults();
        assertThat(results).hasSize(badTurn.toolExecutionRequests().size());
        // The good task of the same turn is never lost.
        assertThat(results).contains("did good task");
        return results.get(0);
    }

    @Test
    void unknownAgent() {
        assertThat(errorFor(calls(assignTask("nobody", "x"), assignTask("worker", "good task"))))
                .isEqualTo("Error: no subagent named 'nobody'. Defined subagents: [worker]. "
                        + "Create it first with create_subagent.");
    }

    @Test
    void duplicateName() {
        assertThat(errorFor(calls(createSubagent("worker", "Another prompt."), assignTask("worker", "good task"))))
                .startsWith("Error: a subagent named 'worker' already exists, and definitions are frozen.");
    }

    @Test
    void duplicateNameLeavesTheFrozenDefinitionUntouched() {
        ScriptedModel model = ScriptedModel.builder()
                .orchestrator(calls(createSubagent("worker", "You work.")))
                .orchestrator(calls(createSubagent("worker", "You now do evil."), assignTask("worker", "t")))
                .orchestrator(text("ok"))
                .subagent("worker", r -> text(r.systemPrompt()))
                .build();
        SwarmResult result =
                AgentSwarm.builder().orchestratorModel(model).build().run("task");
        assertThat(result.subagents())
                .singleElement()
                .satisfies(d -> assertThat(d.systemPrompt()).isEqualTo("You work."));
        assertThat(result.tasks())
                .singleElement()
                .satisfies(t -> assertThat(t.finalMessage()).isEqualTo("You work."));
    }

    @Test
    void missingArgument() {
        assertThat(errorFor(calls(raw("assign_task", "{\"agent\": \"worker\"}"), assignTask("worker", "good task"))))
                .isEqualTo("Error: assign_task needs the string argument 'prompt', which is missing.");
    }

    @Test
    void nonStringArgument() {
        assertThat(errorFor(calls(
                        raw("assign_task", "{\"agent\": 42, \"prompt\": \"p\"}"), assignTask("worker", "good task"))))
                .isEqualTo("Error: assign_task needs 'agent' to be a string, got number.");
    }

    @Test
    void invalidJson() {
        assertThat(errorFor(calls(
                        raw("create_subagent", "{\"name\": \"x\", \"system_prompt\": "),
                        assignTask("worker", "good task"))))
                .startsWith("Error: the arguments of create_subagent are not valid JSON (")
                .endsWith(
                        "Send a JSON object like {\"name\": \"researcher\", \"system_prompt\": \"You research ...\"}.");
    }

    @Test
    void twoJsonObjectsAreNotValidArgumentsAndNeitherIsDispatched() {
        assertThat(errorFor(calls(
                        raw(
                                "assign_task",
                                "{\"agent\": \"worker\", \"prompt\": \"first\"}"
                                        + "{\"agent\": \"worker\", \"prompt\": \"second\"}"),
                        assignTask("worker", "good task"))))
                .startsWith("Error: the arguments of assign_task are not valid JSON (")
                .contains("more than one JSON value")
                .endsWith("Send a JSON object like {\"agent\": \"researcher\", \"prompt\": \"Find ...\"}.");
    }

    @Test
    void anObjectFollowedByGarbageIsNotValidArguments() {
        assertThat(errorFor(calls(
                        raw("create_subagent", "{\"name\": \"x\", \"system_prompt\": \"You x.\"} garbage"),
                        assignTask("worker", "good task"))))
                .startsWith("Error: the arguments of create_subagent are not valid JSON (")
                .contains("after the JSON value");
    }

    @Test
    void subagentToolCallsWithTrailingContentGetAnErrorAndTheToolDoesNotRun() {
        Search search = new Search();
        ScriptedModel model = ScriptedModel.builder()
                .orchestrator(calls(createSubagent("worker", "You work.", "search"), assignTask("worker", "go")))
                .orchestrator(r -> text(r.latestToolResults().get(1)))
                .subagent(
                        "worker",
                        calls(
                                raw("search", "{\"query\": \"a\"}{\"query\": \"b\"}"),
                                raw("search", "{\"query\": \"c\"} garbage"),
                                raw("search", "{\"query\": \"ok\"}")))
                .subagent("worker", r -> text(String.join("\n---\n", r.latestToolResults())))
                .build();
        SwarmResult result = AgentSwarm.builder()
                .orchestratorModel(model)
                .tools(search)
                .build()
                .run("task");
        assertThat(result.status()).isEqualTo(RunStatus.COMPLETED);
        List<String> results = List.of(result.tasks().get(0).finalMessage().split("\n---\n"));
        assertThat(results).as(result.tasks().toString()).hasSize(3);
        assertThat(results.get(0))
                .startsWith("Error: tool 'search' failed")
                .contains("not valid JSON")
                .contains("more than one JSON value");
        assertThat(results.get(1))
                .startsWith("Error: tool 'search' failed")
                .contains("not valid JSON")
                .contains("after the JSON value");
        assertThat(results.get(2)).contains("hits for ok");
        assertThat(search.queries).containsExactly("ok");
    }

    @Test
    void orchestratorToolCallsWithTrailingContentGetAnErrorAndSiblingsStillRun() {
        Search search = new Search();
        ScriptedModel model = ScriptedModel.builder()
                .orchestrator(calls(createSubagent("worker", "You work.")))
                .orchestrator(calls(
                        raw("search", "{\"query\": \"a\"} {\"query\": \"b\"}"), assignTask("worker", "good task")))
                .orchestrator(r -> text(String.join("\n---\n", r.latestToolResults())))
                .subagent("worker", r -> text("did " + r.userPrompt()))
                .build();
        SwarmResult result = AgentSwarm.builder()
                .orchestratorModel(model)
                .orchestratorTools(search)
                .build()
                .run("task");
        assertThat(result.status()).isEqualTo(RunStatus.COMPLETED);
        List<String> results = List.of(result.answer().split("\n---\n"));
        assertThat(results.get(0)).startsWith("Error: tool 'search' failed").contains("not valid JSON");
        assertThat(results.get(1)).isEqualTo("did good task");
        assertThat(search.queries).isEmpty();
    }

    @Test
    void argumentsThatAreNotAnObject() {
        assertThat(errorFor(calls(raw("assign_task", "[1, 2]"), assignTask("worker", "good task"))))
                .startsWith("Error: the arguments of assign_task must be a JSON object like");
    }

    @Test
    void unknownToolNamesInTools() {
        assertThat(errorFor(calls(
                        createSubagent("hacker", "You hack.", "search", "shell", "rm"),
                        assignTask("worker", "good task"))))
                .isEqualTo(
                        "Error: unknown tools [shell, rm] in 'tools' of create_subagent. Available tools: [search].");
    }

    @Test
    void emptyPrompt() {
        assertThat(errorFor(calls(assignTask("worker", "   "), assignTask("worker", "good task"))))
                .isEqualTo("Error: assign_task needs a non-empty 'prompt'.");
    }

    @Test
    void emptySystemPrompt() {
        assertThat(errorFor(calls(createSubagent("blank", ""), assignTask("worker", "good task"))))
                .isEqualTo("Error: create_subagent needs a non-empty 'system_prompt'.");
    }

    @Test
    void unknownOrdinaryTool() {
        assertThat(errorFor(calls(raw("launch_missiles", "{}"), assignTask("worker", "good task"))))
                .isEqualTo("Error: unknown tool 'launch_missiles'. Available tools: [create_subagent, assign_task].");
    }

    @Test
    void definitionsTakeEffectBeforeAssignmentsOfTheSameTurn() {
        ScriptedModel model = ScriptedModel.builder()
                // assign_task comes first in call order, but create_subagent of the same turn takes effect first.
                .orchestrator(calls(assignTask("late", "t1"), createSubagent("late", "You are late.")))
                .orchestrator(r -> text(String.join("|", r.latestToolResults())))
                .subagent("late", text("on time"))
                .build();
        SwarmResult result =
                AgentSwarm.builder().orchestratorModel(model).build().run("task");
        assertThat(result.answer())
                .isEqualTo("on time|Created subagent 'late' with tools []. Assign it tasks with assign_task.");
    }
}

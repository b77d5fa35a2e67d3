package dev.agentswarm.examples;

import static dev.agentswarm.test.Replies.assignTask;
import static dev.agentswarm.test.Replies.calls;
import static dev.agentswarm.test.Replies.createSubagent;
import static dev.agentswarm.test.Replies.text;

import dev.agentswarm.AgentSwarm;
import dev.agentswarm.model.SwarmModel;
import dev.agentswarm.report.SwarmResult;
import dev.agentswarm.report.TaskResult;
import dev.agentswarm.test.ScriptedModel;
import java.io.PrintStream;
import java.util.Locale;

/**
 * The smallest swarm: an orchestrator defines one subagent, gives it three tasks that run in parallel, each in a
 * fresh context, and merges their final messages into its answer. A scripted model plays the orchestrator and the
 * subagents, so it runs offline; with a real provider, pass
 * {@code SwarmModel.of("gpt-4o", OpenAiChatModel.builder().apiKey(...).modelName("gpt-4o").build())} instead.
 */
public final class QuickStart {

    private QuickStart() {}

    /**
     * Runs the example and prints its answer and accounting.
     *
     * @param args none
     */
    public static void main(String[] args) {
        run(System.out);
    }

    /**
     * Runs the example.
     *
     * @param out where the answer and accounting are printed
     * @return the run's result
     */
    public static SwarmResult run(PrintStream out) {
        SwarmModel model = ScriptedModel.builder()
                .name("scripted-model")
                .orchestrator(calls(
                        createSubagent("summariser", "You summarise one library in one line."),
                        assignTask("summariser", "Summarise Project Reactor."),
                        assignTask("summariser", "Summarise LangChain4j."),
                        assignTask("summariser", "Summarise Jackson.")))
                // the turn after the tasks: merge their final messages (the first result answers create_subagent)
                .orchestrator(r -> text("Three libraries:\n- "
                        + String.join(
                                "\n- ",
                                r.latestToolResults()
                                        .subList(1, r.latestToolResults().size()))))
                .subagent(
                        "summariser",
                        r -> text(r.userPrompt().replace("Summarise ", "").replace(".", "")
                                + ": a Java library, summarised in a fresh context."))
                .build();

        AgentSwarm swarm =
                AgentSwarm.builder().orchestratorModel(model).maxConcurrency(8).build();

        SwarmResult result = swarm.run("Summarise Project Reactor, LangChain4j and Jackson, one line each.");

        out.println(result.answer());
        out.println();
        for (TaskResult t : result.tasks()) {
            out.printf(Locale.ROOT, "%s %s: %s in %d step(s)%n", t.taskId(), t.agent(), t.status(), t.steps());
        }
        out.printf(
                Locale.ROOT,
                "status %s, %d tasks, critical steps %d (total steps %d), tokens %d%n",
                result.status(),
                result.tasks().size(),
                result.criticalSteps(),
                result.report().totalSteps(),
                result.report().tokens().total());
        return result;
    }
}

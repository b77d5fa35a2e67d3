package dev.agentswarm.examples;

import static dev.agentswarm.test.Replies.assignTask;
import static dev.agentswarm.test.Replies.call;
import static dev.agentswarm.test.Replies.calls;
import static dev.agentswarm.test.Replies.createSubagent;
import static dev.agentswarm.test.Replies.text;

import dev.agentswarm.AgentSwarm;
import dev.agentswarm.report.SwarmResult;
import dev.agentswarm.report.TaskResult;
import dev.agentswarm.test.ScriptedModel;
import dev.agentswarm.tools.files.FileTools;
import dev.langchain4j.agent.tool.P;
import dev.langchain4j.agent.tool.Tool;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Subagents with tools: swarm-tools' sandboxed {@link FileTools} over one folder (read-only by default; a path that
 * leaves the folder is refused) and an application's own {@code @Tool} object. Each subagent task reads one file
 * and counts its words with the application's tool; one task tries to read outside the sandbox and gets an error
 * result instead of the file, while its siblings go on.
 */
public final class CustomToolsExample {

    private CustomToolsExample() {}

    /** An application's own tool: any object with LangChain4j {@code @Tool} methods. */
    public static final class WordCounter {

        /** Creates the tool. */
        public WordCounter() {}

        /**
         * @param text some text
         * @return how many words it has
         */
        @Tool("Counts the words of a text")
        public int countWords(@P("the text") String text) {
            String t = text.strip();
            return t.isEmpty() ? 0 : t.split("\\s+").length;
        }
    }

    /**
     * Runs the example in a temporary folder.
     *
     * @param args none
     * @throws IOException if the folder cannot be made
     */
    public static void main(String[] args) throws IOException {
        run(Files.createTempDirectory("custom-tools-"), System.out);
    }

    /**
     * Writes two notes into a workspace and runs a swarm whose subagents read and measure them.
     *
     * @param workspace the sandbox folder
     * @param out where the results are printed
     * @return the run's result
     * @throws IOException if the notes cannot be written
     */
    public static SwarmResult run(Path workspace, PrintStream out) throws IOException {
        Files.writeString(workspace.resolve("alpha.txt"), "Tasks of one stage run in parallel.");
        Files.writeString(workspace.resolve("beta.txt"), "Each task has a fresh context.");

        ScriptedModel model = ScriptedModel.builder()
                .orchestrator(calls(
                        createSubagent("reader", "You read one file and count its words.", "read", "countWords"),
                        assignTask("reader", "alpha.txt"),
                        assignTask("reader", "beta.txt"),
                        assignTask("reader", "../outside.txt")))
                .orchestrator(r -> text("Read the notes."))
                // turn 0: read the file named by the task; turn 1: count the words of what was read (or report that
                // it could not be read); turn 2: answer. Tool output reaches a model under an "untrusted data" line.
                .subagent("reader", r -> calls(call("read", Map.of("path", r.userPrompt()))))
                .subagent(
                        "reader",
                        r -> body(r.latestToolResults().get(0)).startsWith("Error")
                                ? text(r.userPrompt() + ": not read, "
                                        + body(r.latestToolResults().get(0)))
                                : calls(call(
                                        "countWords",
                                        Map.of(
                                                "text",
                                                body(r.latestToolResults().get(0))))))
                .subagent(
                        "reader",
                        r -> text(r.userPrompt() + ": " + body(r.toolResults().get(1)) + " words: "
                                + body(r.toolResults().get(0))))
                .build();

        AgentSwarm swarm = AgentSwarm.builder()
                .orchestratorModel(model)
                .tools(new FileTools(workspace), new WordCounter())
                .build();

        SwarmResult result = swarm.run("Read alpha.txt and beta.txt and count their words.");
        for (TaskResult t : result.tasks()) {
            out.println(t.taskId() + " " + t.status() + ": " + t.finalMessage());
        }
        out.println("status " + result.status() + ", critical steps " + result.criticalSteps());
        return result;
    }

    /** A tool result without its first line, the runtime's "untrusted data" header. */
    private static String body(String toolResult) {
        int nl = toolResult.indexOf('\n');
        return (nl < 0 ? toolResult : toolResult.substring(nl + 1)).strip();
    }
}

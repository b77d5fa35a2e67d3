package dev.agentswarm.examples;

import static dev.agentswarm.test.Replies.assignTask;
import static dev.agentswarm.test.Replies.calls;
import static dev.agentswarm.test.Replies.createSubagent;
import static dev.agentswarm.test.Replies.text;

import dev.agentswarm.AgentSwarm;
import dev.agentswarm.RunOptions;
import dev.agentswarm.event.SwarmEvent;
import dev.agentswarm.journal.JournalOptions;
import dev.agentswarm.journal.JournalReader;
import dev.agentswarm.report.SwarmResult;
import dev.agentswarm.test.RecordedRequest;
import dev.agentswarm.test.ScriptedModel;
import dev.langchain4j.data.message.AiMessage;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * A journaled run and its resume. The run journals every event to a JSONL file as it happens; a process that dies
 * leaves the journal of what was done. {@code resume} reads that journal and continues the run with the same run
 * id: journaled orchestrator turns and finished tasks are taken from the journal, not sent to the model again.
 *
 * <p>Here the crash is simulated: the complete journal of a first run is cut after its second finished task, as if
 * the process had been killed there, and a new swarm resumes from the cut journal.
 */
public final class JournaledRunExample {

    private static final String CHECKER_PROMPT = "You check one library's licence.";

    private JournaledRunExample() {}

    /**
     * Runs the example in a temporary folder.
     *
     * @param args none
     * @throws IOException if the temporary folder cannot be made
     */
    public static void main(String[] args) throws IOException {
        run(Files.createTempDirectory("journaled-run-"), System.out);
    }

    /**
     * Runs, "crashes" and resumes.
     *
     * @param dir the folder of the journals
     * @param out where the steps are printed
     * @return the resumed run's result
     */
    public static SwarmResult run(Path dir, PrintStream out) {
        String task = "Check the licences of three libraries.";
        Path complete = dir.resolve("complete.jsonl");
        ScriptedModel firstModel = model();
        SwarmResult first = swarm(firstModel).run(task, RunOptions.journal(JournalOptions.of(complete)));
        out.println("first run:   " + first.status() + ", answer: "
                + first.answer().lines().findFirst().orElse(""));
        out.println("journal:     " + complete.getFileName() + ", "
                + JournalReader.read(complete).events().size() + " events");

        Path crashed = dir.resolve("crashed.jsonl");
        int kept = cutAfterSecondFinishedTask(complete, crashed);
        out.println("crash:       " + crashed.getFileName() + " keeps the first " + kept + " events (two of three "
                + "tasks finished)");

        ScriptedModel resumedModel = model();
        // A resume names the journaled task: the journal is checked against it before anything runs.
        SwarmResult resumed = swarm(resumedModel).run(task, RunOptions.resume(JournalOptions.of(crashed)));
        out.println("resumed:     " + resumed.status() + ", same run id: "
                + resumed.runId().equals(first.runId()) + ", same answer: "
                + resumed.answer().equals(first.answer()));
        out.printf(
                Locale.ROOT,
                "model calls: %d in the first run, %d in the resumed one (the journaled turn and the "
                        + "two finished tasks were not called again)%n",
                firstModel.requests().size(),
                resumedModel.requests().size());
        return resumed;
    }

    private static AgentSwarm swarm(ScriptedModel model) {
        return AgentSwarm.builder().orchestratorModel(model).maxConcurrency(1).build();
    }

    private static ScriptedModel model() {
        // The orchestrator answers from the conversation it is given, not by turn number: a resumed run sends it only
        // the turns that were not journaled. The subagent is known by its system prompt, since a resumed run does not
        // ask the model again for the turn that created it.
        Function<RecordedRequest, AiMessage> orchestrator = r -> r.toolResults().isEmpty()
                ? calls(
                        createSubagent("checker", CHECKER_PROMPT), assignTask("checker", "Reactor"),
                        assignTask("checker", "Jackson"), assignTask("checker", "Lucene"))
                : text("Licences: "
                        + String.join(
                                "; ",
                                r.toolResults().stream()
                                        .filter(t -> t.endsWith("Apache-2.0"))
                                        .toList()));
        return ScriptedModel.builder()
                .orchestrator(orchestrator)
                .orchestrator(orchestrator)
                .subagentSystemPrompt(CHECKER_PROMPT, "checker")
                .subagent("checker", r -> text(r.userPrompt() + ": Apache-2.0"))
                .build();
    }

    private static int cutAfterSecondFinishedTask(Path journal, Path cut) {
        try {
            List<String> lines = Files.readAllLines(journal, StandardCharsets.UTF_8);
            List<SwarmEvent> events = JournalReader.read(journal).events();
            List<String> kept = new ArrayList<>();
            int finished = 0;
            for (int i = 0; i < events.size() && finished < 2; i++) {
                kept.add(lines.get(i));
                if (events.get(i) instanceof SwarmEvent.TaskFinished) {
                    finished++;
                }
            }
            Files.write(cut, kept, StandardCharsets.UTF_8);
            return kept.size();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package dev.agentswarm.test.journal;

import dev.agentswarm.AgentSwarm;
import dev.agentswarm.RunOptions;
import dev.agentswarm.event.SwarmEvents;
import dev.agentswarm.journal.JournalOptions;
import dev.agentswarm.report.SwarmResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;

/**
 * The process the crash test starts and kills: runs (or resumes) the {@link ResumeScenario} swarm with a journal,
 * appends one line per model call to a calls file (written before the call is answered, so a kill loses none), and
 * writes the result as JSON when the run ends.
 *
 * <p>Arguments: {@code run|resume journal callsFile resultFile slowLatencyMillis}.
 */
public final class CrashingSwarmMain {

    private CrashingSwarmMain() {}

    /**
     * @param args mode, journal, calls file, result file, latency of the slow subagent in milliseconds
     * @throws IOException if the result cannot be written
     */
    public static void main(String[] args) throws IOException {
        String mode = args[0];
        Path journal = Path.of(args[1]);
        Path calls = Path.of(args[2]);
        Path resultFile = Path.of(args[3]);
        Duration slow = Duration.ofMillis(Long.parseLong(args[4]));
        AgentSwarm swarm = ResumeScenario.swarm(ResumeScenario.model(slow, call -> append(calls, call)));
        SwarmResult result = mode.equals("resume")
                ? swarm.execute(ResumeScenario.TASK, RunOptions.resume(JournalOptions.of(journal)))
                        .block()
                : swarm.run(ResumeScenario.TASK, RunOptions.journal(JournalOptions.of(journal)));
        Files.writeString(resultFile, SwarmEvents.mapper().writeValueAsString(result));
    }

    private static synchronized void append(Path file, String line) {
        try {
            Files.writeString(
                    file, line + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

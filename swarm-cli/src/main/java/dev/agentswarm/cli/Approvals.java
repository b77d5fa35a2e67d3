package dev.agentswarm.cli;

import dev.agentswarm.control.ApprovalPolicy;
import dev.agentswarm.control.ApprovalRules;
import dev.agentswarm.control.Controls;
import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.jspecify.annotations.Nullable;
import reactor.core.scheduler.Schedulers;

/**
 * The approval options of {@code swarm run}: {@code --approve} asks in the terminal, {@code --approval-rules FILE}
 * decides by rules; with both, the rules decide first and what they do not match is asked.
 */
final class Approvals {

    private Approvals() {}

    /**
     * @return the console when standard input and output are a terminal, else null; on JDK 22 and newer, where
     *     {@code System.console()} is never null, its {@code isTerminal()} decides
     */
    @SuppressWarnings("SystemConsoleNull") // JDK 17's API; isTerminal() is read reflectively where it exists
    private static @Nullable Console terminal() {
        Console console = System.console();
        if (console == null) {
            return null;
        }
        try {
            Object terminal = Console.class.getMethod("isTerminal").invoke(console);
            return Boolean.TRUE.equals(terminal) ? console : null;
        } catch (NoSuchMethodException e) {
            return console;
        } catch (ReflectiveOperationException e) {
            return null;
        }
    }

    /**
     * @param approve whether to ask in the terminal
     * @param rulesFile the rules file, or null
     * @return the run's controls
     * @throws UsageException if {@code --approve} is given without a terminal, or the rules file cannot be read
     * @throws IllegalArgumentException naming the line, if a rule is malformed
     */
    static Controls controls(boolean approve, @Nullable Path rulesFile) {
        if (!approve && rulesFile == null) {
            return Controls.NONE;
        }
        ApprovalPolicy asked = null;
        if (approve) {
            Console console = terminal();
            if (console == null) {
                throw new UsageException("--approve asks in the terminal, but standard input or output is not a "
                        + "terminal; run it in a terminal, or decide by rules with --approval-rules FILE");
            }
            asked = ApprovalPolicy.interactive(
                    new BufferedReader(console.reader()), console.writer(), Schedulers.boundedElastic());
        }
        if (rulesFile == null) {
            return Controls.builder()
                    .approvalPolicy(java.util.Objects.requireNonNull(asked))
                    .build();
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(rulesFile, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UsageException("cannot read --approval-rules " + Terminal.line(rulesFile.toString()) + " ("
                    + Terminal.line(e.getClass().getSimpleName()) + "): give a readable rules file");
        }
        // What no rule matches is asked with --approve, and denied without it.
        ApprovalPolicy policy = ApprovalRules.parse(
                lines, asked != null ? asked : ApprovalPolicy.rules().build());
        return Controls.builder().approvalPolicy(policy).build();
    }
}

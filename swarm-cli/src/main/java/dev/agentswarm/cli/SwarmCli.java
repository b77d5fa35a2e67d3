package dev.agentswarm.cli;

import dev.agentswarm.journal.JournalException;
import dev.agentswarm.security.Redactor;
import dev.agentswarm.test.sim.Scenario;
import java.io.Console;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code swarm} command: {@code run}, {@code demo}, {@code plan}, {@code report} and {@code replay}. Bad input
 * (an unknown provider, a missing key, an invalid scenario, an unreadable journal, a bad option) prints one line that
 * says what to fix and exits with code 2.
 */
@Command(
        name = "swarm",
        mixinStandardHelpOptions = true,
        version = "agent-swarm 0.1.0-SNAPSHOT",
        description = "Run agent swarms: an orchestrator model splits a task across parallel subagents.",
        subcommands = {CommandLine.HelpCommand.class})
public final class SwarmCli implements Runnable {

    /** Exit code of bad input. */
    public static final int USAGE = 2;

    private final CliContext ctx;

    private SwarmCli(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void run() {
        ctx.out().println(new CommandLine(this).getUsageMessage());
    }

    /**
     * The entry point of {@code ./swarm}.
     *
     * @param args the arguments
     */
    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
        PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
        boolean tty = isTerminal() && !"dumb".equals(System.getenv("TERM"));
        System.exit(execute(new CliContext(out, err, System.getenv(), tty), args));
    }

    /**
     * Whether standard input and output are a terminal. From JDK 22 on, System.console() is not null when they are
     * redirected too, and Console.isTerminal() (JDK 22+, reached reflectively: this code targets 17) answers; before
     * that, a console exists only for a terminal.
     */
    // The null test is the answer on JDK 17-21; on 22+ isTerminal() decides, as SystemConsoleNull asks.
    @SuppressWarnings("SystemConsoleNull")
    private static boolean isTerminal() {
        Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            return Boolean.TRUE.equals(Console.class.getMethod("isTerminal").invoke(console));
        } catch (ReflectiveOperationException e) {
            return true;
        }
    }

    /**
     * Runs the CLI in-process.
     *
     * @param ctx output, environment and whether output is a terminal
     * @param args the arguments
     * @return the exit code: 0 success, 1 failure, 2 bad input
     */
    public static int execute(CliContext ctx, String... args) {
        CommandLine cl = new CommandLine(new SwarmCli(ctx));
        cl.addSubcommand("run", new RunCommand(ctx));
        cl.addSubcommand("demo", new DemoCommand(ctx));
        cl.addSubcommand("plan", new PlanCommand(ctx));
        cl.addSubcommand("report", new ReportCommand(ctx));
        cl.addSubcommand("replay", new ReplayCommand(ctx));
        cl.setOut(ctx.out());
        cl.setErr(ctx.err());
        // Error lines never show a key: the keys in the environment, credential headers and key shapes are redacted.
        Redactor redactor = Redactor.of(Providers.secrets(ctx));
        RedactingLayout.use(redactor);
        cl.setParameterExceptionHandler((ex, a) -> {
            String sub = ex.getCommandLine().getCommandName();
            ctx.err()
                    .println("swarm: error: " + firstLine(redact(redactor, ex.getMessage())) + " (see 'swarm "
                            + ("swarm".equals(sub) ? "" : sub + " ") + "--help')");
            ctx.err().flush();
            return USAGE;
        });
        cl.setExecutionExceptionHandler((ex, c, parsed) -> {
            if (ex instanceof UsageException
                    || ex instanceof Scenario.InvalidScenarioException
                    || ex instanceof JournalException
                    || ex instanceof IllegalArgumentException) {
                ctx.err().println("swarm: error: " + firstLine(redact(redactor, ex.getMessage())));
                ctx.err().flush();
                return USAGE;
            }
            ctx.err()
                    .println("swarm: failed: " + ex.getClass().getSimpleName() + ": "
                            + firstLine(redact(redactor, ex.getMessage())));
            ctx.err().flush();
            return 1;
        });
        int code = cl.execute(args);
        ctx.out().flush();
        ctx.err().flush();
        return code;
    }

    /** The most characters of an error line: a message may echo a value of any length. */
    static final int MAX_ERROR_LINE = 1_000;

    private static @Nullable String redact(Redactor redactor, @Nullable String s) {
        return s == null ? null : redactor.redact(s);
    }

    /**
     * The first line of a message, cut at {@link #MAX_ERROR_LINE} characters, with every control character escaped:
     * it is printed on a terminal.
     */
    private static String firstLine(@Nullable String s) {
        if (s == null) {
            return "unknown error";
        }
        int nl = s.indexOf('\n');
        String line = Terminal.line((nl < 0 ? s : s.substring(0, nl)).strip());
        return line.length() <= MAX_ERROR_LINE ? line : line.substring(0, MAX_ERROR_LINE) + "…";
    }
}

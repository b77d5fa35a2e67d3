package dev.agentswarm.cli;

import dev.agentswarm.AgentSwarm;
import dev.agentswarm.RunOptions;
import dev.agentswarm.event.SwarmEvent;
import dev.agentswarm.journal.JournalException;
import dev.agentswarm.journal.JournalOptions;
import dev.agentswarm.journal.JournalReader;
import dev.agentswarm.policy.ModelPrice;
import dev.agentswarm.report.SwarmResult;
import dev.agentswarm.report.html.HtmlReport;
import dev.agentswarm.test.sim.Scenario;
import dev.agentswarm.test.sim.SimulatedSwarm;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import org.jspecify.annotations.Nullable;

/** Runs a swarm with live progress, a journal and an HTML report: what {@code run} and the demos share. */
final class Outputs {

    private Outputs() {}

    /**
     * The two files a run writes: its journal and its HTML report, side by side in one folder.
     *
     * @param journal the journal, {@code NAME.jsonl}
     * @param report the HTML report, {@code NAME.html}
     */
    record RunFiles(Path journal, Path report) {
        static RunFiles in(Path dir, String name) {
            return new RunFiles(dir.resolve(name + ".jsonl"), dir.resolve(name + ".html"));
        }
    }

    /**
     * Runs the swarm, journaling to {@code files.journal()}, then writes the report. The caller checked the paths with
     * {@link Inputs#outputs} before building anything; a journal that exists by now is replaced only with
     * {@code --overwrite}.
     */
    static SwarmResult run(
            CliContext ctx,
            AgentSwarm.Builder builder,
            String task,
            Clock clock,
            RunFiles files,
            Map<String, ModelPrice> prices,
            String note,
            boolean overwrite) {
        return run(ctx, builder, clock, files, prices, note, overwrite, (swarm, journal) -> swarm.run(task, journal));
    }

    /**
     * Runs a swarm built from a simulated swarm's builder in virtual time, journaling to {@code files.journal()},
     * then writes the report; as {@link #run(CliContext, AgentSwarm.Builder, String, Clock, RunFiles, Map, String,
     * boolean)} otherwise. Every time in the journal and report is scenario time.
     */
    static SwarmResult simulated(
            CliContext ctx,
            SimulatedSwarm sim,
            AgentSwarm.Builder builder,
            String task,
            RunFiles files,
            Map<String, ModelPrice> prices,
            String note,
            boolean overwrite) {
        return run(
                ctx,
                builder,
                sim.clock(),
                files,
                prices,
                note,
                overwrite,
                (swarm, journal) -> sim.await(swarm.execute(task, journal)));
    }

    private static SwarmResult run(
            CliContext ctx,
            AgentSwarm.Builder builder,
            Clock clock,
            RunFiles files,
            Map<String, ModelPrice> prices,
            String note,
            boolean overwrite,
            BiFunction<AgentSwarm, RunOptions, SwarmResult> runner) {
        SwarmResult result;
        try {
            Path parent = files.journal().toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
        } catch (IOException e) {
            throw new UsageException("cannot create the folder of "
                    + Terminal.line(files.journal().toString()) + " ("
                    + e.getClass().getSimpleName() + "): give a folder you can write to with --out");
        }
        if (Inputs.journal(files.journal(), overwrite)) {
            Inputs.deleteForOverwrite(files.journal());
        }
        try (Progress progress = new Progress(ctx.out(), ctx.tty(), clock)) {
            result = runner.apply(
                    builder.listener(progress).build(), RunOptions.journal(JournalOptions.of(files.journal())));
        }
        writeReport(files.journal(), files.report(), prices, note);
        return result;
    }

    static void writeReport(Path journal, Path report, Map<String, ModelPrice> prices, String note) {
        List<SwarmEvent> events;
        if (Files.isDirectory(journal)) {
            throw new UsageException("the journal " + Terminal.line(journal.toString()) + " is a folder: give the path "
                    + "of a .jsonl journal written by 'swarm run' or 'swarm demo'");
        }
        try {
            events = JournalReader.read(journal).events();
        } catch (JournalException | UncheckedIOException e) {
            throw new UsageException(unreadable(journal, e));
        } catch (RuntimeException e) {
            // Any other failure to parse the journal (stream constraints, a value Jackson rejects) is bad input too.
            throw new UsageException(unreadable(journal, e));
        }
        String html;
        try {
            html = HtmlReport.render(events, prices, note);
        } catch (IllegalArgumentException e) {
            throw new UsageException("cannot report on journal " + Terminal.line(journal.toString()) + ": "
                    + Terminal.line(e.getMessage()));
        }
        try {
            Path parent = report.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.writeString(report, html);
        } catch (IOException e) {
            throw new UsageException("cannot write the report " + Terminal.line(report.toString()) + " ("
                    + e.getClass().getSimpleName() + "): give a file in a folder you can write to");
        }
    }

    private static String unreadable(Path journal, RuntimeException e) {
        String why = e instanceof UncheckedIOException u && u.getCause() != null
                ? u.getCause().getClass().getSimpleName()
                : e.getMessage();
        if (why != null && why.contains("NoSuchFile")) {
            why = "no such file";
        }
        return "unreadable journal " + Terminal.line(journal.toString()) + " (" + Terminal.line(firstLine(why))
                + "): give the path of a .jsonl journal "
                + "written by 'swarm run' or 'swarm demo'";
    }

    private static String firstLine(@Nullable String s) {
        if (s == null) {
            return "unknown error";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    static Map<String, ModelPrice> prices(Scenario scenario) {
        Map<String, ModelPrice> prices = new HashMap<>();
        scenario.models().forEach((name, p) -> prices.put(name, p.price()));
        return prices;
    }

    static Map<String, ModelPrice> parsePrices(List<String> specs) {
        Map<String, ModelPrice> prices = new HashMap<>();
        for (String spec : specs) {
            Inputs.Price p = Inputs.price(spec);
            prices.put(p.model(), new ModelPrice(p.input(), p.output()));
        }
        return prices;
    }
}

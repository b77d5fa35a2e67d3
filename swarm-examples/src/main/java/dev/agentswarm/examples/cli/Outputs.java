package dev.agentswarm.examples.cli;

import dev.agentswarm.RunOptions;
import dev.agentswarm.AgentSwarm;
import dev.agentswarm.event.SwarmEvent;
import dev.agentswarm.examples.report.HtmlReport;
import dev.agentswarm.examples.sim.Scenario;
import dev.agentswarm.journal.JournalException;
import dev.agentswarm.journal.JournalOptions;
import dev.agentswarm.journal.JournalReader;
import dev.agentswarm.report.SwarmResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Runs a swarm with live progress, a journal and an HTML report: what {@code run} and the demos share. */
final class Outputs {

    private Outputs() {}

    /**
     * Where a run's files go.
     *
     * @param journal the journal
     * @param report the HTML report
     */
    record Files2(Path journal, Path report) {
        static Files2 in(Path dir, String name) {
            return new Files2(dir.resolve(name + ".jsonl"), dir.resolve(name + ".html"));
        }
    }

    /**
     * Runs the swarm, journaling to {@code files.journal()}, then writes the report. The caller checked the paths with
     * {@link Inputs#outputs} before building anything; a journal that exists by now is replaced only with
     * {@code --overwrite}.
     */
    static SwarmResult run(CliContext ctx, AgentSwarm.Builder builder, String task, Clock clock, Files2 files,
            Map<String, HtmlReport.Price> prices, String note, boolean overwrite) {
        SwarmResult result;
        try {
            Path parent = files.journal().toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
        } catch (IOException e) {
            throw new UsageException("cannot create the folder of " + Terminal.line(files.journal().toString())
                    + " (" + e.getClass().getSimpleName() + "): give a folder you can write to with --out");
        }
        if (Inputs.journal(files.journal(), overwrite)) {
            Inputs.deleteForOverwrite(files.journal());
        }
        try (Progress progress = new Progress(ctx.out(), ctx.tty(), clock)) {
            result = builder.listener(progress).build().run(task, RunOptions.journal(JournalOptions.of(files.journal())));
        }
        writeReport(files.journal(), files.report(), prices, note);
        return result;
    }

    static void writeReport(Path journal, Path report, Map<String, HtmlReport.Price> prices, String note) {
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
        JournalCheck.complete(journal, events);
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
                ? u.getCause().getClass().getSimpleName() : e.getMessage();
        if (why != null && why.contains("NoSuchFile")) {
            why = "no such file";
        }
        return "unreadable journal " + Terminal.line(journal.toString()) + " (" + Terminal.line(firstLine(why))
                + "): give the path of a .jsonl journal "
                + "written by 'swarm run' or 'swarm demo'";
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "unknown error";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    static Map<String, HtmlReport.Price> prices(Scenario scenario) {
        Map<String, HtmlReport.Price> prices = new HashMap<>();
        scenario.models().forEach((name, p) -> prices.put(name,
                new HtmlReport.Price(p.inputPricePerMillion(), p.outputPricePerMillion())));
        return prices;
    }

    static Map<String, HtmlReport.Price> parsePrices(List<String> specs) {
        Map<String, HtmlReport.Price> prices = new HashMap<>();
        for (String spec : specs) {
            Inputs.Price p = Inputs.price(spec);
            prices.put(p.model(), new HtmlReport.Price(p.input(), p.output()));
        }
        return prices;
    }
}

package dev.agentswarm.examples.cli;

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

    static SwarmResult run(CliContext ctx, AgentSwarm.Builder builder, String task, Clock clock, Files2 files,
            Map<String, HtmlReport.Price> prices, String note) {
        SwarmResult result;
        try {
            Path parent = files.journal().toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.deleteIfExists(files.journal());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create journal " + files.journal() + ": " + e.getMessage(), e);
        }
        try (Progress progress = new Progress(ctx.out(), ctx.tty(), clock)) {
            result = builder.listener(progress).build().run(task, JournalOptions.of(files.journal()));
        }
        writeReport(files.journal(), files.report(), prices, note);
        return result;
    }

    static void writeReport(Path journal, Path report, Map<String, HtmlReport.Price> prices, String note) {
        List<SwarmEvent> events;
        try {
            events = JournalReader.read(journal).events();
        } catch (JournalException | UncheckedIOException e) {
            throw new UsageException(unreadable(journal, e));
        }
        String html;
        try {
            html = HtmlReport.render(events, prices, note);
        } catch (IllegalArgumentException e) {
            throw new UsageException("cannot report on journal " + journal + ": " + e.getMessage());
        }
        try {
            Path parent = report.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.writeString(report, html);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write report " + report + ": " + e.getMessage(), e);
        }
    }

    private static String unreadable(Path journal, RuntimeException e) {
        String why = e instanceof UncheckedIOException u && u.getCause() != null
                ? u.getCause().getClass().getSimpleName() : e.getMessage();
        if (why != null && why.contains("NoSuchFile")) {
            why = "no such file";
        }
        return "unreadable journal " + journal + " (" + firstLine(why) + "): give the path of a .jsonl journal "
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
            int eq = spec.lastIndexOf('=');
            String[] io = eq < 0 ? new String[0] : spec.substring(eq + 1).split(":");
            try {
                if (eq <= 0 || io.length != 2) {
                    throw new NumberFormatException();
                }
                prices.put(spec.substring(0, eq), new HtmlReport.Price(Double.parseDouble(io[0]),
                        Double.parseDouble(io[1])));
            } catch (NumberFormatException e) {
                throw new UsageException("invalid --price '" + spec + "': write MODEL=IN:OUT in USD per million "
                        + "tokens, e.g. gpt-4o-mini=0.15:0.6");
            }
        }
        return prices;
    }
}

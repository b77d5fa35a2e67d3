package dev.agentswarm.examples.cli;

import dev.agentswarm.AgentSwarm;
import dev.agentswarm.event.SwarmEvent;
import dev.agentswarm.examples.journal.JsonlJournal;
import dev.agentswarm.examples.report.HtmlReport;
import dev.agentswarm.examples.sim.Scenario;
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
        try (JsonlJournal.Writer journal = JsonlJournal.writer(files.journal());
                Progress progress = new Progress(ctx.out(), ctx.tty(), clock)) {
            result = builder.listener(journal).listener(progress).build().run(task);
        }
        writeReport(files.journal(), files.report(), prices, note);
        return result;
    }

    static void writeReport(Path journal, Path report, Map<String, HtmlReport.Price> prices, String note) {
        List<SwarmEvent> events = JsonlJournal.read(journal);
        String html;
        try {
            html = HtmlReport.render(events, prices, note);
        } catch (IllegalArgumentException e) {
            throw new JsonlJournal.UnreadableJournalException("cannot report on journal " + journal + ": "
                    + e.getMessage());
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

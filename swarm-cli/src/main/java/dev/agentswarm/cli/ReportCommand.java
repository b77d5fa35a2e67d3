package dev.agentswarm.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code swarm report <journal>}: renders a journal as one self-contained HTML file. */
@Command(name = "report", mixinStandardHelpOptions = true, description = "Render a journal (.jsonl) as an HTML report.")
public final class ReportCommand implements Callable<Integer> {

    private final CliContext ctx;

    @Parameters(index = "0", paramLabel = "JOURNAL", description = "A .jsonl journal written by run or demo.")
    Path journal = Path.of("");

    @Option(
            names = {"-o", "--output"},
            description = "The HTML file (default: the journal's name with .html).")
    @Nullable
    Path output;

    @Option(names = "--price", paramLabel = "MODEL=IN:OUT", description = "USD per million tokens of a model.")
    List<String> prices = new ArrayList<>();

    @Option(
            names = "--scenario",
            description = "Take the prices of the simulated models from this scenario "
                    + "(a file, or wide-search / parallel-read).")
    @Nullable
    String scenario;

    ReportCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        var priceMap = new java.util.HashMap<>(Outputs.parsePrices(prices));
        Path out = output;
        if (out == null) {
            String n = journal.getFileName() == null
                    ? "report"
                    : journal.getFileName().toString();
            out = journal.resolveSibling((n.endsWith(".jsonl") ? n.substring(0, n.length() - 6) : n) + ".html");
        }
        Inputs.reportFile(out, output == null ? "the report path " : "-o ");
        Bundled.prices(scenario).forEach(priceMap::putIfAbsent);
        Outputs.writeReport(journal, out, priceMap, "");
        ctx.out().println("report: " + Terminal.line(out.toString()));
        return 0;
    }
}

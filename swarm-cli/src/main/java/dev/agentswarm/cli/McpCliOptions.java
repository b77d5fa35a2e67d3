package dev.agentswarm.cli;

import dev.agentswarm.AgentSwarm;
import dev.agentswarm.mcp.McpOptions;
import dev.agentswarm.mcp.McpServerConfig;
import dev.agentswarm.mcp.McpToolset;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/**
 * The MCP options of {@code run} and {@code mcp-serve}: {@code --mcp name='command args'} and
 * {@code --mcp-url name=URL} give the subagents (or, with {@code --orchestrator-mcp}, the orchestrator) the tools of
 * MCP servers, named {@code name__tool}.
 */
public final class McpCliOptions {

    private static final Pattern ASSIGNMENT = Pattern.compile("([^=]+)=(.*)", Pattern.DOTALL);

    /** Creates the options with their defaults. */
    public McpCliOptions() {}

    @Option(
            names = "--mcp",
            paramLabel = "NAME='COMMAND ARGS'",
            description = "An MCP server started as a child process (stdio); its tools are offered as NAME__tool. "
                    + "Repeatable.")
    List<String> stdio = new ArrayList<>();

    @Option(
            names = "--mcp-url",
            paramLabel = "NAME=URL",
            description =
                    "An MCP server reached over Streamable HTTP, e.g. files=http://localhost:3001/mcp. Repeatable.")
    List<String> http = new ArrayList<>();

    @Option(
            names = "--orchestrator-mcp",
            description = "Give the MCP tools to the orchestrator itself instead of the subagents.")
    boolean orchestrator;

    @Option(
            names = "--mcp-timeout",
            paramLabel = "SECONDS",
            description = "The longest one MCP tool call may take (default ${DEFAULT-VALUE}).")
    int timeoutSeconds = 60;

    /** @return whether any MCP server was given */
    boolean any() {
        return !stdio.isEmpty() || !http.isEmpty();
    }

    /**
     * Checks and reads the servers.
     *
     * @return the servers, in the order given (stdio first)
     * @throws UsageException with what to fix when one is malformed or two share a name
     */
    List<McpServerConfig> servers() {
        if (timeoutSeconds < 1) {
            throw new UsageException("--mcp-timeout must be at least 1 second, got " + timeoutSeconds);
        }
        List<McpServerConfig> out = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (String s : stdio) {
            String[] nv = split("--mcp", s, "files='npx -y @modelcontextprotocol/server-filesystem /data'");
            List<String> command = words(nv[1]);
            out.add(config(() -> McpServerConfig.stdio(nv[0], command), "--mcp"));
            names.add(nv[0]);
        }
        for (String s : http) {
            String[] nv = split("--mcp-url", s, "files=http://localhost:3001/mcp");
            URI uri;
            try {
                uri = URI.create(nv[1].strip());
            } catch (IllegalArgumentException e) {
                throw new UsageException("--mcp-url " + Terminal.line(nv[0]) + ": '" + Terminal.line(nv[1])
                        + "' is not a URL; give the server's MCP endpoint, e.g. http://localhost:3001/mcp");
            }
            out.add(config(() -> McpServerConfig.http(nv[0], uri), "--mcp-url"));
            names.add(nv[0]);
        }
        List<String> seen = new ArrayList<>();
        for (String n : names) {
            if (seen.contains(n)) {
                throw new UsageException("MCP server name '" + Terminal.line(n) + "' is given twice; give each "
                        + "--mcp/--mcp-url server its own name (it prefixes its tools' names)");
            }
            seen.add(n);
        }
        return out;
    }

    /** @return the client's options */
    McpOptions options() {
        return McpOptions.DEFAULTS.withCallTimeout(Duration.ofSeconds(timeoutSeconds));
    }

    /**
     * Starts the servers and adds their tools to the builder; prints a warning line per problem.
     *
     * @param ctx where warnings go
     * @param builder the swarm's builder
     * @return the started toolset, to close after the run; null when no server was given
     */
    @Nullable
    McpToolset start(CliContext ctx, AgentSwarm.Builder builder) {
        if (!any()) {
            return null;
        }
        McpToolset set = McpToolset.start(servers(), options());
        for (String problem : set.problems()) {
            ctx.err().println("warning: " + Terminal.line(problem));
        }
        set.toolNamesByServer()
                .forEach((server, tools) -> ctx.err()
                        .println("MCP server " + server + ": " + tools.size() + " tools for the "
                                + (orchestrator ? "orchestrator" : "subagents") + " (" + server + "__*)"));
        if (orchestrator) {
            set.addToOrchestrator(builder);
        } else {
            set.addTo(builder);
        }
        return set;
    }

    private static McpServerConfig config(java.util.function.Supplier<McpServerConfig> make, String option) {
        try {
            return make.get();
        } catch (IllegalArgumentException e) {
            throw new UsageException(option + ": " + Terminal.line(e.getMessage()));
        }
    }

    private static String[] split(String option, String value, String example) {
        Matcher m = ASSIGNMENT.matcher(value);
        if (!m.matches() || m.group(2).isBlank()) {
            throw new UsageException(
                    option + " '" + Terminal.line(value) + "' is not NAME=VALUE; e.g. " + option + " " + example);
        }
        return new String[] {m.group(1).strip(), m.group(2)};
    }

    /**
     * Splits a command line into words: spaces separate, single or double quotes group, no other shell syntax.
     *
     * @param line the command line
     * @return its words
     */
    static List<String> words(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        char quote = 0;
        boolean inWord = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else {
                    word.append(c);
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
                inWord = true;
            } else if (Character.isWhitespace(c)) {
                if (inWord) {
                    out.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
            } else {
                word.append(c);
                inWord = true;
            }
        }
        if (quote != 0) {
            throw new UsageException("unbalanced quote in MCP command '" + Terminal.line(line) + "'");
        }
        if (inWord) {
            out.add(word.toString());
        }
        if (out.isEmpty()) {
            throw new UsageException("an --mcp command is empty; give the program and its arguments");
        }
        return out;
    }
}

package dev.agentswarm.mcp;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * One MCP server to connect to: its name (the prefix of its tools' names, {@code name__tool}) and how to reach it, as
 * a child process speaking MCP over stdio or as a Streamable HTTP endpoint.
 *
 * <p>A server name is 1 to 32 letters and digits, optionally joined by single {@code -} or {@code _} characters
 * ({@code files}, {@code my-server}, {@code web_search}): no {@code __}, which separates the server from the tool, so
 * that every exposed tool name says which server it belongs to.
 */
public final class McpServerConfig {

    private static final Pattern NAME = Pattern.compile("[a-zA-Z0-9]+([_-][a-zA-Z0-9]+)*");
    private static final int MAX_NAME = 32;

    /** How a server is reached. */
    public enum Kind {
        /** A child process the swarm starts and stops; MCP messages on its stdin and stdout, one per line. */
        STDIO,
        /** A Streamable HTTP endpoint. */
        HTTP,
        /** A pair of streams made in this JVM (tests and embedded servers). */
        STREAMS
    }

    private final String name;
    private final Kind kind;
    private final List<String> command;
    private final Map<String, String> environment;
    private final @Nullable Path directory;
    private final @Nullable URI url;
    private final @Nullable Supplier<McpPipe> streams;

    private McpServerConfig(
            String name,
            Kind kind,
            List<String> command,
            Map<String, String> environment,
            @Nullable Path directory,
            @Nullable URI url,
            @Nullable Supplier<McpPipe> streams) {
        this.name = checkName(name);
        this.kind = kind;
        this.command = command;
        this.environment = environment;
        this.directory = directory;
        this.url = url;
        this.streams = streams;
    }

    /**
     * A server started as a child process.
     *
     * @param name the server's name
     * @param command the program and its arguments, e.g. {@code npx -y @modelcontextprotocol/server-filesystem /data}
     * @return the configuration
     * @throws IllegalArgumentException if the name is not a valid server name or the command is empty
     */
    public static McpServerConfig stdio(String name, List<String> command) {
        return stdio(name, command, Map.of(), null);
    }

    /**
     * A server started as a child process with extra environment variables and a working directory.
     *
     * @param name the server's name
     * @param command the program and its arguments
     * @param environment variables added to the inherited environment
     * @param directory the working directory, or null for the current one
     * @return the configuration
     * @throws IllegalArgumentException if the name is not a valid server name or the command is empty
     */
    public static McpServerConfig stdio(
            String name, List<String> command, Map<String, String> environment, @Nullable Path directory) {
        Objects.requireNonNull(command, "command");
        if (command.isEmpty() || command.get(0).isBlank()) {
            throw new IllegalArgumentException("MCP server '" + name + "': the command is empty; give the program "
                    + "and its arguments, e.g. npx -y @modelcontextprotocol/server-everything");
        }
        return new McpServerConfig(
                name, Kind.STDIO, List.copyOf(command), Map.copyOf(environment), directory, null, null);
    }

    /**
     * A server reached over Streamable HTTP.
     *
     * @param name the server's name
     * @param url the MCP endpoint, e.g. {@code http://localhost:3001/mcp}
     * @return the configuration
     * @throws IllegalArgumentException if the name is not valid or the URL is not http(s) with a host
     */
    public static McpServerConfig http(String name, URI url) {
        Objects.requireNonNull(url, "url");
        String scheme = url.getScheme();
        if (scheme == null
                || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))
                || url.getHost() == null) {
            throw new IllegalArgumentException(
                    "MCP server '" + name + "': '" + url
                            + "' is not an http(s) URL with a host; give the server's MCP endpoint, e.g. http://localhost:3001/mcp");
        }
        return new McpServerConfig(name, Kind.HTTP, List.of(), Map.of(), null, url, null);
    }

    /**
     * A server reached through streams made in this JVM, one pair per connection (a restart asks for a new pair).
     *
     * @param name the server's name
     * @param streams makes the streams of a new connection
     * @return the configuration
     */
    static McpServerConfig streams(String name, Supplier<McpPipe> streams) {
        return new McpServerConfig(
                name, Kind.STREAMS, List.of(), Map.of(), null, null, Objects.requireNonNull(streams, "streams"));
    }

    /**
     * Checks a server name.
     *
     * @param name a candidate
     * @return the name
     * @throws IllegalArgumentException if it is not a valid server name
     */
    static String checkName(String name) {
        Objects.requireNonNull(name, "name");
        if (name.length() > MAX_NAME || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("invalid MCP server name '" + abbreviate(name) + "': use 1 to "
                    + MAX_NAME + " letters and digits, optionally joined by single '-' or '_' (no '__', which "
                    + "separates server and tool in tool names), e.g. files or web-search");
        }
        return name;
    }

    private static String abbreviate(String s) {
        return s.length() > 120 ? s.substring(0, 120) + "…" : s;
    }

    /** @return the server's name, the prefix of its tools' names */
    public String name() {
        return name;
    }

    /** @return how the server is reached */
    public Kind kind() {
        return kind;
    }

    /** @return the program and its arguments of a stdio server; empty for the others */
    public List<String> command() {
        return command;
    }

    /** @return the extra environment variables of a stdio server */
    public Map<String, String> environment() {
        return environment;
    }

    /** @return the working directory of a stdio server, or null */
    public @Nullable Path directory() {
        return directory;
    }

    /** @return the endpoint of an HTTP server, or null */
    public @Nullable URI url() {
        return url;
    }

    @Nullable
    Supplier<McpPipe> streams() {
        return streams;
    }

    /** @return where the server is, for messages: its command or URL (never environment values) */
    String where() {
        return switch (kind) {
            case STDIO -> "command " + abbreviate(String.join(" ", command));
            case HTTP -> "URL " + url;
            case STREAMS -> "in-JVM streams";
        };
    }

    @Override
    public String toString() {
        return "McpServerConfig[" + name + ", " + where() + "]";
    }
}

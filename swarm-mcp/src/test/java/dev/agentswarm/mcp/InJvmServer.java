package dev.agentswarm.mcp;

import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.server.McpAsyncServer;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpServerFeatures;
import io.modelcontextprotocol.server.transport.StdioServerTransportProvider;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.Pipe;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

/**
 * An MCP server built with the SDK, in this JVM, reached through NIO pipes with MCP's stdio framing: fast, and as real
 * as the SDK. Records the lines the client sent; {@link #crash()} ends the current connection as a dying process
 * would, and the next connection (a restart) gets a fresh server with the same tools.
 */
final class InJvmServer {

    final String name;
    private final Supplier<List<McpServerFeatures.AsyncToolSpecification>> tools;
    final List<String> clientLines = new CopyOnWriteArrayList<>();
    final List<Connection> connections = new CopyOnWriteArrayList<>();

    InJvmServer(String name, Supplier<List<McpServerFeatures.AsyncToolSpecification>> tools) {
        this.name = name;
        this.tools = tools;
    }

    McpServerConfig config() {
        return McpServerConfig.streams(name, this::connect);
    }

    Connection current() {
        return connections.get(connections.size() - 1);
    }

    /** Ends the current connection as a process that exits with code 3 would. */
    void crash() {
        current().end("exited with code 3");
    }

    /** @return the lines the client sent that hold the text */
    List<String> sent(String text) {
        List<String> out = new ArrayList<>();
        for (String l : clientLines) {
            if (l.contains(text)) {
                out.add(l);
            }
        }
        return out;
    }

    private McpPipe connect() {
        try {
            Pipe toServer = Pipe.open();
            Pipe fromServer = Pipe.open();
            StdioServerTransportProvider provider = new StdioServerTransportProvider(
                    McpJsonDefaults.getMapper(),
                    Channels.newInputStream(toServer.source()),
                    Channels.newOutputStream(fromServer.sink()));
            McpAsyncServer server = McpServer.async(provider)
                    .serverInfo("in-jvm-" + name, "1")
                    .capabilities(
                            McpSchema.ServerCapabilities.builder().tools(true).build())
                    .tools(tools.get())
                    .build();
            Connection c = new Connection(server, toServer, fromServer, clientLines);
            connections.add(c);
            return c;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** One connection: the server and both pipes. */
    static final class Connection implements McpPipe {
        final McpAsyncServer server;
        final Pipe toServer;
        final Pipe fromServer;
        final CompletableFuture<String> ended = new CompletableFuture<>();
        final OutputStream tap;

        Connection(McpAsyncServer server, Pipe toServer, Pipe fromServer, List<String> lines) {
            this.server = server;
            this.toServer = toServer;
            this.fromServer = fromServer;
            OutputStream sink = Channels.newOutputStream(toServer.sink());
            this.tap = new OutputStream() {
                final ByteArrayOutputStream line = new ByteArrayOutputStream();

                @Override
                public void write(int b) throws IOException {
                    write(new byte[] {(byte) b}, 0, 1);
                }

                @Override
                public synchronized void write(byte[] b, int off, int len) throws IOException {
                    for (int i = off; i < off + len; i++) {
                        if (b[i] == '\n') {
                            lines.add(line.toString(StandardCharsets.UTF_8));
                            line.reset();
                        } else {
                            line.write(b[i]);
                        }
                    }
                    sink.write(b, off, len);
                }

                @Override
                public void flush() throws IOException {
                    sink.flush();
                }

                @Override
                public void close() throws IOException {
                    sink.close();
                }
            };
        }

        void end(String reason) {
            server.close();
            closeQuietly(toServer.sink());
            closeQuietly(fromServer.sink());
            ended.complete(reason);
        }

        private static void closeQuietly(java.nio.channels.Channel c) {
            try {
                c.close();
            } catch (IOException e) {
                // closed
            }
        }

        @Override
        public InputStream fromServer() {
            return Channels.newInputStream(fromServer.source());
        }

        @Override
        public OutputStream toServer() {
            return tap;
        }

        @Override
        public CompletableFuture<String> ended() {
            return ended;
        }

        @Override
        public void destroy() {
            end("was stopped");
        }
    }

    static List<McpServerFeatures.AsyncToolSpecification> list(McpServerFeatures.AsyncToolSpecification... specs) {
        return Collections.unmodifiableList(List.of(specs));
    }
}

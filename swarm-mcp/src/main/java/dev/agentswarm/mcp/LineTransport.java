package dev.agentswarm.mcp;

import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.TypeRef;
import io.modelcontextprotocol.spec.McpClientTransport;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.JSONRPCMessage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * MCP's stdio framing (one JSON-RPC message per line) over a {@link McpPipe}, written for servers that misbehave: a
 * line longer than the limit ends the connection without being buffered; a line that is not JSON-RPC is skipped and
 * remembered for the error messages; the server's end (exit, closed stdout) is reported once, with its reason, to the
 * owner, which fails the calls in flight and restarts the server.
 */
final class LineTransport implements McpClientTransport {

    private static final Logger log = LoggerFactory.getLogger(LineTransport.class);

    private final String server;
    private final McpPipe pipe;
    private final McpJsonMapper mapper;
    private final int maxLineBytes;
    private final Consumer<String> onEnded;
    private final Sinks.Many<JSONRPCMessage> inbound = Sinks.many().unicast().onBackpressureBuffer();
    private final AtomicBoolean ended = new AtomicBoolean();
    private final Scheduler writer;
    private volatile boolean closing;
    private final AtomicInteger nonJsonLines = new AtomicInteger();
    private volatile @Nullable String firstNonJson;

    LineTransport(String server, McpPipe pipe, McpJsonMapper mapper, int maxLineBytes, Consumer<String> onEnded) {
        this.server = server;
        this.pipe = pipe;
        this.mapper = mapper;
        this.maxLineBytes = maxLineBytes;
        this.onEnded = onEnded;
        this.writer = Schedulers.newSingle("mcp-" + server + "-writer", true);
    }

    @Override
    public Mono<Void> connect(Function<Mono<JSONRPCMessage>, Mono<JSONRPCMessage>> handler) {
        return Mono.fromRunnable(() -> {
            inbound.asFlux()
                    .flatMap(m -> Mono.just(m).transform(handler).onErrorResume(e -> {
                        log.warn("MCP server '{}': handling a message failed: {}", server, e.toString());
                        return Mono.empty();
                    }))
                    .subscribe();
            Thread reader = new Thread(this::read, "mcp-" + server + "-reader");
            reader.setDaemon(true);
            reader.start();
            CompletableFuture<Void> unused = pipe.ended().thenAccept(reason -> end("its process " + reason));
        });
    }

    private void read() {
        InputStream in = pipe.fromServer();
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        byte[] buf = new byte[16 * 1024];
        try {
            int n;
            while ((n = in.read(buf)) >= 0) {
                int start = 0;
                for (int i = 0; i < n; i++) {
                    if (buf[i] == '\n') {
                        line.write(buf, start, i - start);
                        deliver(line.toString(StandardCharsets.UTF_8));
                        line.reset();
                        start = i + 1;
                    }
                }
                line.write(buf, start, n - start);
                if (line.size() > maxLineBytes) {
                    end("it sent a message of more than " + maxLineBytes + " bytes (the limit of one MCP message); "
                            + "the connection was closed without reading the rest");
                    pipe.destroy();
                    return;
                }
            }
            String reason = "it closed its stdout";
            try {
                reason = "it closed its stdout; its process " + pipe.ended().get(2, TimeUnit.SECONDS);
            } catch (Exception e) {
                // Still running, or its end is not known: say what is known.
            }
            end(reason);
        } catch (IOException e) {
            end("its output could not be read: " + e.getMessage());
        }
    }

    private void deliver(String raw) {
        String text = raw.endsWith("\r") ? raw.substring(0, raw.length() - 1) : raw;
        if (text.isBlank()) {
            return;
        }
        JSONRPCMessage message;
        try {
            message = McpSchema.deserializeJsonRpcMessage(mapper, text);
        } catch (Exception e) {
            int count = nonJsonLines.incrementAndGet();
            if (count == 1) {
                firstNonJson = text.length() > 120 ? text.substring(0, 120) + "…" : text;
            }
            if (count <= 3) {
                log.warn(
                        "MCP server '{}' printed a line to stdout that is not a JSON-RPC message (skipped): {}",
                        server,
                        text.length() > 200 ? text.substring(0, 200) + "…" : text);
            }
            return;
        }
        inbound.tryEmitNext(message);
    }

    private void end(String reason) {
        if (ended.compareAndSet(false, true)) {
            inbound.tryEmitComplete();
            if (!closing) {
                onEnded.accept(reason + nonJsonHint());
            }
        }
    }

    /** @return a sentence about the non-JSON lines the server printed to stdout, or "" */
    String nonJsonHint() {
        String first = firstNonJson;
        return first == null
                ? ""
                : " (it also printed " + nonJsonLines.get() + " line(s) to stdout that are not JSON-RPC, the first: '"
                        + first
                        + "'; an MCP stdio server must write only MCP messages to stdout and its logs to stderr)";
    }

    @Override
    public Mono<Void> sendMessage(JSONRPCMessage message) {
        return Mono.<Void>fromRunnable(() -> {
                    if (ended.get()) {
                        throw new McpException("MCP server '" + server + "' is not connected");
                    }
                    String json;
                    try {
                        json = mapper.writeValueAsString(message);
                    } catch (IOException e) {
                        throw new McpException("MCP server '" + server + "': a message could not be written as JSON: "
                                + e.getMessage());
                    }
                    json = json.replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n");
                    OutputStream out = pipe.toServer();
                    try {
                        out.write(json.getBytes(StandardCharsets.UTF_8));
                        out.write('\n');
                        out.flush();
                    } catch (IOException e) {
                        throw new McpException(
                                "MCP server '" + server + "' does not read its stdin any more: " + e.getMessage());
                    }
                })
                .subscribeOn(writer);
    }

    @Override
    public Mono<Void> closeGracefully() {
        return Mono.<Void>fromRunnable(() -> {
                    closing = true;
                    end("it was closed");
                    pipe.destroy();
                    writer.dispose();
                })
                .subscribeOn(Schedulers.boundedElastic());
    }

    @Override
    public <T> T unmarshalFrom(Object data, TypeRef<T> typeRef) {
        return mapper.convertValue(data, typeRef);
    }
}

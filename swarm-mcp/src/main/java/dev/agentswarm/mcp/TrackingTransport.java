package dev.agentswarm.mcp;

import io.modelcontextprotocol.json.TypeRef;
import io.modelcontextprotocol.spec.McpClientTransport;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.JSONRPCMessage;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * Wraps a transport to learn the JSON-RPC id of each {@code tools/call} from the progress token this client put into
 * it, so that a call whose caller went away (a cancelled task, a timeout) can be cancelled at the server with
 * {@code notifications/cancelled}: the SDK gives the caller no request id.
 */
final class TrackingTransport implements McpClientTransport {

    static final String CANCELLED = "notifications/cancelled";

    private final McpClientTransport delegate;
    private final Map<Object, Object> idByToken = new ConcurrentHashMap<>();
    private final Map<Object, Object> tokenById = new ConcurrentHashMap<>();

    TrackingTransport(McpClientTransport delegate) {
        this.delegate = delegate;
    }

    @Override
    public Mono<Void> connect(Function<Mono<JSONRPCMessage>, Mono<JSONRPCMessage>> handler) {
        return delegate.connect(messages -> messages.doOnNext(this::answered).transform(handler));
    }

    private void answered(JSONRPCMessage message) {
        if (message instanceof McpSchema.JSONRPCResponse r && r.id() != null) {
            Object token = tokenById.remove(r.id());
            if (token != null) {
                idByToken.remove(token);
            }
        }
    }

    @Override
    public Mono<Void> sendMessage(JSONRPCMessage message) {
        if (message instanceof McpSchema.JSONRPCRequest r && McpSchema.METHOD_TOOLS_CALL.equals(r.method())) {
            Object token = progressToken(r.params());
            if (token != null && r.id() != null) {
                idByToken.put(token, r.id());
                tokenById.put(r.id(), token);
            }
        }
        return delegate.sendMessage(message);
    }

    private static @Nullable Object progressToken(@Nullable Object params) {
        Map<?, ?> meta = null;
        if (params instanceof McpSchema.CallToolRequest c) {
            meta = c.meta();
        } else if (params instanceof Map<?, ?> m && m.get("_meta") instanceof Map<?, ?> mm) {
            meta = mm;
        }
        return meta == null ? null : meta.get("progressToken");
    }

    /**
     * Tells the server to stop the call sent with this progress token, if it is still open.
     *
     * @param token the call's progress token
     * @param reason why, for the server's logs
     * @return completes when the notification is sent; empty when the call was answered already
     */
    Mono<Void> cancel(Object token, String reason) {
        Object id = idByToken.remove(token);
        if (id == null) {
            return Mono.empty();
        }
        tokenById.remove(id);
        return delegate.sendMessage(new McpSchema.JSONRPCNotification(
                        McpSchema.JSONRPC_VERSION, CANCELLED, Map.of("requestId", id, "reason", reason)))
                .onErrorResume(e -> Mono.empty());
    }

    /** @return what the transport noticed about the server's output (non-JSON lines), for error messages, or "" */
    String lineHint() {
        return delegate instanceof LineTransport lines ? lines.nonJsonHint() : "";
    }

    /** @return how many tool calls are open at the server, as far as this client knows */
    int openCalls() {
        return idByToken.size();
    }

    @Override
    public void setExceptionHandler(Consumer<Throwable> handler) {
        delegate.setExceptionHandler(handler);
    }

    @Override
    public Mono<Void> closeGracefully() {
        return delegate.closeGracefully();
    }

    @Override
    public void close() {
        delegate.close();
    }

    @Override
    public List<String> protocolVersions() {
        return delegate.protocolVersions();
    }

    @Override
    public <T> T unmarshalFrom(Object data, TypeRef<T> typeRef) {
        return delegate.unmarshalFrom(data, typeRef);
    }
}

package dev.agentswarm.tools.http;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import org.jspecify.annotations.Nullable;

/**
 * Collects a response body up to a byte limit, then cancels the stream so no more is downloaded.
 */
final class LimitedBodySubscriber implements HttpResponse.BodySubscriber<LimitedBodySubscriber.Body> {

    /**
     * A downloaded body.
     *
     * @param bytes the bytes received, at most the limit
     * @param truncated whether the server had more to send
     */
    // A body is handed from the subscriber to its one reader and never compared or hashed.
    @SuppressWarnings("ArrayRecordComponent")
    record Body(byte[] bytes, boolean truncated) {

        static final Body EMPTY = new Body(new byte[0], false);
    }

    private final int limit;
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    private final CompletableFuture<Body> result = new CompletableFuture<>();
    private Flow.@Nullable Subscription subscription;

    LimitedBodySubscriber(int limit) {
        this.limit = limit;
    }

    @Override
    public CompletionStage<Body> getBody() {
        return result;
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
        this.subscription = subscription;
        subscription.request(1);
    }

    @Override
    public void onNext(List<ByteBuffer> items) {
        if (result.isDone()) {
            return;
        }
        for (ByteBuffer item : items) {
            int room = limit - buffer.size();
            if (item.remaining() > room) {
                byte[] part = new byte[room];
                item.get(part);
                buffer.write(part, 0, part.length);
                result.complete(new Body(buffer.toByteArray(), true));
                cancel();
                return;
            }
            byte[] all = new byte[item.remaining()];
            item.get(all);
            buffer.write(all, 0, all.length);
        }
        Flow.Subscription current = subscription;
        if (current != null) {
            current.request(1);
        }
    }

    @Override
    public void onError(Throwable throwable) {
        result.completeExceptionally(throwable);
    }

    @Override
    public void onComplete() {
        result.complete(new Body(buffer.toByteArray(), false));
    }

    private void cancel() {
        Flow.Subscription current = subscription;
        if (current != null) {
            current.cancel();
        }
    }
}

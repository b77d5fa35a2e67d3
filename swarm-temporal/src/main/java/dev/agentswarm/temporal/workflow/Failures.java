package dev.agentswarm.temporal.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.agentswarm.event.SwarmEvents;
import dev.agentswarm.resilience.ProviderHttpException;
import dev.agentswarm.security.Redactor;
import dev.langchain4j.exception.HttpException;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.failure.TimeoutFailure;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CancellationException;
import org.jspecify.annotations.Nullable;

/**
 * Carries a model or tool failure from an activity back into workflow code, so that the run classifies it as it would
 * in process: the cause chain is sent link by link (class, redacted message, HTTP status and {@code Retry-After}) and
 * rebuilt from the same classes, so retries honour {@code Retry-After} and non-retryable failures stay so.
 */
public final class Failures {

    /** The failure type of a call failure sent from an activity. */
    public static final String CALL_FAILED = "AgentSwarmCallFailed";

    /** The failure type of a call refused because the worker runs another library version. */
    public static final String VERSION_MISMATCH = "AgentSwarmVersionMismatch";

    private Failures() {}

    /**
     * @param error a failed call
     * @param redactor the run's redactor
     * @return a non-retryable application failure that carries the chain (Temporal retries only lost workers)
     */
    public static ApplicationFailure toApplicationFailure(Throwable error, Redactor redactor) {
        ArrayNode chain = SwarmEvents.mapper().createArrayNode();
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Throwable t = error; t != null && seen.add(t); t = t.getCause()) {
            var link = chain.addObject();
            link.put("type", t.getClass().getName());
            link.put("message", redactor.redact(String.valueOf(t.getMessage())));
            if (t instanceof ProviderHttpException p) {
                link.put("status", p.statusCode());
                if (p.retryAfter() != null) {
                    link.put("retryAfterMillis", p.retryAfter().toMillis());
                }
            } else if (t instanceof HttpException h) {
                link.put("status", h.statusCode());
            }
        }
        return ApplicationFailure.newNonRetryableFailure(
                redactor.redact(error.getClass().getSimpleName() + ": " + error.getMessage()),
                CALL_FAILED,
                Codec.write(chain));
    }

    /**
     * @param failure how an activity of the run failed
     * @param what what the activity did, for the message, e.g. {@code model call (subagent)}
     * @return the failure as the run sees it
     */
    public static Throwable fromActivity(Throwable failure, String what) {
        Throwable cause = failure instanceof ActivityFailure a && a.getCause() != null ? a.getCause() : failure;
        if (cause instanceof ApplicationFailure app && CALL_FAILED.equals(app.getType())) {
            return rebuild(Codec.read(app.getDetails().get(0, String.class)));
        }
        if (cause instanceof ApplicationFailure app && VERSION_MISMATCH.equals(app.getType())) {
            return new TemporalCallException(app.getOriginalMessage());
        }
        if (cause instanceof TimeoutFailure timeout) {
            return new TemporalCallException("the " + what + " activity exceeded its " + timeout.getTimeoutType()
                    + " timeout (on every attempt Temporal made); if calls are this slow, raise the ActivitySettings the"
                    + " workers register the swarm with; else check that the workers are alive");
        }
        if (cause instanceof CanceledFailure) {
            return new CancellationException("the " + what + " activity was cancelled");
        }
        return new TemporalCallException("the " + what + " activity failed: " + cause.getMessage());
    }

    private static Throwable rebuild(JsonNode chain) {
        List<JsonNode> links = new ArrayList<>();
        chain.forEach(links::add);
        Throwable built = null;
        for (int i = links.size() - 1; i >= 0; i--) {
            built = link(links.get(i), built);
        }
        return built == null ? new TemporalCallException("a call failed without a cause") : built;
    }

    private static Throwable link(JsonNode link, @Nullable Throwable cause) {
        String type = link.path("type").asText();
        String message = link.path("message").asText();
        Throwable t;
        if (link.has("status") && type.equals(ProviderHttpException.class.getName())) {
            Duration retryAfter = link.has("retryAfterMillis")
                    ? Duration.ofMillis(link.get("retryAfterMillis").asLong())
                    : null;
            int status = link.get("status").asInt();
            // The exception's message is built from its body; rebuild it from the body so it reads the same.
            String prefix =
                    "HTTP " + status + (retryAfter == null ? "" : " (Retry-After " + retryAfter.toMillis() + " ms)");
            String body = message.startsWith(prefix + ": ") ? message.substring(prefix.length() + 2) : "";
            t = new ProviderHttpException(status, retryAfter, body);
        } else if (link.has("status")) {
            t = new HttpException(link.get("status").asInt(), message);
        } else {
            t = instantiate(type, message, cause);
        }
        if (cause != null && t.getCause() == null) {
            try {
                t.initCause(cause);
            } catch (IllegalStateException | IllegalArgumentException e) {
                t.addSuppressed(cause);
            }
        }
        return t;
    }

    private static Throwable instantiate(String type, String message, @Nullable Throwable cause) {
        try {
            Class<?> c = Class.forName(type, false, Failures.class.getClassLoader());
            if (Throwable.class.isAssignableFrom(c)) {
                if (cause != null) {
                    try {
                        return (Throwable)
                                c.getConstructor(String.class, Throwable.class).newInstance(message, cause);
                    } catch (NoSuchMethodException e) {
                        // fall through to (String)
                    }
                }
                return (Throwable) c.getConstructor(String.class).newInstance(message);
            }
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            // not rebuildable: described by name below
        }
        return new TemporalCallException(type + ": " + message);
    }

    /** A call that failed in a way only Temporal knows: a timeout, a version mismatch, a lost activity. */
    public static final class TemporalCallException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        /**
         * @param message what happened and what to do
         */
        public TemporalCallException(String message) {
            super(message);
        }
    }
}

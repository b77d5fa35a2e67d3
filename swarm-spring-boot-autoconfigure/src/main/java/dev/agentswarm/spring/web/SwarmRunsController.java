package dev.agentswarm.spring.web;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.agentswarm.event.SwarmEvent;
import dev.agentswarm.event.SwarmEvents;
import dev.agentswarm.report.SwarmResult;
import dev.agentswarm.security.Redactor;
import dev.agentswarm.spring.runs.SequencedEvent;
import dev.agentswarm.spring.runs.SwarmRuns;
import dev.agentswarm.spring.runs.TrackedRun;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebInputException;
import reactor.core.publisher.Flux;

/**
 * The run endpoints under {@code /swarm/runs}: start, stream as Server-Sent Events, read, cancel. Every error is a
 * problem-details body (RFC 9457).
 */
@RestController
@RequestMapping("/swarm/runs")
public class SwarmRunsController {

    /** The {@code type} of every problem these endpoints answer with, followed by the refusal's name. */
    public static final String PROBLEM_TYPE = "urn:agent-swarm:problem:";

    private static final Map<Class<?>, String> TYPE_NAMES = typeNames();

    private final SwarmRuns runs;
    private final Redactor redactor;
    private final ObjectMapper mapper = SwarmEvents.mapper();

    /** @param runs the registry of runs */
    public SwarmRunsController(SwarmRuns runs) {
        this.runs = runs;
        this.redactor = runs.swarm().redactor();
    }

    /**
     * The body of a start request.
     *
     * @param task the user's task
     */
    public record StartRequest(@Nullable String task) {}

    /**
     * Starts a run.
     *
     * @param request {@code {"task": "..."}}
     * @return 202 with the run's id and where its events are, or a problem: 400 for an empty or too long task, 409
     *     when the token budget is exhausted, 503 when the swarm is closed
     */
    @PostMapping
    public ResponseEntity<?> start(@RequestBody(required = false) @Nullable StartRequest request) {
        SwarmRuns.Start start = runs.start(request == null ? null : request.task());
        if (start instanceof SwarmRuns.Refused refused) {
            HttpStatus status = switch (refused.refusal()) {
                case EMPTY_TASK, TASK_TOO_LONG -> HttpStatus.BAD_REQUEST;
                case BUDGET_EXHAUSTED -> HttpStatus.CONFLICT;
                case SWARM_CLOSED -> HttpStatus.SERVICE_UNAVAILABLE;
                case JOURNAL -> HttpStatus.INTERNAL_SERVER_ERROR;
            };
            return problem(status, refused.refusal().name(), refused.message());
        }
        TrackedRun run = ((SwarmRuns.Started) start).run();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("runId", run.runId());
        body.put("events", "/swarm/runs/" + run.runId() + "/events");
        return ResponseEntity.accepted()
                .location(URI.create("/swarm/runs/" + run.runId()))
                .body(body);
    }

    /**
     * Streams a run's events as Server-Sent Events: each event's {@code id} is its sequence number, its
     * {@code event} its type ({@code task_started}...), its {@code data} the event as JSON. With
     * {@code Last-Event-ID}, the stream resumes after that event.
     *
     * @param runId the run's id
     * @param lastEventId the sequence number of the last event the client has
     * @return the stream, or a problem: 404 for an unknown run, 400 for a malformed {@code Last-Event-ID}
     */
    @GetMapping(path = "/{runId}/events")
    public ResponseEntity<?> events(
            @PathVariable String runId,
            @RequestHeader(name = "Last-Event-ID", required = false) @Nullable String lastEventId) {
        Optional<TrackedRun> found = runs.find(runId);
        if (found.isEmpty()) {
            return unknown(runId);
        }
        long after = 0;
        if (lastEventId != null && !lastEventId.isBlank()) {
            try {
                after = Long.parseLong(lastEventId.trim());
            } catch (NumberFormatException e) {
                after = -1;
            }
            if (after < 0) {
                return problem(
                        HttpStatus.BAD_REQUEST,
                        "BAD_LAST_EVENT_ID",
                        "Last-Event-ID must be the sequence number of an event (0 or more), got '"
                                + abbreviate(lastEventId) + "'");
            }
        }
        Flux<ServerSentEvent<String>> stream = found.get().events(after).map(this::sse);
        return ResponseEntity.ok().contentType(MediaType.TEXT_EVENT_STREAM).body(stream);
    }

    /**
     * A run's state while it runs, its result once it ended.
     *
     * @param runId the run's id
     * @return the run, or a 404 problem
     */
    @GetMapping(path = "/{runId}")
    public ResponseEntity<?> get(@PathVariable String runId) {
        Optional<TrackedRun> found = runs.find(runId);
        if (found.isEmpty()) {
            return unknown(runId);
        }
        return ResponseEntity.ok(view(found.get()));
    }

    /**
     * Cancels a run; it keeps what it completed.
     *
     * @param runId the run's id
     * @return 202 with the run's state, or a problem: 404 for an unknown run, 409 for a run that had ended
     */
    @DeleteMapping(path = "/{runId}")
    public ResponseEntity<?> cancel(@PathVariable String runId) {
        Optional<TrackedRun> found = runs.find(runId);
        if (found.isEmpty()) {
            return unknown(runId);
        }
        TrackedRun run = found.get();
        if (!run.cancel()) {
            return problem(
                    HttpStatus.CONFLICT,
                    "RUN_ENDED",
                    "run " + runId + " has already ended"
                            + run.result()
                                    .map(r -> " with status " + r.status())
                                    .orElse(""));
        }
        return ResponseEntity.accepted().body(view(run));
    }

    /**
     * Bad requests Spring itself rejects (a body that is not JSON, a wrong content type...) as problem details too.
     *
     * @param e what Spring rejected
     * @return the problem
     */
    @ExceptionHandler(ResponseStatusException.class)
    public ResponseEntity<ProblemDetail> rejected(ResponseStatusException e) {
        ProblemDetail problem = e.getBody();
        problem.setType(URI.create(PROBLEM_TYPE + "bad-request"));
        if (problem.getDetail() == null || e instanceof ServerWebInputException) {
            problem.setDetail("the request is not one these endpoints take: POST /swarm/runs takes a JSON body"
                    + " {\"task\": \"...\"} with Content-Type application/json");
        }
        return ResponseEntity.status(e.getStatusCode())
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(problem);
    }

    /**
     * A run as JSON: its state and progress, and its result once it ended.
     *
     * @param run the run
     * @return the view
     */
    static Map<String, Object> view(TrackedRun run) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("runId", run.runId());
        Optional<SwarmResult> result = run.result();
        body.put("state", result.map(r -> r.status().name()).orElse("RUNNING"));
        body.put("startedAt", run.startedAt().toString());
        run.finishedAt().ifPresent(at -> body.put("finishedAt", at.toString()));
        body.put("stage", run.stage());
        body.put("tasksRunning", run.tasksRunning());
        body.put("tasksQueued", run.tasksQueued());
        body.put("tokens", run.tokens());
        result.ifPresent(r -> {
            Map<String, Object> res = new LinkedHashMap<>();
            res.put("status", r.status().name());
            res.put("answer", r.answer());
            if (r.reason() != null) {
                res.put("reason", r.reason());
            }
            res.put("criticalSteps", r.criticalSteps());
            res.put("tasks", r.tasks().size());
            res.put("inputTokens", r.report().tokens().input());
            res.put("outputTokens", r.report().tokens().output());
            body.put("result", res);
        });
        return body;
    }

    private ServerSentEvent<String> sse(SequencedEvent e) {
        String json;
        try {
            json = mapper.writerFor(SwarmEvent.class).writeValueAsString(e.event());
        } catch (JsonProcessingException ex) {
            json = "{\"type\":\"unserialisable\",\"error\":" + quote(ex.getOriginalMessage()) + "}";
        }
        String type = TYPE_NAMES.getOrDefault(e.event().getClass(), "event");
        return ServerSentEvent.builder(redactor.redact(json))
                .id(Long.toString(e.sequence()))
                .event(type)
                .build();
    }

    private static Map<Class<?>, String> typeNames() {
        Map<Class<?>, String> names = new java.util.HashMap<>();
        JsonSubTypes subTypes = SwarmEvent.class.getAnnotation(JsonSubTypes.class);
        if (subTypes != null) {
            for (JsonSubTypes.Type t : subTypes.value()) {
                names.put(t.value(), t.name());
            }
        }
        return Map.copyOf(names);
    }

    private static ResponseEntity<ProblemDetail> unknown(String runId) {
        return problem(
                HttpStatus.NOT_FOUND,
                "UNKNOWN_RUN",
                "no run '" + abbreviate(runId) + "': it never existed here, or it ended and was dropped"
                        + " (agent-swarm.runs.retained-runs, agent-swarm.runs.retention)");
    }

    static ResponseEntity<ProblemDetail> problem(HttpStatus status, String type, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create(
                PROBLEM_TYPE + type.toLowerCase(java.util.Locale.ROOT).replace('_', '-')));
        return ResponseEntity.status(status)
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(problem);
    }

    private static String abbreviate(String text) {
        return text.length() <= 100 ? text : text.substring(0, 100) + "...";
    }

    private static String quote(@Nullable String text) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : String.valueOf(text).toCharArray()) {
            if (c == '"' || c == '\\') {
                b.append('\\').append(c);
            } else if (c < 0x20) {
                b.append(String.format(java.util.Locale.ROOT, "\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.append('"').toString();
    }
}

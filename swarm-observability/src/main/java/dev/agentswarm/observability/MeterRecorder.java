package dev.agentswarm.observability;

import dev.agentswarm.event.SwarmEvent;
import dev.agentswarm.report.TaskResult;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * Turns the events of runs into Micrometer meters with low-cardinality tags only: model, subagent name, status, tool
 * and retry cause, never a run or task id or any text. Durations come from the events (a task's recorded duration, a
 * model call's measured latency), so that the meters equal the run's report. A tag takes at most
 * {@link #MAX_TAG_VALUES} distinct values per key; later values count under {@code other}, so that a run whose
 * orchestrator invents many subagent names cannot blow up the registry. Not thread-safe: one thread feeds it.
 */
final class MeterRecorder {

    /** The most distinct values of one tag key. */
    static final int MAX_TAG_VALUES = 100;

    static final String OTHER = "other";

    private final MeterRegistry registry;
    private final Prices prices;
    private final AtomicLong inFlight = new AtomicLong();
    private final AtomicLong queued = new AtomicLong();
    private final Map<String, Set<String>> tagValues = new HashMap<>();
    private final Map<String, RunCounts> runs = new HashMap<>();
    /**
     * The meters registered so far, by name and tag values: registering through a builder builds and sorts the tags and
     * looks the meter up on every event, which cost more than the measurement itself at 100,000 events a run. Bounded
     * by the tag caps.
     */
    private final Map<MeterKey, Meter> meters = new HashMap<>();

    /** A meter's name and its tag values, in the order the recorder gives them. */
    private record MeterKey(String name, String a, String b, String c) {}

    /** The tasks of one run that are queued or running, and its open tool calls. */
    private static final class RunCounts {
        final Map<String, SwarmEvent.TaskAssigned> queued = new HashMap<>();
        final Set<String> running = new HashSet<>();
        final Map<String, Instant> tools = new HashMap<>();
    }

    MeterRecorder(MeterRegistry registry, Prices prices) {
        this.registry = registry;
        this.prices = prices;
        Gauge.builder("swarm.tasks.in_flight", inFlight, AtomicLong::get)
                .description("Tasks running now")
                .baseUnit("tasks")
                .register(registry);
        Gauge.builder("swarm.tasks.queued", queued, AtomicLong::get)
                .description("Tasks assigned and waiting for a concurrency slot")
                .baseUnit("tasks")
                .register(registry);
    }

    /**
     * Records one event.
     *
     * @param event the event
     */
    void accept(SwarmEvent event) {
        if (event instanceof SwarmEvent.RunStarted e) {
            RunCounts old = runs.put(e.runId(), new RunCounts());
            if (old != null) {
                release(old);
            }
            return;
        }
        RunCounts run = runs.get(event.runId());
        if (event instanceof SwarmEvent.TaskAssigned e && run != null && e.taskId() != null) {
            if (run.queued.put(e.taskId(), e) == null) {
                queued.incrementAndGet();
            }
        } else if (event instanceof SwarmEvent.TaskStarted e) {
            SwarmEvent.TaskAssigned assigned = run == null ? null : run.queued.remove(String.valueOf(e.taskId()));
            if (assigned != null) {
                queued.decrementAndGet();
                timer(
                                "swarm.task.queue.wait",
                                "Wait of a task between its assignment and its start",
                                "agent",
                                tag("agent", e.agent()))
                        .record(nonNegative(Duration.between(assigned.at(), e.at())));
            }
            if (run != null && run.running.add(String.valueOf(e.taskId()))) {
                inFlight.incrementAndGet();
            }
        } else if (event instanceof SwarmEvent.TaskFinished e) {
            TaskResult result = e.result();
            String taskId = e.taskId() == null ? result.taskId() : e.taskId();
            if (run != null) {
                if (run.queued.remove(taskId) != null) {
                    queued.decrementAndGet();
                }
                if (run.running.remove(taskId)) {
                    inFlight.decrementAndGet();
                }
            }
            String agent = tag("agent", result.agent());
            String status = result.status().name();
            timer(
                            "swarm.task.duration",
                            "Duration of a task, as its result records it",
                            "agent",
                            agent,
                            "status",
                            status)
                    .record(nonNegative(result.duration()));
            counter("swarm.tasks", "Tasks that ended, by end status", null, "agent", agent, "status", status)
                    .increment();
        } else if (event instanceof SwarmEvent.ModelCallFinished e) {
            String model = tag("model", e.model());
            timer(
                            "swarm.model.call.duration",
                            "Latency of a model call, retries and rate-limit waits included",
                            "model",
                            model,
                            "agent",
                            tag("agent", e.role()),
                            "outcome",
                            e.error() == null ? "ok" : "error")
                    .record(Duration.ofMillis(Math.max(0, e.latencyMillis())));
            tokens(model, "input", e.inputTokens());
            tokens(model, "output", e.outputTokens());
            Double cost = prices.cost(e.model(), e.inputTokens(), e.outputTokens());
            if (cost != null) {
                counter(
                                "swarm.model.cost",
                                "Cost of model calls by the prices given to the telemetry",
                                "usd",
                                "model",
                                model)
                        .increment(cost);
            }
            Long wait = e.rateLimitWaitMillis();
            if (wait != null && wait > 0) {
                timer("swarm.model.rate_limit.wait", "Waits of model calls for rate-limit capacity", "model", model)
                        .record(Duration.ofMillis(wait));
            }
        } else if (event instanceof SwarmEvent.RetryScheduled e) {
            counter(
                            "swarm.model.retries",
                            "Retries of model calls, by the kind of failure",
                            null,
                            "model",
                            tag("model", e.model()),
                            "cause",
                            tag("cause", e.cause() == null ? "unknown" : e.cause()))
                    .increment();
        } else if (event instanceof SwarmEvent.ToolCallStarted e && run != null) {
            run.tools.put(e.taskId() + "|" + e.stage() + "|" + e.callId(), e.at());
        } else if (event instanceof SwarmEvent.ToolCallFinished e) {
            Instant start = run == null ? null : run.tools.remove(e.taskId() + "|" + e.stage() + "|" + e.callId());
            if (start != null) {
                timer(
                                "swarm.tool.call.duration",
                                "Duration of a tool call",
                                "tool",
                                tag("tool", e.tool()),
                                "outcome",
                                e.error() ? "error" : "ok")
                        .record(nonNegative(Duration.between(start, e.at())));
            }
        } else if (event instanceof SwarmEvent.RunFinished e) {
            RunCounts done = runs.remove(e.runId());
            if (done != null) {
                release(done);
            }
            counter(
                            "swarm.runs",
                            "Runs that ended, by end status",
                            null,
                            "status",
                            e.status().name())
                    .increment();
        }
    }

    /** The timer of a name and tag values, registered on first use. */
    private Timer timer(String name, String description, String... tags) {
        return (Timer) meters.computeIfAbsent(
                key(name, tags),
                k -> Timer.builder(name).description(description).tags(tags).register(registry));
    }

    /** The counter of a name and tag values, registered on first use. */
    private Counter counter(String name, String description, @Nullable String baseUnit, String... tags) {
        return (Counter) meters.computeIfAbsent(
                key(name, tags),
                k -> Counter.builder(name)
                        .description(description)
                        .baseUnit(baseUnit)
                        .tags(tags)
                        .register(registry));
    }

    /** At most three tags (key, value pairs); the key holds their values. */
    private static MeterKey key(String name, String... tags) {
        return new MeterKey(
                name, tags.length > 1 ? tags[1] : "", tags.length > 3 ? tags[3] : "", tags.length > 5 ? tags[5] : "");
    }

    /** Takes a run's queued and running tasks off the gauges. */
    private void release(RunCounts run) {
        queued.addAndGet(-run.queued.size());
        inFlight.addAndGet(-run.running.size());
        run.queued.clear();
        run.running.clear();
    }

    private void tokens(String model, String type, long count) {
        counter(
                        "swarm.model.tokens",
                        "Tokens of model calls, as the provider reported them",
                        "tokens",
                        "model",
                        model,
                        "type",
                        type)
                .increment((double) count);
    }

    /** A tag value, or {@link #OTHER} once its key has {@link #MAX_TAG_VALUES} distinct values. */
    private String tag(String key, @Nullable String value) {
        String v = value == null || value.isEmpty() ? "unknown" : value;
        Set<String> seen = tagValues.computeIfAbsent(key, k -> new HashSet<>());
        if (seen.contains(v)) {
            return v;
        }
        if (seen.size() >= MAX_TAG_VALUES) {
            return OTHER;
        }
        seen.add(v);
        return v;
    }

    private static Duration nonNegative(Duration d) {
        return d.isNegative() ? Duration.ZERO : d;
    }
}

package dev.agentswarm.observability;

import dev.agentswarm.event.SwarmEvent;
import dev.agentswarm.report.TaskResult;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
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
                Timer.builder("swarm.task.queue.wait")
                        .description("Wait of a task between its assignment and its start")
                        .tag("agent", tag("agent", e.agent()))
                        .register(registry)
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
            Timer.builder("swarm.task.duration")
                    .description("Duration of a task, as its result records it")
                    .tags("agent", agent, "status", status)
                    .register(registry)
                    .record(nonNegative(result.duration()));
            Counter.builder("swarm.tasks")
                    .description("Tasks that ended, by end status")
                    .tags("agent", agent, "status", status)
                    .register(registry)
                    .increment();
        } else if (event instanceof SwarmEvent.ModelCallFinished e) {
            String model = tag("model", e.model());
            Timer.builder("swarm.model.call.duration")
                    .description("Latency of a model call, retries and rate-limit waits included")
                    .tags(
                            "model",
                            model,
                            "agent",
                            tag("agent", e.role()),
                            "outcome",
                            e.error() == null ? "ok" : "error")
                    .register(registry)
                    .record(Duration.ofMillis(Math.max(0, e.latencyMillis())));
            tokens(model, "input", e.inputTokens());
            tokens(model, "output", e.outputTokens());
            Double cost = prices.cost(e.model(), e.inputTokens(), e.outputTokens());
            if (cost != null) {
                Counter.builder("swarm.model.cost")
                        .description("Cost of model calls by the prices given to the telemetry")
                        .baseUnit("usd")
                        .tag("model", model)
                        .register(registry)
                        .increment(cost);
            }
            Long wait = e.rateLimitWaitMillis();
            if (wait != null && wait > 0) {
                Timer.builder("swarm.model.rate_limit.wait")
                        .description("Waits of model calls for rate-limit capacity")
                        .tag("model", model)
                        .register(registry)
                        .record(Duration.ofMillis(wait));
            }
        } else if (event instanceof SwarmEvent.RetryScheduled e) {
            Counter.builder("swarm.model.retries")
                    .description("Retries of model calls, by the kind of failure")
                    .tags(
                            "model",
                            tag("model", e.model()),
                            "cause",
                            tag("cause", e.cause() == null ? "unknown" : e.cause()))
                    .register(registry)
                    .increment();
        } else if (event instanceof SwarmEvent.ToolCallStarted e && run != null) {
            run.tools.put(e.taskId() + "|" + e.stage() + "|" + e.callId(), e.at());
        } else if (event instanceof SwarmEvent.ToolCallFinished e) {
            Instant start = run == null ? null : run.tools.remove(e.taskId() + "|" + e.stage() + "|" + e.callId());
            if (start != null) {
                Timer.builder("swarm.tool.call.duration")
                        .description("Duration of a tool call")
                        .tags("tool", tag("tool", e.tool()), "outcome", e.error() ? "error" : "ok")
                        .register(registry)
                        .record(nonNegative(Duration.between(start, e.at())));
            }
        } else if (event instanceof SwarmEvent.RunFinished e) {
            RunCounts done = runs.remove(e.runId());
            if (done != null) {
                release(done);
            }
            Counter.builder("swarm.runs")
                    .description("Runs that ended, by end status")
                    .tag("status", e.status().name())
                    .register(registry)
                    .increment();
        }
    }

    /** Takes a run's queued and running tasks off the gauges. */
    private void release(RunCounts run) {
        queued.addAndGet(-run.queued.size());
        inFlight.addAndGet(-run.running.size());
        run.queued.clear();
        run.running.clear();
    }

    private void tokens(String model, String type, long count) {
        Counter.builder("swarm.model.tokens")
                .description("Tokens of model calls, as the provider reported them")
                .baseUnit("tokens")
                .tags("model", model, "type", type)
                .register(registry)
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

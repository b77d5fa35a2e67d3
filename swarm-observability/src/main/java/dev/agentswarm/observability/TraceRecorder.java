package dev.agentswarm.observability;

import static dev.agentswarm.observability.SwarmAttributes.GEN_AI_AGENT_ID;
import static dev.agentswarm.observability.SwarmAttributes.GEN_AI_AGENT_NAME;
import static dev.agentswarm.observability.SwarmAttributes.GEN_AI_OPERATION_NAME;
import static dev.agentswarm.observability.SwarmAttributes.GEN_AI_PROVIDER_NAME;
import static dev.agentswarm.observability.SwarmAttributes.GEN_AI_REQUEST_MODEL;
import static dev.agentswarm.observability.SwarmAttributes.GEN_AI_RESPONSE_FINISH_REASONS;
import static dev.agentswarm.observability.SwarmAttributes.GEN_AI_RESPONSE_MODEL;
import static dev.agentswarm.observability.SwarmAttributes.GEN_AI_TOOL_CALL_ID;
import static dev.agentswarm.observability.SwarmAttributes.GEN_AI_TOOL_NAME;
import static dev.agentswarm.observability.SwarmAttributes.GEN_AI_TOOL_TYPE;
import static dev.agentswarm.observability.SwarmAttributes.GEN_AI_USAGE_INPUT_TOKENS;
import static dev.agentswarm.observability.SwarmAttributes.GEN_AI_USAGE_OUTPUT_TOKENS;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentswarm.event.SwarmEvent;
import dev.agentswarm.report.RunStatus;
import dev.agentswarm.report.TaskResult;
import dev.agentswarm.report.TaskStatus;
import dev.agentswarm.report.TokenUsage;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Turns the events of runs into spans, each with the timestamps its events recorded, so that a live run and the
 * export of its journal give the same spans. Parents come from the events' ids (task, stage, run), never from the
 * current thread, so that the overlapping tasks of a stage each sit under their stage. Not thread-safe: one thread
 * feeds it (the telemetry's worker, or the caller of a journal export).
 */
final class TraceRecorder {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Tracer tracer;
    private final Function<String, @Nullable String> providerOf;
    private final Prices prices;
    private final ContentCapture content;
    private final Map<String, RunTrace> runs = new HashMap<>();

    TraceRecorder(Tracer tracer, Function<String, @Nullable String> providerOf, Prices prices, ContentCapture content) {
        this.tracer = tracer;
        this.providerOf = providerOf;
        this.prices = prices;
        this.content = content;
    }

    /** One model call in flight. */
    private static final class Call {
        final Span span;
        int retries;

        Call(Span span) {
            this.span = span;
        }
    }

    /** What a task's span adds up while it runs. */
    private static final class TaskTotals {
        long retries;
        long rateLimitWaitMillis;
    }

    /** The open spans and totals of one run. */
    private static final class RunTrace {
        final Span run;
        final Map<Integer, Span> stages = new LinkedHashMap<>();
        final Map<String, Span> tasks = new LinkedHashMap<>();
        final Map<String, TaskTotals> taskTotals = new HashMap<>();
        final Map<String, SwarmEvent.TaskAssigned> assigned = new HashMap<>();
        final Map<String, SwarmEvent.SubagentCreated> agents = new HashMap<>();
        final Map<String, Call> calls = new LinkedHashMap<>();
        final Map<String, Span> tools = new LinkedHashMap<>();
        long inputTokens;
        long outputTokens;
        double cost;
        boolean priced;
        long stepMakespan;
        long retries;
        long rateLimitWaitMillis;
        Instant last;

        RunTrace(Span run, Instant at) {
            this.run = run;
            this.last = at;
        }
    }

    /**
     * Records one event.
     *
     * @param event the event
     */
    void accept(SwarmEvent event) {
        if (event instanceof SwarmEvent.RunStarted e) {
            RunTrace previous = runs.remove(e.runId());
            if (previous != null) {
                endOpen(previous, e.at());
            }
            Span run = tracer.spanBuilder(SwarmAttributes.INVOKE_AGENT + " " + SwarmAttributes.ORCHESTRATOR)
                    .setNoParent()
                    .setSpanKind(SpanKind.INTERNAL)
                    .setStartTimestamp(e.at())
                    .setAttribute(GEN_AI_OPERATION_NAME, SwarmAttributes.INVOKE_AGENT)
                    .setAttribute(GEN_AI_AGENT_NAME, SwarmAttributes.ORCHESTRATOR)
                    .setAttribute(GEN_AI_AGENT_ID, e.runId())
                    .setAttribute(GEN_AI_REQUEST_MODEL, e.orchestratorModel())
                    .setAttribute(SwarmAttributes.RUN_ID, e.runId())
                    .startSpan();
            provider(run, e.orchestratorModel());
            putJson(run, SwarmAttributes.INPUT_MESSAGES, messages("user", e.task()));
            runs.put(e.runId(), new RunTrace(run, e.at()));
            return;
        }
        RunTrace r = runs.get(event.runId());
        if (r == null) {
            return; // events of a run whose start this recorder did not see
        }
        if (event.at().isAfter(r.last)) {
            r.last = event.at();
        }
        if (event instanceof SwarmEvent.StageStarted e) {
            Span stage = tracer.spanBuilder("stage " + e.stage())
                    .setParent(Context.root().with(r.run))
                    .setSpanKind(SpanKind.INTERNAL)
                    .setStartTimestamp(e.at())
                    .setAttribute(SwarmAttributes.STAGE_INDEX, (long) e.stage())
                    .setAttribute(GEN_AI_AGENT_NAME, SwarmAttributes.ORCHESTRATOR)
                    .startSpan();
            Span old = r.stages.put(e.stage(), stage);
            if (old != null) {
                old.end(e.at());
            }
        } else if (event instanceof SwarmEvent.StageFinished e) {
            Span stage = r.stages.remove(e.stage());
            if (stage != null) {
                long makespan =
                        (long) e.mainSteps() + (e.subStepMakespan() == null ? e.maxSubSteps() : e.subStepMakespan());
                r.stepMakespan += makespan;
                stage.setAttribute(SwarmAttributes.MAIN_STEPS, (long) e.mainSteps());
                stage.setAttribute(SwarmAttributes.MAX_SUB_STEPS, (long) e.maxSubSteps());
                stage.setAttribute(SwarmAttributes.CRITICAL_STEPS, (long) e.mainSteps() + e.maxSubSteps());
                stage.setAttribute(SwarmAttributes.STEP_MAKESPAN, makespan);
                stage.setAttribute(SwarmAttributes.TASKS, (long) e.tasks());
                stage.end(e.at());
            }
        } else if (event instanceof SwarmEvent.OrchestratorTurn e) {
            Span stage = r.stages.get(e.stage());
            if (stage != null && content.enabled()) {
                putJson(stage, SwarmAttributes.OUTPUT_MESSAGES, turn(e));
            }
        } else if (event instanceof SwarmEvent.SubagentCreated e) {
            r.agents.put(e.name(), e);
            Span stage = r.stages.get(e.stage());
            if (stage != null) {
                stage.addEvent(
                        "subagent_created",
                        Attributes.of(
                                SwarmAttributes.AGENT,
                                e.name(),
                                GEN_AI_REQUEST_MODEL,
                                e.model(),
                                SwarmAttributes.AGENT_TOOLS,
                                e.tools()),
                        e.at());
            }
        } else if (event instanceof SwarmEvent.TaskAssigned e) {
            if (e.taskId() != null) {
                r.assigned.put(e.taskId(), e);
            }
        } else if (event instanceof SwarmEvent.TaskStarted e) {
            startTask(r, e.stage(), String.valueOf(e.taskId()), e.agent(), e.at());
        } else if (event instanceof SwarmEvent.TaskFinished e) {
            finishTask(r, e);
        } else if (event instanceof SwarmEvent.ModelCallStarted e) {
            String key = callerKey(e.taskId(), e.stage());
            Span span = tracer.spanBuilder(SwarmAttributes.CHAT + " " + e.model())
                    .setParent(Context.root().with(parentOf(r, e.taskId(), e.stage())))
                    .setSpanKind(SpanKind.CLIENT)
                    .setStartTimestamp(e.at())
                    .setAttribute(GEN_AI_OPERATION_NAME, SwarmAttributes.CHAT)
                    .setAttribute(GEN_AI_REQUEST_MODEL, e.model())
                    .setAttribute(GEN_AI_AGENT_NAME, e.role())
                    .setAttribute(SwarmAttributes.STEP, (long) e.step())
                    .setAttribute(SwarmAttributes.STAGE_INDEX, (long) e.stage())
                    .startSpan();
            provider(span, e.model());
            if (e.taskId() != null) {
                span.setAttribute(SwarmAttributes.TASK_ID, e.taskId());
            }
            Call old = r.calls.put(key, new Call(span));
            if (old != null) {
                old.span.setAttribute(SwarmAttributes.INCOMPLETE, true);
                old.span.end(e.at());
            }
        } else if (event instanceof SwarmEvent.RetryScheduled e) {
            Call call = r.calls.get(callerKey(e.taskId(), e.stage()));
            r.retries++;
            if (e.taskId() != null) {
                r.taskTotals.computeIfAbsent(e.taskId(), k -> new TaskTotals()).retries++;
            }
            if (call != null) {
                call.retries++;
                call.span.addEvent(
                        "retry",
                        Attributes.of(
                                SwarmAttributes.ATTEMPT,
                                (long) e.attempt(),
                                SwarmAttributes.DELAY_MS,
                                e.delayMillis(),
                                SwarmAttributes.CAUSE,
                                e.cause() == null ? Failures.type(e.reason(), "error") : e.cause()),
                        e.at());
            }
        } else if (event instanceof SwarmEvent.ModelCallFinished e) {
            finishCall(r, e);
        } else if (event instanceof SwarmEvent.ToolCallStarted e) {
            Span span = tracer.spanBuilder(SwarmAttributes.EXECUTE_TOOL + " " + e.tool())
                    .setParent(Context.root().with(parentOf(r, e.taskId(), e.stage())))
                    .setSpanKind(SpanKind.INTERNAL)
                    .setStartTimestamp(e.at())
                    .setAttribute(GEN_AI_OPERATION_NAME, SwarmAttributes.EXECUTE_TOOL)
                    .setAttribute(GEN_AI_TOOL_NAME, e.tool())
                    .setAttribute(GEN_AI_TOOL_CALL_ID, e.callId())
                    .setAttribute(GEN_AI_TOOL_TYPE, "function")
                    .setAttribute(SwarmAttributes.STAGE_INDEX, (long) e.stage())
                    .startSpan();
            if (e.taskId() != null) {
                span.setAttribute(SwarmAttributes.TASK_ID, e.taskId());
            }
            putContent(span, SwarmAttributes.TOOL_CALL_ARGUMENTS, e.arguments());
            Span old = r.tools.put(toolKey(e.taskId(), e.stage(), e.callId()), span);
            if (old != null) {
                old.setAttribute(SwarmAttributes.INCOMPLETE, true);
                old.end(e.at());
            }
        } else if (event instanceof SwarmEvent.ToolCallFinished e) {
            Span span = r.tools.remove(toolKey(e.taskId(), e.stage(), e.callId()));
            if (span != null) {
                putContent(span, SwarmAttributes.TOOL_CALL_RESULT, e.result());
                if (e.error()) {
                    span.setStatus(StatusCode.ERROR, "the tool call returned an error");
                    span.setAttribute(SwarmAttributes.ERROR_TYPE, "tool_error");
                }
                span.end(e.at());
            }
        } else if (event instanceof SwarmEvent.LimitHit e) {
            Span on = e.taskId() != null ? r.tasks.get(e.taskId()) : r.stages.get(e.stage());
            (on != null ? on : r.run).addEvent("limit_hit", Attributes.of(SwarmAttributes.LIMIT, e.limit()), e.at());
        } else if (event instanceof SwarmEvent.RunFinished e) {
            runs.remove(e.runId());
            endOpen(r, e.at());
            Span run = r.run;
            run.setAttribute(SwarmAttributes.STATUS, e.status().name());
            run.setAttribute(SwarmAttributes.STEPS, (long) e.totalSteps());
            run.setAttribute(SwarmAttributes.CRITICAL_STEPS, (long) e.criticalSteps());
            run.setAttribute(SwarmAttributes.STEP_MAKESPAN, r.stepMakespan);
            run.setAttribute(SwarmAttributes.RETRIES, r.retries);
            run.setAttribute(SwarmAttributes.RATE_LIMIT_WAIT_MS, r.rateLimitWaitMillis);
            run.setAttribute(GEN_AI_USAGE_INPUT_TOKENS, r.inputTokens);
            run.setAttribute(GEN_AI_USAGE_OUTPUT_TOKENS, r.outputTokens);
            if (r.priced) {
                run.setAttribute(SwarmAttributes.COST, r.cost);
            }
            if (e.reason() != null) {
                run.setAttribute(SwarmAttributes.REASON, e.reason());
            }
            if (e.status() == RunStatus.FAILED || e.status() == RunStatus.TIMED_OUT) {
                run.setStatus(StatusCode.ERROR, String.valueOf(e.reason()));
                run.setAttribute(
                        SwarmAttributes.ERROR_TYPE,
                        e.status() == RunStatus.TIMED_OUT ? "timeout" : Failures.type(e.reason(), "run_failed"));
            }
            putJson(run, SwarmAttributes.OUTPUT_MESSAGES, messages("assistant", e.answer()));
            run.end(e.at());
        }
    }

    /** Ends every run still open (a journal without its end, or the telemetry closing), marking the spans. */
    void endAll() {
        for (RunTrace r : new ArrayList<>(runs.values())) {
            endOpen(r, r.last);
            r.run.setAttribute(SwarmAttributes.INCOMPLETE, true);
            r.run.end(r.last);
        }
        runs.clear();
    }

    private void startTask(RunTrace r, int stage, String taskId, String agent, Instant at) {
        SpanBuilder b = tracer.spanBuilder(SwarmAttributes.INVOKE_AGENT + " " + agent)
                .setParent(Context.root().with(stageOrRun(r, stage)))
                .setSpanKind(SpanKind.INTERNAL)
                .setStartTimestamp(at)
                .setAttribute(GEN_AI_OPERATION_NAME, SwarmAttributes.INVOKE_AGENT)
                .setAttribute(GEN_AI_AGENT_NAME, agent)
                .setAttribute(GEN_AI_AGENT_ID, taskId)
                .setAttribute(SwarmAttributes.TASK_ID, taskId)
                .setAttribute(SwarmAttributes.STAGE_INDEX, (long) stage);
        SwarmEvent.SubagentCreated definition = r.agents.get(agent);
        if (definition != null) {
            b.setAttribute(GEN_AI_REQUEST_MODEL, definition.model());
        }
        SwarmEvent.TaskAssigned assigned = r.assigned.get(taskId);
        if (assigned != null) {
            b.setAttribute(
                    SwarmAttributes.QUEUE_WAIT_MS,
                    Math.max(0, Duration.between(assigned.at(), at).toMillis()));
        }
        Span span = b.startSpan();
        if (definition != null) {
            provider(span, definition.model());
            putContent(span, SwarmAttributes.SYSTEM_INSTRUCTIONS, definition.systemPrompt());
        }
        if (assigned != null) {
            putJson(span, SwarmAttributes.INPUT_MESSAGES, messages("user", assigned.prompt()));
        }
        Span old = r.tasks.put(taskId, span);
        if (old != null) {
            old.setAttribute(SwarmAttributes.INCOMPLETE, true);
            old.end(at);
        }
    }

    private void finishTask(RunTrace r, SwarmEvent.TaskFinished e) {
        TaskResult result = e.result();
        String taskId = e.taskId() == null ? result.taskId() : e.taskId();
        if (!r.tasks.containsKey(taskId)) {
            // A task that never started (cancelled in the queue) or was replayed on resume: its span spans its result.
            startTask(r, e.stage(), taskId, result.agent(), result.startedAt());
        }
        Span span = r.tasks.remove(taskId);
        r.assigned.remove(taskId);
        if (span == null) {
            return;
        }
        endChildren(r, taskId, e.at());
        TokenUsage tokens = result.tokens();
        TaskTotals totals = r.taskTotals.remove(taskId);
        span.setAttribute(SwarmAttributes.STATUS, result.status().name());
        span.setAttribute(SwarmAttributes.STEPS, (long) result.steps());
        span.setAttribute(GEN_AI_USAGE_INPUT_TOKENS, tokens.input());
        span.setAttribute(GEN_AI_USAGE_OUTPUT_TOKENS, tokens.output());
        span.setAttribute(SwarmAttributes.RETRIES, totals == null ? 0 : totals.retries);
        span.setAttribute(SwarmAttributes.RATE_LIMIT_WAIT_MS, totals == null ? 0 : totals.rateLimitWaitMillis);
        Double cost = prices.cost(result.tokensByModel());
        if (cost != null) {
            span.setAttribute(SwarmAttributes.COST, cost);
        }
        if (result.reason() != null) {
            span.setAttribute(SwarmAttributes.REASON, result.reason());
        }
        if (result.status() == TaskStatus.FAILED || result.status() == TaskStatus.TIMED_OUT) {
            span.setStatus(StatusCode.ERROR, String.valueOf(result.reason()));
            span.setAttribute(
                    SwarmAttributes.ERROR_TYPE,
                    result.status() == TaskStatus.TIMED_OUT
                            ? "timeout"
                            : Failures.type(result.reason(), "task_failed"));
        }
        putJson(span, SwarmAttributes.OUTPUT_MESSAGES, messages("assistant", result.finalMessage()));
        Instant end = e.at();
        Instant computed = result.startedAt().plus(result.duration());
        span.end(computed.isAfter(end) ? computed : end);
    }

    private void finishCall(RunTrace r, SwarmEvent.ModelCallFinished e) {
        Call call = r.calls.remove(callerKey(e.taskId(), e.stage()));
        r.inputTokens += e.inputTokens();
        r.outputTokens += e.outputTokens();
        long wait = e.rateLimitWaitMillis() == null ? 0 : e.rateLimitWaitMillis();
        r.rateLimitWaitMillis += wait;
        if (e.taskId() != null) {
            r.taskTotals.computeIfAbsent(e.taskId(), k -> new TaskTotals()).rateLimitWaitMillis += wait;
        }
        Double cost = prices.cost(e.model(), e.inputTokens(), e.outputTokens());
        if (cost != null) {
            r.cost += cost;
            r.priced = true;
        }
        if (call == null) {
            return;
        }
        Span span = call.span;
        span.setAttribute(GEN_AI_USAGE_INPUT_TOKENS, e.inputTokens());
        span.setAttribute(GEN_AI_USAGE_OUTPUT_TOKENS, e.outputTokens());
        span.setAttribute(SwarmAttributes.RETRIES, (long) call.retries);
        span.setAttribute(SwarmAttributes.RATE_LIMIT_WAIT_MS, wait);
        if (e.responseModel() != null) {
            span.setAttribute(GEN_AI_RESPONSE_MODEL, e.responseModel());
        }
        if (e.finishReason() != null) {
            span.setAttribute(GEN_AI_RESPONSE_FINISH_REASONS, List.of(finishReason(e.finishReason())));
        }
        if (cost != null) {
            span.setAttribute(SwarmAttributes.COST, cost);
        }
        if (e.error() != null) {
            span.setStatus(StatusCode.ERROR, e.error());
            span.setAttribute(SwarmAttributes.ERROR_TYPE, Failures.type(e.error(), "model_error"));
        }
        span.end(e.at());
    }

    /** The GenAI convention's finish reasons from LangChain4j's names. */
    static String finishReason(String langchain4j) {
        return switch (langchain4j) {
            case "STOP" -> "stop";
            case "LENGTH" -> "length";
            case "TOOL_EXECUTION" -> "tool_calls";
            case "CONTENT_FILTER" -> "content_filter";
            default -> langchain4j.toLowerCase(Locale.ROOT);
        };
    }

    private static Span stageOrRun(RunTrace r, int stage) {
        Span s = r.stages.get(stage);
        return s != null ? s : r.run;
    }

    private static Span parentOf(RunTrace r, @Nullable String taskId, int stage) {
        if (taskId != null) {
            Span task = r.tasks.get(taskId);
            if (task != null) {
                return task;
            }
        }
        return stageOrRun(r, stage);
    }

    private static String callerKey(@Nullable String taskId, int stage) {
        return taskId != null ? taskId : "s" + stage;
    }

    private static String toolKey(@Nullable String taskId, int stage, String callId) {
        return callerKey(taskId, stage) + "|" + callId;
    }

    /** Ends the open model and tool calls of one caller (a task) when it ends first. */
    private static void endChildren(RunTrace r, String taskId, Instant at) {
        Call call = r.calls.remove(taskId);
        if (call != null) {
            call.span.setAttribute(SwarmAttributes.INCOMPLETE, true);
            call.span.end(at);
        }
        String prefix = taskId + "|";
        r.tools.entrySet().removeIf(t -> {
            if (t.getKey().startsWith(prefix)) {
                t.getValue().setAttribute(SwarmAttributes.INCOMPLETE, true);
                t.getValue().end(at);
                return true;
            }
            return false;
        });
    }

    /** Ends, innermost first, every span of a run that is still open, marking it incomplete. */
    private static void endOpen(RunTrace r, Instant at) {
        for (Call c : r.calls.values()) {
            c.span.setAttribute(SwarmAttributes.INCOMPLETE, true);
            c.span.end(at);
        }
        r.calls.clear();
        for (Span s : r.tools.values()) {
            s.setAttribute(SwarmAttributes.INCOMPLETE, true);
            s.end(at);
        }
        r.tools.clear();
        for (Span s : r.tasks.values()) {
            s.setAttribute(SwarmAttributes.INCOMPLETE, true);
            s.end(at);
        }
        r.tasks.clear();
        for (Span s : r.stages.values()) {
            s.setAttribute(SwarmAttributes.INCOMPLETE, true);
            s.end(at);
        }
        r.stages.clear();
    }

    private void provider(Span span, String model) {
        String provider = providerOf.apply(model);
        if (provider != null) {
            span.setAttribute(GEN_AI_PROVIDER_NAME, provider);
        }
    }

    private void putContent(Span span, AttributeKey<String> key, @Nullable String text) {
        if (text == null || !content.enabled()) {
            return;
        }
        String recorded = content.apply(text);
        if (recorded != null) {
            span.setAttribute(key, recorded);
        }
    }

    /** Sets a JSON value whose texts were already redacted and cut, when content is on. */
    private void putJson(Span span, AttributeKey<String> key, @Nullable String json) {
        if (json != null && content.enabled()) {
            span.setAttribute(key, json);
        }
    }

    /** One message in the GenAI convention's JSON shape, with its text redacted and cut; null when content is off. */
    private @Nullable String messages(String role, String text) {
        String recorded = content.apply(text);
        if (recorded == null) {
            return null;
        }
        ArrayNode messages = JSON.createArrayNode();
        ObjectNode message = messages.addObject().put("role", role);
        message.putArray("parts").addObject().put("type", "text").put("content", recorded);
        return messages.toString();
    }

    /** The orchestrator's turn as an output message with its text and tool calls, redacted and cut. */
    private @Nullable String turn(SwarmEvent.OrchestratorTurn e) {
        ArrayNode messages = JSON.createArrayNode();
        ObjectNode message = messages.addObject().put("role", "assistant");
        ArrayNode parts = message.putArray("parts");
        String text = content.apply(e.text());
        if (text != null && !text.isEmpty()) {
            parts.addObject().put("type", "text").put("content", text);
        }
        for (SwarmEvent.ToolCall c : e.toolCalls()) {
            parts.addObject()
                    .put("type", "tool_call")
                    .put("id", c.id())
                    .put("name", c.name())
                    .put("arguments", content.apply(c.arguments()));
        }
        return messages.toString();
    }

    /** @return the number of runs with open spans, for tests */
    int openRuns() {
        return runs.size();
    }
}

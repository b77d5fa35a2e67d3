package dev.agentswarm.security;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentswarm.event.SwarmEvent;
import dev.agentswarm.report.RunReport;
import dev.agentswarm.report.StageReport;
import dev.agentswarm.report.SwarmResult;
import dev.agentswarm.report.TaskResult;
import dev.agentswarm.subagent.SubagentDefinition;
import java.util.ArrayList;
import java.util.List;

/**
 * Rebuilds events and results with their texts redacted. Ids, model and tool names, numbers and times are kept: they
 * come from the configuration and the runtime, not from models, tools or providers. Nothing is copied when nothing
 * changes.
 */
// Redactor.redact returns its argument itself when there is nothing to redact (its documented contract): identity is
// the "unchanged" test here, so that nothing is copied when nothing changes.
@SuppressWarnings("ReferenceEquality")
final class Records {

    private Records() {}

    static SwarmEvent event(Redactor r, SwarmEvent event) {
        if (event instanceof SwarmEvent.ModelCallFinished e) {
            String role = r.redact(e.role());
            String error = r.redactNullable(e.error());
            String responseModel = r.redactNullable(e.responseModel());
            String finishReason = r.redactNullable(e.finishReason());
            return role == e.role()
                            && error == e.error()
                            && responseModel == e.responseModel()
                            && finishReason == e.finishReason()
                    ? e
                    : new SwarmEvent.ModelCallFinished(
                            e.origin(),
                            role,
                            e.model(),
                            e.step(),
                            e.inputTokens(),
                            e.outputTokens(),
                            e.latencyMillis(),
                            error,
                            responseModel,
                            finishReason,
                            e.rateLimitWaitMillis());
        }
        if (event instanceof SwarmEvent.ToolCallStarted e) {
            String arguments = r.redact(e.arguments());
            return arguments == e.arguments()
                    ? e
                    : new SwarmEvent.ToolCallStarted(e.origin(), e.tool(), e.callId(), arguments);
        }
        if (event instanceof SwarmEvent.ToolCallFinished e) {
            String result = r.redact(e.result());
            return result == e.result()
                    ? e
                    : new SwarmEvent.ToolCallFinished(e.origin(), e.tool(), e.callId(), e.error(), result);
        }
        if (event instanceof SwarmEvent.TaskFinished e) {
            TaskResult result = task(r, e.result());
            return result == e.result() ? e : new SwarmEvent.TaskFinished(e.origin(), result);
        }
        if (event instanceof SwarmEvent.OrchestratorTurn e) {
            String text = r.redact(e.text());
            List<SwarmEvent.ToolCall> calls = e.toolCalls();
            List<SwarmEvent.ToolCall> redacted = null;
            for (int i = 0; i < calls.size(); i++) {
                SwarmEvent.ToolCall c = calls.get(i);
                String arguments = r.redact(c.arguments());
                if (arguments != c.arguments()) {
                    if (redacted == null) {
                        redacted = new ArrayList<>(calls);
                    }
                    redacted.set(i, new SwarmEvent.ToolCall(c.id(), c.name(), arguments));
                }
            }
            return text == e.text() && redacted == null
                    ? e
                    : new SwarmEvent.OrchestratorTurn(
                            e.origin(),
                            text,
                            redacted == null ? calls : List.copyOf(redacted),
                            e.model(),
                            e.inputTokens(),
                            e.outputTokens());
        }
        if (event instanceof SwarmEvent.TaskAssigned e) {
            String agent = r.redact(e.agent());
            String prompt = r.redact(e.prompt());
            return agent == e.agent() && prompt == e.prompt()
                    ? e
                    : new SwarmEvent.TaskAssigned(e.origin(), agent, prompt);
        }
        if (event instanceof SwarmEvent.TaskStarted e) {
            String agent = r.redact(e.agent());
            return agent == e.agent() ? e : new SwarmEvent.TaskStarted(e.origin(), agent);
        }
        if (event instanceof SwarmEvent.ModelCallStarted e) {
            String role = r.redact(e.role());
            return role == e.role() ? e : new SwarmEvent.ModelCallStarted(e.origin(), role, e.model(), e.step());
        }
        if (event instanceof SwarmEvent.SubagentCreated e) {
            String name = r.redact(e.name());
            String prompt = r.redact(e.systemPrompt());
            return name == e.name() && prompt == e.systemPrompt()
                    ? e
                    : new SwarmEvent.SubagentCreated(e.origin(), name, prompt, e.tools(), e.model());
        }
        if (event instanceof SwarmEvent.RetryScheduled e) {
            String reason = r.redact(e.reason());
            String cause = r.redactNullable(e.cause());
            return reason == e.reason() && cause == e.cause()
                    ? e
                    : new SwarmEvent.RetryScheduled(e.origin(), e.model(), e.attempt(), e.delayMillis(), reason, cause);
        }
        if (event instanceof SwarmEvent.BulkheadWait e) {
            // The scope names a model ("model:<name>"), which a caller may have named after anything.
            String scope = r.redact(e.scope());
            return scope == e.scope()
                    ? e
                    : new SwarmEvent.BulkheadWait(e.origin(), scope, e.inFlight(), e.capacity(), e.waiting());
        }
        if (event instanceof SwarmEvent.LimitHit e) {
            String detail = r.redact(e.detail());
            return detail == e.detail() ? e : new SwarmEvent.LimitHit(e.origin(), e.limit(), detail);
        }
        if (event instanceof SwarmEvent.RunStarted e) {
            String task = r.redact(e.task());
            return task == e.task() ? e : new SwarmEvent.RunStarted(e.origin(), task, e.orchestratorModel());
        }
        if (event instanceof SwarmEvent.RunFinished e) {
            String reason = r.redactNullable(e.reason());
            String answer = r.redact(e.answer());
            return reason == e.reason() && answer == e.answer()
                    ? e
                    : new SwarmEvent.RunFinished(
                            e.origin(), e.status(), reason, answer, e.criticalSteps(), e.totalSteps());
        }
        if (event instanceof SwarmEvent.ApprovalRequested e) {
            String arguments = r.redact(e.arguments());
            String agent = r.redactNullable(e.agent());
            return arguments == e.arguments() && agent == e.agent()
                    ? e
                    : new SwarmEvent.ApprovalRequested(
                            e.runId(),
                            e.stage(),
                            e.taskId(),
                            e.parentId(),
                            e.at(),
                            e.key(),
                            e.kind(),
                            e.tool(),
                            agent,
                            arguments);
        }
        if (event instanceof SwarmEvent.ApprovalDecided e) {
            String reason = r.redactNullable(e.reason());
            String arguments = r.redactNullable(e.arguments());
            return reason == e.reason() && arguments == e.arguments()
                    ? e
                    : new SwarmEvent.ApprovalDecided(
                            e.runId(),
                            e.stage(),
                            e.taskId(),
                            e.parentId(),
                            e.at(),
                            e.key(),
                            e.verdict(),
                            reason,
                            arguments,
                            e.replayed());
        }
        if (event instanceof SwarmEvent.GuardrailChecked e) {
            String message = r.redactNullable(e.message());
            return message == e.message()
                    ? e
                    : new SwarmEvent.GuardrailChecked(e.origin(), e.target(), e.guardrail(), e.outcome(), message);
        }
        // StageStarted and StageFinished carry no text.
        return event;
    }

    static TaskResult task(Redactor r, TaskResult t) {
        return task(r, t, null);
    }

    /**
     * The last text redacted and its redaction: a stage's tasks share their subagent's name, one string, which is
     * redacted once. A redactor is immutable, so a text's redaction is the same every time.
     */
    private static final class Last {
        private @org.jspecify.annotations.Nullable String in;
        private String out = "";

        String redact(Redactor r, String text) {
            if (text != in) {
                out = r.redact(text);
                in = text;
            }
            return out;
        }
    }

    private static TaskResult task(Redactor r, TaskResult t, @org.jspecify.annotations.Nullable Last agents) {
        String agent = agents == null ? r.redact(t.agent()) : agents.redact(r, t.agent());
        String prompt = r.redact(t.prompt());
        String finalMessage = r.redact(t.finalMessage());
        String reason = r.redactNullable(t.reason());
        if (agent == t.agent() && prompt == t.prompt() && finalMessage == t.finalMessage() && reason == t.reason()) {
            return t;
        }
        return new TaskResult(
                t.taskId(),
                agent,
                prompt,
                t.status(),
                finalMessage,
                reason,
                t.steps(),
                t.tokensByModel(),
                t.startedAt(),
                t.duration(),
                t.queueWait(),
                finalMessage == t.finalMessage() || t.output() == null ? t.output() : reparse(finalMessage));
    }

    /** The structured output of a redacted final message: the redacted JSON, or none when it no longer parses. */
    private static @org.jspecify.annotations.Nullable JsonNode reparse(String json) {
        try {
            return JSON.readTree(json);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return null;
        }
    }

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
            new com.fasterxml.jackson.databind.ObjectMapper();

    static SwarmResult result(Redactor r, SwarmResult result) {
        String answer = r.redact(result.answer());
        String reason = r.redactNullable(result.reason());
        List<SubagentDefinition> subagents = result.subagents();
        List<SubagentDefinition> newSubagents = null;
        for (int i = 0; i < subagents.size(); i++) {
            SubagentDefinition d = subagents.get(i);
            String name = r.redact(d.name());
            String prompt = r.redact(d.systemPrompt());
            if (name != d.name() || prompt != d.systemPrompt()) {
                if (newSubagents == null) {
                    newSubagents = new ArrayList<>(subagents);
                }
                newSubagents.set(i, new SubagentDefinition(name, prompt, d.tools(), d.model(), d.outputSchema()));
            }
        }
        RunReport report = report(r, result.report());
        if (answer == result.answer()
                && reason == result.reason()
                && newSubagents == null
                && report == result.report()) {
            return result;
        }
        return new SwarmResult(
                result.runId(),
                result.status(),
                answer,
                reason,
                newSubagents == null ? subagents : newSubagents,
                report);
    }

    private static RunReport report(Redactor r, RunReport report) {
        List<StageReport> stages = report.stages();
        List<StageReport> newStages = null;
        Last agents = new Last();
        for (int i = 0; i < stages.size(); i++) {
            StageReport stage = stages.get(i);
            List<TaskResult> tasks = stage.tasks();
            List<TaskResult> newTasks = null;
            for (int j = 0; j < tasks.size(); j++) {
                TaskResult t = task(r, tasks.get(j), agents);
                if (t != tasks.get(j)) {
                    if (newTasks == null) {
                        newTasks = new ArrayList<>(tasks);
                    }
                    newTasks.set(j, t);
                }
            }
            if (newTasks != null) {
                if (newStages == null) {
                    newStages = new ArrayList<>(stages);
                }
                newStages.set(
                        i,
                        new StageReport(
                                stage.index(),
                                stage.mainSteps(),
                                newTasks,
                                stage.toolCalls(),
                                stage.startedAt(),
                                stage.duration(),
                                stage.subStepMakespan()));
            }
        }
        List<String> limits = report.limitsHit();
        List<String> newLimits = null;
        for (int i = 0; i < limits.size(); i++) {
            String line = r.redact(limits.get(i));
            if (line != limits.get(i)) {
                if (newLimits == null) {
                    newLimits = new ArrayList<>(limits);
                }
                newLimits.set(i, line);
            }
        }
        if (newStages == null && newLimits == null) {
            return report;
        }
        return new RunReport(
                newStages == null ? stages : newStages,
                report.tokensByModel(),
                report.startedAt(),
                report.wallTime(),
                report.peakConcurrency(),
                newLimits == null ? limits : newLimits);
    }
}

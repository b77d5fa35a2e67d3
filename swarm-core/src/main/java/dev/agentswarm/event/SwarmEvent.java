package dev.agentswarm.event;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import dev.agentswarm.control.ApprovalRequest;
import dev.agentswarm.control.Decision;
import dev.agentswarm.report.RunStatus;
import dev.agentswarm.report.TaskResult;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One event of a run. Every event carries the run id, the stage ({@code -1} outside a stage), the task id (or
 * {@code null}), the id of its parent unit (the task for a task's model call, the stage for a task, the run for a
 * stage) and a timestamp from the run's injected clock. Events serialise with Jackson under the stable type names
 * given in {@link JsonSubTypes}.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = SwarmEvent.RunStarted.class, name = "run_started"),
    @JsonSubTypes.Type(value = SwarmEvent.RunFinished.class, name = "run_finished"),
    @JsonSubTypes.Type(value = SwarmEvent.StageStarted.class, name = "stage_started"),
    @JsonSubTypes.Type(value = SwarmEvent.StageFinished.class, name = "stage_finished"),
    @JsonSubTypes.Type(value = SwarmEvent.OrchestratorTurn.class, name = "orchestrator_turn"),
    @JsonSubTypes.Type(value = SwarmEvent.SubagentCreated.class, name = "subagent_created"),
    @JsonSubTypes.Type(value = SwarmEvent.TaskAssigned.class, name = "task_assigned"),
    @JsonSubTypes.Type(value = SwarmEvent.TaskStarted.class, name = "task_started"),
    @JsonSubTypes.Type(value = SwarmEvent.TaskFinished.class, name = "task_finished"),
    @JsonSubTypes.Type(value = SwarmEvent.ModelCallStarted.class, name = "model_call_started"),
    @JsonSubTypes.Type(value = SwarmEvent.ModelCallFinished.class, name = "model_call_finished"),
    @JsonSubTypes.Type(value = SwarmEvent.ToolCallStarted.class, name = "tool_call_started"),
    @JsonSubTypes.Type(value = SwarmEvent.ToolCallFinished.class, name = "tool_call_finished"),
    @JsonSubTypes.Type(value = SwarmEvent.LimitHit.class, name = "limit_hit"),
    @JsonSubTypes.Type(value = SwarmEvent.RetryScheduled.class, name = "retry"),
    @JsonSubTypes.Type(value = SwarmEvent.BulkheadWait.class, name = "bulkhead_wait"),
    @JsonSubTypes.Type(value = SwarmEvent.ApprovalRequested.class, name = "approval_requested"),
    @JsonSubTypes.Type(value = SwarmEvent.ApprovalDecided.class, name = "approval_decided"),
    @JsonSubTypes.Type(value = SwarmEvent.GuardrailChecked.class, name = "guardrail_checked"),
})
public sealed interface SwarmEvent {

    /** @return the run's id */
    String runId();

    /** @return the stage index, or {@code -1} outside a stage */
    int stage();

    /** @return the task id, or {@code null} for an event outside a task */
    @Nullable
    String taskId();

    /** @return the id of the enclosing unit: a task id, a stage id ({@code s<n>}) or the run id */
    String parentId();

    /** @return when it happened, from the run's clock */
    Instant at();

    /** @return the event's origin header: run, stage, task, parent unit and time */
    default Origin origin() {
        return new Origin(runId(), stage(), taskId(), parentId(), at());
    }

    /**
     * The header every event carries: where in the run it happened, and when. Events are made with it,
     * {@code new SwarmEvent.TaskStarted(origin, agent)}; in JSON its fields stay at the top level of each event.
     *
     * @param runId the run's id
     * @param stage the stage index, or {@code -1} outside a stage
     * @param taskId the task id, or {@code null} for an event outside a task
     * @param parentId the id of the enclosing unit: a task id, a stage id ({@code s<n>}) or the run id
     * @param at when it happened, from the run's clock
     */
    record Origin(String runId, int stage, @Nullable String taskId, String parentId, Instant at) {}

    /**
     * The run began.
     *
     * @param runId the run's id
     * @param stage always -1
     * @param taskId always null
     * @param parentId the run id
     * @param at when
     * @param task the user's task
     * @param orchestratorModel the orchestrator's model name
     */
    record RunStarted(
            String runId,
            int stage,
            @Nullable String taskId,
            String parentId,
            Instant at,
            String task,
            String orchestratorModel)
            implements SwarmEvent {

        /**
         * Creates the event under its origin header.
         *
         * @param origin the run, stage, task, parent unit and time of the event
         * @param task the user's task
         * @param orchestratorModel the orchestrator's model name
         */
        public RunStarted(Origin origin, String task, String orchestratorModel) {
            this(
                    origin.runId(),
                    origin.stage(),
                    origin.taskId(),
                    origin.parentId(),
                    origin.at(),
                    task,
                    orchestratorModel);
        }
    }

    /**
     * The run ended.
     *
     * @param runId the run's id
     * @param stage the last stage index
     * @param taskId always null
     * @param parentId the run id
     * @param at when
     * @param status how it ended
     * @param reason why it did not complete, or null
     * @param answer the final or partial answer
     * @param criticalSteps the run's critical steps
     * @param totalSteps every model turn of the run
     */
    record RunFinished(
            String runId,
            int stage,
            @Nullable String taskId,
            String parentId,
            Instant at,
            RunStatus status,
            @Nullable String reason,
            String answer,
            int criticalSteps,
            int totalSteps)
            implements SwarmEvent {

        /**
         * Creates the event under its origin header.
         *
         * @param origin the run, stage, task, parent unit and time of the event
         * @param status how it ended
         * @param reason why it did not complete, or null
         * @param answer the final or partial answer
         * @param criticalSteps the run's critical steps
         * @param totalSteps every model turn of the run
         */
        public RunFinished(
                Origin origin,
                RunStatus status,
                @Nullable String reason,
                String answer,
                int criticalSteps,
                int totalSteps) {
            this(
                    origin.runId(),
                    origin.stage(),
                    origin.taskId(),
                    origin.parentId(),
                    origin.at(),
                    status,
                    reason,
                    answer,
                    criticalSteps,
                    totalSteps);
        }
    }

    /**
     * A stage (one orchestrator turn) began.
     *
     * @param runId the run's id
     * @param stage the stage index
     * @param taskId always null
     * @param parentId the run id
     * @param at when
     */
    record StageStarted(String runId, int stage, @Nullable String taskId, String parentId, Instant at)
            implements SwarmEvent {

        /**
         * Creates the event under its origin header.
         *
         * @param origin the run, stage, task, parent unit and time of the event
         */
        public StageStarted(Origin origin) {
            this(origin.runId(), origin.stage(), origin.taskId(), origin.parentId(), origin.at());
        }
    }

    /**
     * A stage ended: its turn's tool results are ready.
     *
     * @param runId the run's id
     * @param stage the stage index
     * @param taskId always null
     * @param parentId the run id
     * @param at when
     * @param mainSteps S_main of the stage
     * @param maxSubSteps the longest task's steps
     * @param tasks how many tasks it ran
     * @param durationMillis its wall time
     * @param subStepMakespan the steps its tasks took under the concurrency cap, in their start order (see
     *     {@code StageReport.subStepMakespan}); null in journals written before it was recorded
     */
    record StageFinished(
            String runId,
            int stage,
            @Nullable String taskId,
            String parentId,
            Instant at,
            int mainSteps,
            int maxSubSteps,
            int tasks,
            long durationMillis,
            @Nullable Integer subStepMakespan)
            implements SwarmEvent {

        /**
         * Creates the event under its origin header.
         *
         * @param origin the run, stage, task, parent unit and time of the event
         * @param mainSteps S_main of the stage
         * @param maxSubSteps the longest task's steps
         * @param tasks how many tasks it ran
         * @param durationMillis its wall time
         * @param subStepMakespan the steps its tasks took under the concurrency cap, in their start order (see
         *       {@code StageReport.subStepMakespan}); null in journals written before it was recorded
         */
        public StageFinished(
                Origin origin,
                int mainSteps,
                int maxSubSteps,
                int tasks,
                long durationMillis,
                @Nullable Integer subStepMakespan) {
            this(
                    origin.runId(),
                    origin.stage(),
                    origin.taskId(),
                    origin.parentId(),
                    origin.at(),
                    mainSteps,
                    maxSubSteps,
                    tasks,
                    durationMillis,
                    subStepMakespan);
        }

        /**
         * A stage end without its step-makespan, as journals before it was recorded hold it.
         *
         * @param runId the run's id
         * @param stage the stage index
         * @param taskId always null
         * @param parentId the run id
         * @param at when
         * @param mainSteps S_main of the stage
         * @param maxSubSteps the longest task's steps
         * @param tasks how many tasks it ran
         * @param durationMillis its wall time
         */
        public StageFinished(
                String runId,
                int stage,
                @Nullable String taskId,
                String parentId,
                Instant at,
                int mainSteps,
                int maxSubSteps,
                int tasks,
                long durationMillis) {
            this(runId, stage, taskId, parentId, at, mainSteps, maxSubSteps, tasks, durationMillis, null);
        }
    }

    /**
     * One tool call of a model turn, as the model made it.
     *
     * @param id the call id
     * @param name the tool name
     * @param arguments the raw JSON arguments
     */
    record ToolCall(String id, String name, String arguments) {}

    /**
     * The orchestrator answered one turn; journaled so that a resumed run does not call it again.
     *
     * @param runId the run's id
     * @param stage the stage index
     * @param taskId always null
     * @param parentId the stage id
     * @param at when
     * @param text the assistant text, may be empty
     * @param toolCalls the tool calls, in order
     * @param model the model name
     * @param inputTokens input tokens of the turn
     * @param outputTokens output tokens of the turn
     */
    record OrchestratorTurn(
            String runId,
            int stage,
            @Nullable String taskId,
            String parentId,
            Instant at,
            String text,
            List<ToolCall> toolCalls,
            String model,
            long inputTokens,
            long outputTokens)
            implements SwarmEvent {

        /**
         * Creates the event under its origin header.
         *
         * @param origin the run, stage, task, parent unit and time of the event
         * @param text the assistant text, may be empty
         * @param toolCalls the tool calls, in order
         * @param model the model name
         * @param inputTokens input tokens of the turn
         * @param outputTokens output tokens of the turn
         */
        public OrchestratorTurn(
                Origin origin,
                String text,
                List<ToolCall> toolCalls,
                String model,
                long inputTokens,
                long outputTokens) {
            this(
                    origin.runId(),
                    origin.stage(),
                    origin.taskId(),
                    origin.parentId(),
                    origin.at(),
                    text,
                    toolCalls,
                    model,
                    inputTokens,
                    outputTokens);
        }
    }

    /**
     * The orchestrator defined a frozen subagent.
     *
     * @param runId the run's id
     * @param stage the stage index
     * @param taskId always null
     * @param parentId the stage id
     * @param at when
     * @param name the subagent's name
     * @param systemPrompt its system prompt
     * @param tools its tool names
     * @param model its model name
     */
    record SubagentCreated(
            String runId,
            int stage,
            @Nullable String taskId,
            String parentId,
            Instant at,
            String name,
            String systemPrompt,
            List<String> tools,
            String model)
            implements SwarmEvent {

        /**
         * Creates the event under its origin header.
         *
         * @param origin the run, stage, task, parent unit and time of the event
         * @param name the subagent's name
         * @param systemPrompt its system prompt
         * @param tools its tool names
         * @param model its model name
         */
        public SubagentCreated(Origin origin, String name, String systemPrompt, List<String> tools, String model) {
            this(
                    origin.runId(),
                    origin.stage(),
                    origin.taskId(),
                    origin.parentId(),
                    origin.at(),
                    name,
                    systemPrompt,
                    tools,
                    model);
        }
    }

    /**
     * A task was accepted for dispatch.
     *
     * @param runId the run's id
     * @param stage the stage index
     * @param taskId the task id
     * @param parentId the stage id
     * @param at when
     * @param agent the subagent's name
     * @param prompt the task prompt
     */
    record TaskAssigned(
            String runId, int stage, @Nullable String taskId, String parentId, Instant at, String agent, String prompt)
            implements SwarmEvent {

        /**
         * Creates the event under its origin header.
         *
         * @param origin the run, stage, task, parent unit and time of the event
         * @param agent the subagent's name
         * @param prompt the task prompt
         */
        public TaskAssigned(Origin origin, String agent, String prompt) {
            this(origin.runId(), origin.stage(), origin.taskId(), origin.parentId(), origin.at(), agent, prompt);
        }
    }

    /**
     * A task began running.
     *
     * @param runId the run's id
     * @param stage the stage index
     * @param taskId the task id
     * @param parentId the stage id
     * @param at when
     * @param agent the subagent's name
     */
    record TaskStarted(String runId, int stage, @Nullable String taskId, String parentId, Instant at, String agent)
            implements SwarmEvent {

        /**
         * Creates the event under its origin header.
         *
         * @param origin the run, stage, task, parent unit and time of the event
         * @param agent the subagent's name
         */
        public TaskStarted(Origin origin, String agent) {
            this(origin.runId(), origin.stage(), origin.taskId(), origin.parentId(), origin.at(), agent);
        }
    }

    /**
     * A task ended; its result is complete.
     *
     * @param runId the run's id
     * @param stage the stage index
     * @param taskId the task id
     * @param parentId the stage id
     * @param at when
     * @param result the task's result with status, steps and tokens
     */
    record TaskFinished(
            String runId, int stage, @Nullable String taskId, String parentId, Instant at, TaskResult result)
            implements SwarmEvent {

        /**
         * Creates the event under its origin header.
         *
         * @param origin the run, stage, task, parent unit and time of the event
         * @param result the task's result with status, steps and tokens
         */
        public TaskFinished(Origin origin, TaskResult result) {
            this(origin.runId(), origin.stage(), origin.taskId(), origin.parentId(), origin.at(), result);
        }
    }

    /**
     * A model call began.
     *
     * @param runId the run's id
     * @param stage the stage index
     * @param taskId the task id, or null for the orchestrator
     * @param parentId the task id or the stage id
     * @param at when
     * @param role {@code orchestrator} or the subagent's name
     * @param model the model name
     * @param step the caller's step number, from 1
     */
    record ModelCallStarted(
            String runId,
            int stage,
            @Nullable String taskId,
            String parentId,
            Instant at,
            String role,
            String model,
            int step)
            implements SwarmEvent {

        /**
         * Creates the event under its origin header.
         *
         * @param origin the run, stage, task, parent unit and time of the event
         * @param role {@code orchestrator} or the subagent's name
         * @param model the model name
         * @param step the caller's step number, from 1
         */
        public ModelCallStarted(Origin origin, String role, String model, int step) {
            this(origin.runId(), origin.stage(), origin.taskId(), origin.parentId(), origin.at(), role, model, step);
        }
    }

    /**
     * A model call ended.
     *
     * @param runId the run's id
     * @param stage the stage index
     * @param taskId the task id, or null for the orchestrator
     * @param parentId the task id or the stage id
     * @param at when
     * @param role {@code orchestrator} or the subagent's name
     * @param model the model name
     * @param step the caller's step number, from 1
     * @param inputTokens input tokens
     * @param outputTokens output tokens
     * @param latencyMillis how long the call took
     * @param error the failure, or null when it succeeded
     * @param responseModel the model name the provider reported in its response, or null when it reported none,
     *     the call failed, or the journal was written before it was recorded
     * @param finishReason why the model stopped, LangChain4j's {@code FinishReason} name (e.g. {@code STOP},
     *     {@code TOOL_EXECUTION}), or null when unknown
     * @param rateLimitWaitMillis how long the call waited for rate-limit capacity over all its attempts, or null in
     *     journals written before it was recorded
     */
    record ModelCallFinished(
            String runId,
            int stage,
            @Nullable String taskId,
            String parentId,
            Instant at,
            String role,
            String model,
            int step,
            long inputTokens,
            long outputTokens,
            long latencyMillis,
            @Nullable String error,
            @Nullable String responseModel,
            @Nullable String finishReason,
            @Nullable Long rateLimitWaitMillis)
            implements SwarmEvent {

        /**
         * Creates the event under its origin header.
         *
         * @param origin the run, stage, task, parent unit and time of the event
         * @param role {@code orchestrator} or the subagent's name
         * @param model the model name
         * @param step the caller's step number, from 1
         * @param inputTokens input tokens
         * @param outputTokens output tokens
         * @param latencyMillis how long the call took
         * @param error the failure, or null when it succeeded
         * @param responseModel the model name the provider reported, or null
         * @param finishReason why the model stopped, or null
         * @param rateLimitWaitMillis how long the call waited for rate-limit capacity, or null
         */
        public ModelCallFinished(
                Origin origin,
                String role,
                String model,
                int step,
                long inputTokens,
                long outputTokens,
                long latencyMillis,
                @Nullable String error,
                @Nullable String responseModel,
                @Nullable String finishReason,
                @Nullable Long rateLimitWaitMillis) {
            this(
                    origin.runId(),
                    origin.stage(),
                    origin.taskId(),
                    origin.parentId(),
                    origin.at(),
                    role,
                    model,
                    step,
                    inputTokens,
                    outputTokens,
                    latencyMillis,
                    error,
                    responseModel,
                    finishReason,
                    rateLimitWaitMillis);
        }

        /**
         * Creates the event under its origin header, without response model, finish reason or rate-limit wait.
         *
         * @param origin the run, stage, task, parent unit and time of the event
         * @param role {@code orchestrator} or the subagent's name
         * @param model the model name
         * @param step the caller's step number, from 1
         * @param inputTokens input tokens
         * @param outputTokens output tokens
         * @param latencyMillis how long the call took
         * @param error the failure, or null when it succeeded
         */
        public ModelCallFinished(
                Origin origin,
                String role,
                String model,
                int step,
                long inputTokens,
                long outputTokens,
                long latencyMillis,
                @Nullable String error) {
            this(origin, role, model, step, inputTokens, outputTokens, latencyMillis, error, null, null, null);
        }

        /**
         * A model call's end as journals before the response model, finish reason and rate-limit wait were recorded
         * hold it.
         *
         * @param runId the run's id
         * @param stage the stage index
         * @param taskId the task id, or null for the orchestrator
         * @param parentId the task id or the stage id
         * @param at when
         * @param role {@code orchestrator} or the subagent's name
         * @param model the model name
         * @param step the caller's step number, from 1
         * @param inputTokens input tokens
         * @param outputTokens output tokens
         * @param latencyMillis how long the call took
         * @param error the failure, or null when it succeeded
         */
        public ModelCallFinished(
                String runId,
                int stage,
                @Nullable String taskId,
                String parentId,
                Instant at,
                String role,
                String model,
                int step,
                long inputTokens,
                long outputTokens,
                long latencyMillis,
                @Nullable String error) {
            this(
                    runId,
                    stage,
                    taskId,
                    parentId,
                    at,
                    role,
                    model,
                    step,
                    inputTokens,
                    outputTokens,
                    latencyMillis,
                    error,
                    null,
                    null,
                    null);
        }
    }

    /**
     * A tool call began.
     *
     * @param runId the run's id
     * @param stage the stage index
     * @param taskId the task id, or null for an orchestrator tool
     * @param parentId the task id or the stage id
     * @param at when
     * @param tool the tool name
     * @param callId the call id
     * @param arguments the raw arguments
     */
    record ToolCallStarted(
            String runId,
            int stage,
            @Nullable String taskId,
            String parentId,
            Instant at,
            String tool,
            String callId,
            String arguments)
            implements SwarmEvent {

        /**
         * Creates the event under its origin header.
         *
         * @param origin the run, stage, task, parent unit and time of the event
         * @param tool the tool name
         * @param callId the call id
         * @param arguments the raw arguments
         */
        public ToolCallStarted(Origin origin, String tool, String callId, String arguments) {
            this(
                    origin.runId(),
                    origin.stage(),
                    origin.taskId(),
                    origin.parentId(),
                    origin.at(),
                    tool,
                    callId,
                    arguments);
        }
    }

    /**
     * A tool call ended.
     *
     * @param runId the run's id
     * @param stage the stage index
     * @param taskId the task id, or null for an orchestrator tool
     * @param parentId the task id or the stage id
     * @param at when
     * @param tool the tool name
     * @param callId the call id
     * @param error whether the result is an error
     * @param result the result text as the model sees it
     */
    record ToolCallFinished(
            String runId,
            int stage,
            @Nullable String taskId,
            String parentId,
            Instant at,
            String tool,
            String callId,
            boolean error,
            String result)
            implements SwarmEvent {

        /**
         * Creates the event under its origin header.
         *
         * @param origin the run, stage, task, parent unit and time of the event
         * @param tool the tool name
         * @param callId the call id
         * @param error whether the result is an error
         * @param result the result text as the model sees it
         */
        public ToolCallFinished(Origin origin, String tool, String callId, boolean error, String result) {
            this(
                    origin.runId(),
                    origin.stage(),
                    origin.taskId(),
                    origin.parentId(),
                    origin.at(),
                    tool,
                    callId,
                    error,
                    result);
        }
    }

    /**
     * A limit or budget was hit.
     *
     * @param runId the run's id
     * @param stage the stage index
     * @param taskId the task concerned, or null
     * @param parentId the enclosing unit
     * @param at when
     * @param limit the limit's name, e.g. {@code maxTasksPerStage}
     * @param detail what was refused or stopped
     */
    record LimitHit(
            String runId, int stage, @Nullable String taskId, String parentId, Instant at, String limit, String detail)
            implements SwarmEvent {

        /**
         * Creates the event under its origin header.
         *
         * @param origin the run, stage, task, parent unit and time of the event
         * @param limit the limit's name, e.g. {@code maxTasksPerStage}
         * @param detail what was refused or stopped
         */
        public LimitHit(Origin origin, String limit, String detail) {
            this(origin.runId(), origin.stage(), origin.taskId(), origin.parentId(), origin.at(), limit, detail);
        }
    }

    /**
     * A failed model call will be tried again.
     *
     * @param runId the run's id
     * @param stage the stage index
     * @param taskId the task id, or null for the orchestrator
     * @param parentId the enclosing unit
     * @param at when
     * @param model the model name
     * @param attempt the attempt that failed, from 1
     * @param delayMillis the wait before the next attempt
     * @param reason the failure
     * @param cause the failure's kind, a short low-cardinality name such as {@code HTTP 429}, {@code timeout} or
     *     {@code connection}; null in journals written before it was recorded
     */
    record RetryScheduled(
            String runId,
            int stage,
            @Nullable String taskId,
            String parentId,
            Instant at,
            String model,
            int attempt,
            long delayMillis,
            String reason,
            @Nullable String cause)
            implements SwarmEvent {

        /**
         * Creates the event under its origin header.
         *
         * @param origin the run, stage, task, parent unit and time of the event
         * @param model the model name
         * @param attempt the attempt that failed, from 1
         * @param delayMillis the wait before the next attempt
         * @param reason the failure
         * @param cause the failure's kind, e.g. {@code HTTP 429}, or null
         */
        public RetryScheduled(
                Origin origin, String model, int attempt, long delayMillis, String reason, @Nullable String cause) {
            this(
                    origin.runId(),
                    origin.stage(),
                    origin.taskId(),
                    origin.parentId(),
                    origin.at(),
                    model,
                    attempt,
                    delayMillis,
                    reason,
                    cause);
        }

        /**
         * Creates the event under its origin header, without the failure's kind.
         *
         * @param origin the run, stage, task, parent unit and time of the event
         * @param model the model name
         * @param attempt the attempt that failed, from 1
         * @param delayMillis the wait before the next attempt
         * @param reason the failure
         */
        public RetryScheduled(Origin origin, String model, int attempt, long delayMillis, String reason) {
            this(origin, model, attempt, delayMillis, reason, null);
        }

        /**
         * A retry as journals before the failure's kind was recorded hold it.
         *
         * @param runId the run's id
         * @param stage the stage index
         * @param taskId the task id, or null for the orchestrator
         * @param parentId the enclosing unit
         * @param at when
         * @param model the model name
         * @param attempt the attempt that failed, from 1
         * @param delayMillis the wait before the next attempt
         * @param reason the failure
         */
        public RetryScheduled(
                String runId,
                int stage,
                @Nullable String taskId,
                String parentId,
                Instant at,
                String model,
                int attempt,
                long delayMillis,
                String reason) {
            this(runId, stage, taskId, parentId, at, model, attempt, delayMillis, reason, null);
        }
    }

    /**
     * A task, or a model call, waits at the swarm-wide bulkhead: every place is taken by the runs of this swarm. It
     * starts when a place frees and its run's turn comes (see {@code docs/concurrency.md}); the task's wait is its
     * {@code TaskResult.queueWait}.
     *
     * @param runId the run's id
     * @param stage the stage index
     * @param taskId the waiting task, or null for an orchestrator call
     * @param parentId the enclosing unit
     * @param at when it began to wait
     * @param scope what is capped: {@code tasks} ({@code AgentSwarm.Builder.maxTasksInFlight}) or
     *     {@code model:<name>} ({@code ModelPolicy.maxCallsInFlight})
     * @param inFlight the places taken when it began to wait
     * @param capacity the cap
     * @param waiting how many wait, across the swarm's runs, this one included
     */
    record BulkheadWait(
            String runId,
            int stage,
            @Nullable String taskId,
            String parentId,
            Instant at,
            String scope,
            int inFlight,
            int capacity,
            int waiting)
            implements SwarmEvent {

        /**
         * Creates the event under its origin header.
         *
         * @param origin the run, stage, task, parent unit and time of the event
         * @param scope what is capped: {@code tasks} or {@code model:<name>}
         * @param inFlight the places taken when it began to wait
         * @param capacity the cap
         * @param waiting how many wait, this one included
         */
        public BulkheadWait(Origin origin, String scope, int inFlight, int capacity, int waiting) {
            this(
                    origin.runId(),
                    origin.stage(),
                    origin.taskId(),
                    origin.parentId(),
                    origin.at(),
                    scope,
                    inFlight,
                    capacity,
                    waiting);
        }
    }

    /**
     * An approval policy is asked to decide on a call (see {@code docs/control.md}); its decision follows as an
     * {@link ApprovalDecided} with the same key. A journal that ends between the two was waiting for the decision:
     * a resume asks again.
     *
     * @param runId the run's id
     * @param stage the stage index
     * @param taskId the task whose tool call it is, or null for the orchestrator's calls
     * @param parentId the enclosing unit
     * @param at when
     * @param key the call's stable key within the run
     * @param kind what the call does
     * @param tool the tool called
     * @param agent the subagent concerned, or null
     * @param arguments the call's arguments as JSON text
     */
    record ApprovalRequested(
            String runId,
            int stage,
            @Nullable String taskId,
            String parentId,
            Instant at,
            String key,
            ApprovalRequest.Kind kind,
            String tool,
            @Nullable String agent,
            String arguments)
            implements SwarmEvent {

        /**
         * Creates the event under its origin header.
         *
         * @param origin the run, stage, task, parent unit and time of the event
         * @param request what is asked
         */
        public ApprovalRequested(Origin origin, ApprovalRequest request) {
            this(
                    origin.runId(),
                    origin.stage(),
                    origin.taskId(),
                    origin.parentId(),
                    origin.at(),
                    request.key(),
                    request.kind(),
                    request.tool(),
                    request.agent(),
                    request.arguments());
        }
    }

    /**
     * A call was approved, denied or approved with edits; journaled, and replayed on resume instead of asking again.
     *
     * @param runId the run's id
     * @param stage the stage index
     * @param taskId the task whose tool call it is, or null for the orchestrator's calls
     * @param parentId the enclosing unit
     * @param at when
     * @param key the call's stable key within the run
     * @param verdict what was decided
     * @param reason why (a denial's reason: the call's tool result), or null
     * @param arguments the edited arguments of an edit, or null
     * @param replayed whether it was taken from the journal of the interrupted run instead of asked
     */
    record ApprovalDecided(
            String runId,
            int stage,
            @Nullable String taskId,
            String parentId,
            Instant at,
            String key,
            Decision.Verdict verdict,
            @Nullable String reason,
            @Nullable String arguments,
            boolean replayed)
            implements SwarmEvent {

        /**
         * Creates the event under its origin header.
         *
         * @param origin the run, stage, task, parent unit and time of the event
         * @param key the call's stable key within the run
         * @param decision the decision
         * @param replayed whether it was taken from the journal
         */
        public ApprovalDecided(Origin origin, String key, Decision decision, boolean replayed) {
            this(
                    origin.runId(),
                    origin.stage(),
                    origin.taskId(),
                    origin.parentId(),
                    origin.at(),
                    key,
                    decision.verdict(),
                    decision.reason(),
                    decision.arguments(),
                    replayed);
        }

        /** @return the decision */
        public Decision decision() {
            return new Decision(verdict, reason, arguments);
        }
    }

    /**
     * A guardrail checked a task prompt, a subagent's final message or the final answer.
     *
     * @param runId the run's id
     * @param stage the stage index
     * @param taskId the task concerned, or null for the final answer
     * @param parentId the enclosing unit
     * @param at when
     * @param target what was checked: {@code task_prompt}, {@code task_result} or {@code answer}
     * @param guardrail the guardrail's class name
     * @param outcome {@code passed}, {@code rewritten} or {@code failed}
     * @param message the guardrail's message when it failed, or null
     */
    record GuardrailChecked(
            String runId,
            int stage,
            @Nullable String taskId,
            String parentId,
            Instant at,
            String target,
            String guardrail,
            String outcome,
            @Nullable String message)
            implements SwarmEvent {

        /**
         * Creates the event under its origin header.
         *
         * @param origin the run, stage, task, parent unit and time of the event
         * @param target what was checked
         * @param guardrail the guardrail's class name
         * @param outcome {@code passed}, {@code rewritten} or {@code failed}
         * @param message the guardrail's message when it failed, or null
         */
        public GuardrailChecked(
                Origin origin, String target, String guardrail, String outcome, @Nullable String message) {
            this(
                    origin.runId(),
                    origin.stage(),
                    origin.taskId(),
                    origin.parentId(),
                    origin.at(),
                    target,
                    guardrail,
                    outcome,
                    message);
        }
    }
}

package dev.agentswarm.internal.run;

import dev.agentswarm.event.SwarmEvent;
import dev.agentswarm.journal.Journal;
import dev.agentswarm.report.TaskResult;
import dev.agentswarm.report.TaskStatus;
import dev.agentswarm.report.TokenUsage;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * What a resumed run takes from the journal of its interrupted predecessor instead of doing it again: the
 * orchestrator's turns by stage, the finished tasks by task id, and the results of the orchestrator's own tool calls
 * by stage and call id. Task ids ({@code s<stage>-t<index>}) are deterministic, and the journaled turns replay the
 * same tool calls, so the resumed run meets the same ids.
 *
 * <p>A journaled task result is reused when its status is final ({@code COMPLETED}, {@code STEP_LIMIT},
 * {@code FAILED}), or whatever its status when a later orchestrator turn is journaled (that turn already consumed it,
 * so the history must stay as it was). A {@code CANCELLED} or {@code TIMED_OUT} task of the last stage runs again.
 */
public final class ResumeState {

    /** The state of a fresh run: nothing to reuse. */
    public static final ResumeState NONE = new ResumeState(Map.of(), Map.of(), Map.of(), Map.of(), Map.of());

    private static final Set<TaskStatus> FINAL = Set.of(TaskStatus.COMPLETED, TaskStatus.STEP_LIMIT, TaskStatus.FAILED);

    private final Map<Integer, SwarmEvent.OrchestratorTurn> turns;
    private final Map<String, TaskResult> tasks;
    private final Map<String, SwarmEvent.ToolCallFinished> orchestratorTools;
    private final Map<String, SwarmEvent.ApprovalDecided> decisions;
    private final Map<String, String> decidedArguments;

    private ResumeState(
            Map<Integer, SwarmEvent.OrchestratorTurn> turns,
            Map<String, TaskResult> tasks,
            Map<String, SwarmEvent.ToolCallFinished> orchestratorTools,
            Map<String, SwarmEvent.ApprovalDecided> decisions,
            Map<String, String> decidedArguments) {
        this.decidedArguments = decidedArguments;
        this.turns = turns;
        this.tasks = tasks;
        this.orchestratorTools = orchestratorTools;
        this.decisions = decisions;
    }

    /**
     * Collects what a journal lets a resumed run reuse. The first journaled turn of a stage wins; a later final
     * result of a task wins over an earlier non-final one.
     *
     * @param journal the journal of the interrupted run
     * @return the state
     */
    public static ResumeState from(Journal journal) {
        Map<Integer, SwarmEvent.OrchestratorTurn> turns = new HashMap<>();
        Map<String, TaskResult> finished = new HashMap<>();
        Map<String, Integer> stageOfTask = new HashMap<>();
        Map<String, SwarmEvent.ToolCallFinished> tools = new HashMap<>();
        Map<String, SwarmEvent.ApprovalDecided> decisions = new HashMap<>();
        Map<String, String> requested = new HashMap<>();
        Map<String, String> requestedArguments = new HashMap<>();
        for (SwarmEvent e : journal.events()) {
            if (e instanceof SwarmEvent.ApprovalRequested q) {
                requested.putIfAbsent(q.key(), q.arguments());
                continue;
            }
            if (e instanceof SwarmEvent.ApprovalDecided d) {
                decisions.putIfAbsent(d.key(), d);
                continue;
            }
            if (e instanceof SwarmEvent.OrchestratorTurn t) {
                turns.putIfAbsent(t.stage(), t);
            } else if (e instanceof SwarmEvent.TaskFinished f && f.taskId() != null) {
                TaskResult old = finished.get(f.taskId());
                if (old == null || !FINAL.contains(old.status())) {
                    finished.put(f.taskId(), f.result());
                    stageOfTask.put(f.taskId(), f.stage());
                }
            } else if (e instanceof SwarmEvent.ToolCallFinished c && c.taskId() == null) {
                tools.putIfAbsent(toolKey(c.stage(), c.callId()), c);
            }
        }
        int lastTurn = turns.keySet().stream().mapToInt(Integer::intValue).max().orElse(-1);
        Map<String, TaskResult> reusable = new HashMap<>();
        finished.forEach((id, r) -> {
            if (FINAL.contains(r.status())
                    || Objects.requireNonNull(stageOfTask.get(id), "every finished task has its stage") < lastTurn) {
                reusable.put(id, r);
            }
        });
        // A decision is kept with the arguments it was asked about; one without its request is not replayed.
        Map<String, SwarmEvent.ApprovalDecided> replayable = new HashMap<>();
        decisions.forEach((key, d) -> {
            if (requested.containsKey(key)) {
                replayable.put(key, d);
                requestedArguments.put(key, requested.get(key));
            }
        });
        return new ResumeState(
                Map.copyOf(turns),
                Map.copyOf(reusable),
                Map.copyOf(tools),
                Map.copyOf(replayable),
                Map.copyOf(requestedArguments));
    }

    /**
     * @param stage a stage index
     * @return the journaled orchestrator turn of that stage, or null when the model must be called
     */
    public SwarmEvent.@Nullable OrchestratorTurn turn(int stage) {
        return turns.get(stage);
    }

    /**
     * @param taskId a task id
     * @param agent the subagent the resumed run assigns it to
     * @param prompt the prompt the resumed run gives it
     * @return the journaled result, or null when the task must run; a journaled task of another agent or prompt
     *     does not match and runs again
     */
    public @Nullable TaskResult task(String taskId, String agent, String prompt) {
        TaskResult r = tasks.get(taskId);
        if (r == null || !r.agent().equals(agent) || !r.prompt().equals(prompt)) {
            return null;
        }
        return r;
    }

    /**
     * @param stage a stage index
     * @param callId the id of an orchestrator tool call
     * @return the journaled result of that ordinary orchestrator tool call, or null when it must run
     */
    public SwarmEvent.@Nullable ToolCallFinished orchestratorTool(int stage, String callId) {
        return orchestratorTools.get(toolKey(stage, callId));
    }

    /**
     * @param key the stable key of a call that needs approval
     * @param arguments the arguments the resumed run asks about, as journaled (redacted)
     * @return the decision the interrupted run journaled for that key and those arguments, or null when the policy
     *     must be asked: a run that was waiting for that decision when it stopped asks again, and so does a call at
     *     the same place with other arguments (a task that ran again and called its tool differently)
     */
    public SwarmEvent.@Nullable ApprovalDecided decision(String key, String arguments) {
        SwarmEvent.ApprovalDecided d = decisions.get(key);
        return d != null && arguments.equals(decidedArguments.get(key)) ? d : null;
    }

    /** Makes one orchestrator turn's model call. */
    @FunctionalInterface
    public interface Turns {
        /**
         * @param request the turn's request
         * @param caller the orchestrator, in its stage
         * @param step the orchestrator's step number, from 1
         * @return the model's response
         */
        Mono<ChatResponse> call(ChatRequest request, ModelCaller.Caller caller, int step);
    }

    /** Runs one ordinary tool call of the orchestrator. */
    @FunctionalInterface
    public interface Tools {
        /**
         * @param call the tool call
         * @param caller the orchestrator, in its stage
         * @return its outcome; never an error signal
         */
        Mono<ToolInvoker.Outcome> invoke(ToolExecutionRequest call, ModelCaller.Caller caller);
    }

    /**
     * Decorates the orchestrator's live model calls with this journal: a stage whose turn is journaled replays it
     * ({@link #replay(RunContext, SwarmEvent.OrchestratorTurn)}) instead of calling the model.
     *
     * @param ctx the run
     * @param live calls the model
     * @return the live calls themselves when there is nothing to reuse
     */
    public Turns replaying(RunContext ctx, Turns live) {
        if (turns.isEmpty()) {
            return live;
        }
        return (request, caller, step) -> {
            SwarmEvent.OrchestratorTurn journaled = turn(caller.stage());
            return journaled == null
                    ? live.call(request, caller, step)
                    : Mono.fromSupplier(() -> replay(ctx, journaled));
        };
    }

    /**
     * Decorates the orchestrator's live tool calls with this journal: a call whose result is journaled (same stage and
     * call id) replays it instead of running again.
     *
     * @param ctx the run
     * @param live runs the tools
     * @return the live tool calls themselves when there is nothing to reuse
     */
    public Tools replaying(RunContext ctx, Tools live) {
        if (orchestratorTools.isEmpty()) {
            return live;
        }
        return (call, caller) -> {
            SwarmEvent.ToolCallFinished journaled = orchestratorTool(caller.stage(), String.valueOf(call.id()));
            return journaled == null ? live.invoke(call, caller) : Mono.fromSupplier(() -> replay(ctx, journaled));
        };
    }

    /** @return whether there is anything to reuse */
    public boolean isEmpty() {
        return turns.isEmpty() && tasks.isEmpty() && orchestratorTools.isEmpty() && decisions.isEmpty();
    }

    /** @return the ids of the reusable tasks */
    public List<String> reusableTaskIds() {
        return tasks.keySet().stream().sorted().toList();
    }

    /**
     * Replays a journaled orchestrator turn instead of calling the model: counts its tokens and rebuilds the response
     * (text, and tool calls with their ids, names and arguments). The loop then emits the turn again, as it would have.
     *
     * @param ctx the resumed run
     * @param turn the journaled turn
     * @return the response the model gave then
     */
    public static ChatResponse replay(RunContext ctx, SwarmEvent.OrchestratorTurn turn) {
        TokenUsage usage = new TokenUsage(turn.inputTokens(), turn.outputTokens());
        ctx.addTokens(turn.model(), usage);
        List<ToolExecutionRequest> calls = new ArrayList<>(turn.toolCalls().size());
        for (SwarmEvent.ToolCall c : turn.toolCalls()) {
            calls.add(ToolExecutionRequest.builder()
                    .id(c.id())
                    .name(c.name())
                    .arguments(c.arguments())
                    .build());
        }
        AiMessage.Builder ai = AiMessage.builder();
        if (!turn.text().isEmpty()) {
            ai.text(turn.text());
        }
        if (!calls.isEmpty()) {
            ai.toolExecutionRequests(calls);
        }
        return ChatResponse.builder()
                .aiMessage(ai.build())
                .modelName(turn.model())
                .tokenUsage(new dev.langchain4j.model.output.TokenUsage(
                        (int) turn.inputTokens(), (int) turn.outputTokens()))
                .build();
    }

    /**
     * Replays a journaled task instead of running it: counts its tokens and its step-limit hit, and emits its start
     * and its end again, so that the resumed run's events and report are those of an uninterrupted run.
     *
     * @param ctx the resumed run
     * @param stage the stage index
     * @param stageId the stage id
     * @param result the journaled result
     * @return the result
     */
    public static TaskResult replay(RunContext ctx, int stage, String stageId, TaskResult result) {
        result.tokensByModel().forEach(ctx::addTokens);
        ctx.emit(new SwarmEvent.TaskStarted(
                ctx.origin(stage, result.taskId(), stageId, result.startedAt()), result.agent()));
        if (result.status() == TaskStatus.STEP_LIMIT && result.reason() != null) {
            ctx.limitHit("maxSubagentSteps: task " + result.taskId() + " " + result.reason());
            ctx.emit(new SwarmEvent.LimitHit(
                    ctx.origin(stage, result.taskId(), stageId), "maxSubagentSteps", result.reason()));
        }
        ctx.emit(new SwarmEvent.TaskFinished(ctx.origin(stage, result.taskId(), stageId), result));
        return result;
    }

    /**
     * Replays a journaled ordinary orchestrator tool call instead of running it again, and emits its end again.
     *
     * @param ctx the resumed run
     * @param call the journaled end of the call
     * @return its outcome as the model saw it
     */
    public static ToolInvoker.Outcome replay(RunContext ctx, SwarmEvent.ToolCallFinished call) {
        ctx.emit(new SwarmEvent.ToolCallFinished(
                ctx.origin(call.stage(), null, call.parentId()),
                call.tool(),
                call.callId(),
                call.error(),
                call.result()));
        return new ToolInvoker.Outcome(call.error(), call.result());
    }

    private static String toolKey(int stage, String callId) {
        return stage + "/" + callId;
    }
}

package dev.agentswarm.eval.trajectory;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.agentswarm.eval.EvalTask;
import dev.agentswarm.eval.reward.ParlReward;
import dev.agentswarm.eval.reward.RewardTerms;
import dev.agentswarm.report.RunReport;
import dev.agentswarm.report.StageReport;
import dev.agentswarm.report.SwarmResult;
import dev.agentswarm.report.TaskResult;
import dev.agentswarm.security.Redactor;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * Turns a finished run and its {@linkplain TurnCapture captured} orchestrator turns into a trajectory for RL
 * trainers: one {@link TrajectoryRecord} per orchestrator turn, written as JSONL (one JSON object per line, snake_case
 * names, {@code schema_version} first). Each record holds the request exactly as the model received it and the
 * response exactly as it returned it, so a trainer rebuilds every turn's context from the record alone; the tool
 * results of a turn's calls are taken from the next request (what the orchestrator actually saw, compaction
 * included) and qualified by kind and task. Every text goes through the run's {@link Redactor} first. Reward terms
 * are computed over the stages so far; r_perf is on the last turn only.
 */
public final class TrajectoryExporter {

    /** The version of the record schema; bumped on any incompatible change. */
    public static final String SCHEMA_VERSION = "2";

    private static final ObjectMapper JSON = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .disable(SerializationFeature.INDENT_OUTPUT);

    private final ParlReward reward;
    private final long trainingStep;
    private final UnaryOperator<String> redact;

    /**
     * @param reward the reward whose terms each record carries
     * @param trainingStep the training step for the λ schedules, from 0
     * @param redactor the swarm's redactor ({@code AgentSwarm.redactor()}), applied to every text
     * @throws IllegalArgumentException if the training step is negative
     */
    public TrajectoryExporter(ParlReward reward, long trainingStep, Redactor redactor) {
        if (trainingStep < 0) {
            throw new IllegalArgumentException("the training step must be >= 0, got " + trainingStep);
        }
        this.reward = Objects.requireNonNull(reward, "reward");
        this.trainingStep = trainingStep;
        Objects.requireNonNull(redactor, "redactor");
        this.redact = redactor::redact;
    }

    /**
     * Builds the records of a run, r_perf from the reward's performance component.
     *
     * @param task the task the run was given
     * @param result the run's result
     * @param turns the run's captured turns ({@link TurnCapture#take})
     * @return one record per orchestrator turn, in order
     */
    public List<TrajectoryRecord> records(EvalTask task, SwarmResult result, List<CapturedTurn> turns) {
        return records(task, result, turns, null, reward.evaluate(task, result, trainingStep));
    }

    /**
     * Builds the records of a run whose final reward was computed elsewhere (a judge's r_perf).
     *
     * @param task the task the run was given
     * @param result the run's result
     * @param turns the run's captured turns ({@link TurnCapture#take})
     * @param episodeId the rollout episode, or null
     * @param finalTerms the reward terms of the whole run, carried by the last record
     * @return one record per orchestrator turn, in order
     */
    public List<TrajectoryRecord> records(
            EvalTask task,
            SwarmResult result,
            List<CapturedTurn> turns,
            @Nullable String episodeId,
            RewardTerms finalTerms) {
        List<StageReport> stages = result.report().stages();
        List<TrajectoryRecord> out = new ArrayList<>(turns.size());
        for (int i = 0; i < turns.size(); i++) {
            CapturedTurn turn = turns.get(i);
            CapturedTurn next = i + 1 < turns.size() ? turns.get(i + 1) : null;
            CapturedTurn previous = i > 0 ? turns.get(i - 1) : null;
            boolean last = next == null;
            StageReport stage = null;
            int critical = 0;
            int total = 0;
            int upTo = -1;
            for (int s = 0; s < stages.size(); s++) {
                StageReport r = stages.get(s);
                if (r.index() <= turn.stage()) {
                    critical += r.criticalSteps();
                    total += r.totalSteps();
                    upTo = s;
                }
                if (r.index() == turn.stage()) {
                    stage = r;
                }
            }
            AiMessage ai = turn.response().aiMessage();
            List<ToolExecutionRequest> calls = ai.hasToolExecutionRequests() ? ai.toolExecutionRequests() : List.of();
            List<ToolExecutionResultMessage> seen = next == null ? null : resultsSeen(next, ai, calls.size());
            List<TrajectoryRecord.Observation> observations =
                    seen == null ? List.of() : observations(calls, seen, stage);
            List<TrajectoryRecord.Subagent> subagents = new ArrayList<>();
            if (stage != null) {
                for (TaskResult r : stage.tasks()) {
                    subagents.add(new TrajectoryRecord.Subagent(
                            r.taskId(),
                            r.agent(),
                            redact.apply(r.prompt()),
                            r.status().name(),
                            r.steps(),
                            redact.apply(r.finalMessage()),
                            r.reason() == null ? null : redact.apply(r.reason()),
                            r.tokens().input(),
                            r.tokens().output(),
                            r.duration().toMillis()));
                }
            }
            RewardTerms terms = last ? finalTerms : reward.evaluateAuxiliary(task, upTo(result, upTo), trainingStep);
            out.add(new TrajectoryRecord(
                    SCHEMA_VERSION,
                    episodeId,
                    result.runId(),
                    task.id(),
                    i,
                    turn.stage(),
                    turn.step(),
                    ChatJson.request(turn.request(), redact),
                    ChatJson.response(turn.response(), redact),
                    previous != null && compacted(previous, turn),
                    seen != null,
                    observations,
                    subagents,
                    stage == null ? 0 : stage.criticalSteps(),
                    critical,
                    total,
                    terms,
                    last,
                    last ? result.status().name() : null));
        }
        return out;
    }

    /**
     * The tool results of a turn as the next request shows them: the tool messages that follow the turn's assistant
     * message, the last assistant message of the next request. Null when a compaction removed or changed it.
     */
    private static @Nullable List<ToolExecutionResultMessage> resultsSeen(
            CapturedTurn next, AiMessage ai, int callCount) {
        List<ChatMessage> messages = next.request().messages();
        for (int k = messages.size() - 1; k >= 0; k--) {
            if (messages.get(k) instanceof AiMessage found) {
                if (!found.equals(ai)) {
                    return null;
                }
                List<ToolExecutionResultMessage> results = new ArrayList<>();
                for (int j = k + 1; j < messages.size() && results.size() < callCount; j++) {
                    if (messages.get(j) instanceof ToolExecutionResultMessage t) {
                        results.add(t);
                    } else {
                        break;
                    }
                }
                return results;
            }
        }
        return null;
    }

    /** Whether the request is not the previous request + the previous response + its tool results. */
    private static boolean compacted(CapturedTurn previous, CapturedTurn turn) {
        List<ChatMessage> before = previous.request().messages();
        List<ChatMessage> now = turn.request().messages();
        AiMessage ai = previous.response().aiMessage();
        int calls = ai.hasToolExecutionRequests() ? ai.toolExecutionRequests().size() : 0;
        if (now.size() != before.size() + 1 + calls) {
            return true;
        }
        if (!now.subList(0, before.size()).equals(before)
                || !now.get(before.size()).equals(ai)) {
            return true;
        }
        for (int j = before.size() + 1; j < now.size(); j++) {
            if (!(now.get(j) instanceof ToolExecutionResultMessage)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Qualifies each result: the runtime numbers a stage's accepted {@code assign_task} calls in call order, so the
     * k-th accepted call is task {@code s<stage>-t<k>}; a call that matches the next task's agent and prompt is that
     * task, any other {@code assign_task} call was refused.
     */
    private List<TrajectoryRecord.Observation> observations(
            List<ToolExecutionRequest> calls, List<ToolExecutionResultMessage> seen, @Nullable StageReport stage) {
        List<TaskResult> tasks = stage == null ? List.of() : stage.tasks();
        int nextTask = 0;
        List<TrajectoryRecord.Observation> out = new ArrayList<>(seen.size());
        for (int i = 0; i < seen.size() && i < calls.size(); i++) {
            ToolExecutionRequest call = calls.get(i);
            ToolExecutionResultMessage result = seen.get(i);
            boolean error = Boolean.TRUE.equals(result.isError());
            String name = call.name();
            String kind;
            String taskId = null;
            if ("create_subagent".equals(name)) {
                kind = error ? "refused" : "create_subagent";
            } else if ("assign_task".equals(name)) {
                TaskResult candidate = nextTask < tasks.size() ? tasks.get(nextTask) : null;
                if (candidate != null && matches(call, candidate)) {
                    kind = "task_result";
                    taskId = candidate.taskId();
                    nextTask++;
                } else {
                    kind = "refused";
                }
            } else {
                kind = "tool";
            }
            out.add(new TrajectoryRecord.Observation(
                    i,
                    result.id(),
                    result.toolName(),
                    kind,
                    taskId,
                    error,
                    result.text() == null ? null : redact.apply(result.text())));
        }
        return out;
    }

    private static boolean matches(ToolExecutionRequest call, TaskResult task) {
        try {
            JsonNode args = JSON.readTree(String.valueOf(call.arguments()));
            return task.agent().equals(args.path("agent").asText(null))
                    && task.prompt().equals(args.path("prompt").asText(null));
        } catch (JsonProcessingException e) {
            return false;
        }
    }

    /**
     * @param record a record
     * @return its JSON line, without the newline
     */
    public static String toJson(TrajectoryRecord record) {
        try {
            return JSON.writeValueAsString(record);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a trajectory record could not be serialised: " + e.getMessage(), e);
        }
    }

    /**
     * @param records records
     * @return one JSON object per line, each line ended by a newline
     */
    public static String toJsonl(List<TrajectoryRecord> records) {
        StringBuilder sb = new StringBuilder();
        for (TrajectoryRecord r : records) {
            sb.append(toJson(r)).append('\n');
        }
        return sb.toString();
    }

    /**
     * Appends records as JSONL.
     *
     * @param records records
     * @param out where to write; not closed
     * @throws UncheckedIOException if writing fails
     */
    public static void write(List<TrajectoryRecord> records, Writer out) {
        try {
            out.write(toJsonl(records));
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("writing the trajectory failed", e);
        }
    }

    private static SwarmResult upTo(SwarmResult result, int lastStage) {
        RunReport r = result.report();
        RunReport partial = new RunReport(
                r.stages().subList(0, lastStage + 1),
                r.tokensByModel(),
                r.startedAt(),
                r.wallTime(),
                r.peakConcurrency(),
                r.limitsHit());
        return new SwarmResult(
                result.runId(), result.status(), result.answer(), result.reason(), result.subagents(), partial);
    }
}

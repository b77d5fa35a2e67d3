package dev.agentswarm.eval.trajectory;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.agentswarm.eval.EvalTask;
import dev.agentswarm.eval.reward.ParlReward;
import dev.agentswarm.eval.reward.RewardTerms;
import dev.agentswarm.event.SwarmEvent;
import dev.agentswarm.report.RunReport;
import dev.agentswarm.report.StageReport;
import dev.agentswarm.report.SwarmResult;
import dev.agentswarm.report.TaskResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Turns a finished run and its events into a trajectory for RL trainers: one {@link TrajectoryRecord} per
 * orchestrator turn, written as JSONL (one JSON object per line, snake_case names, {@code schema_version} first).
 * The assistant text and tool calls come from the run's {@link SwarmEvent.OrchestratorTurn} events, the results of
 * ordinary orchestrator tools from its {@link SwarmEvent.ToolCallFinished} events, and everything else from the
 * {@link SwarmResult}. Reward terms are computed over the turns so far; r_perf is scored on the last turn only.
 */
public final class TrajectoryExporter {

    /** The version of the record schema; bumped on any incompatible change. */
    public static final String SCHEMA_VERSION = "1";

    private static final ObjectMapper JSON = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .disable(SerializationFeature.INDENT_OUTPUT);

    private final ParlReward reward;
    private final long trainingStep;

    /**
     * @param reward the reward whose terms each record carries
     * @param trainingStep the training step for the λ schedules, from 0
     * @throws IllegalArgumentException if the training step is negative
     */
    public TrajectoryExporter(ParlReward reward, long trainingStep) {
        if (trainingStep < 0) {
            throw new IllegalArgumentException("the training step must be >= 0, got " + trainingStep);
        }
        this.reward = Objects.requireNonNull(reward, "reward");
        this.trainingStep = trainingStep;
    }

    /**
     * Builds the records of a run.
     *
     * @param task the task the run was given
     * @param result the run's result
     * @param events the run's events (other runs' events are ignored), for example from a {@link TrajectoryRecorder}
     * @return one record per orchestrator turn, in order
     * @throws IllegalArgumentException if the events lack the orchestrator turn of a stage
     */
    public List<TrajectoryRecord> records(EvalTask task, SwarmResult result, List<SwarmEvent> events) {
        Map<Integer, SwarmEvent.OrchestratorTurn> turns = new HashMap<>();
        Map<String, SwarmEvent.ToolCallFinished> orchestratorTools = new HashMap<>();
        for (SwarmEvent e : events) {
            if (!e.runId().equals(result.runId())) {
                continue;
            }
            if (e instanceof SwarmEvent.OrchestratorTurn t) {
                turns.put(t.stage(), t);
            } else if (e instanceof SwarmEvent.ToolCallFinished f && f.taskId() == null) {
                orchestratorTools.put(f.callId(), f);
            }
        }
        List<StageReport> stages = result.report().stages();
        List<TrajectoryRecord> out = new ArrayList<>(stages.size());
        int critical = 0;
        int total = 0;
        for (int t = 0; t < stages.size(); t++) {
            StageReport stage = stages.get(t);
            SwarmEvent.OrchestratorTurn turn = turns.get(stage.index());
            if (turn == null) {
                throw new IllegalArgumentException("the events of run " + result.runId()
                        + " lack the orchestrator turn "
                        + "of stage " + stage.index() + "; record them with a TrajectoryRecorder registered through "
                        + "AgentSwarm.Builder.listener(...)");
            }
            critical += stage.criticalSteps();
            total += stage.totalSteps();
            boolean last = t == stages.size() - 1;
            List<TrajectoryRecord.Message> messages = new ArrayList<>();
            if (t == 0) {
                messages.add(new TrajectoryRecord.Message("user", task.prompt(), List.of(), null, null));
            }
            List<TrajectoryRecord.ToolCall> calls = new ArrayList<>();
            for (SwarmEvent.ToolCall c : turn.toolCalls()) {
                calls.add(new TrajectoryRecord.ToolCall(c.id(), c.name(), c.arguments()));
            }
            messages.add(new TrajectoryRecord.Message("assistant", turn.text(), calls, null, null));
            for (SwarmEvent.ToolCall c : turn.toolCalls()) {
                SwarmEvent.ToolCallFinished f = orchestratorTools.get(c.id());
                if (f != null) {
                    messages.add(new TrajectoryRecord.Message("tool", f.result(), List.of(), c.id(), c.name()));
                }
            }
            List<TrajectoryRecord.Subagent> subagents = new ArrayList<>();
            for (TaskResult r : stage.tasks()) {
                subagents.add(new TrajectoryRecord.Subagent(
                        r.taskId(),
                        r.agent(),
                        r.prompt(),
                        r.status().name(),
                        r.steps(),
                        r.finalMessage(),
                        r.reason(),
                        r.tokens().input(),
                        r.tokens().output(),
                        r.duration().toMillis()));
            }
            RewardTerms terms = last
                    ? reward.evaluate(task, result, trainingStep)
                    : reward.evaluateAuxiliary(task, upTo(result, t), trainingStep);
            out.add(new TrajectoryRecord(
                    SCHEMA_VERSION,
                    result.runId(),
                    task.id(),
                    stage.index(),
                    last,
                    messages,
                    subagents,
                    stage.criticalSteps(),
                    critical,
                    total,
                    terms,
                    last ? result.status().name() : null));
        }
        return out;
    }

    /**
     * @param records records
     * @return one JSON object per line, each line ended by a newline
     */
    public static String toJsonl(List<TrajectoryRecord> records) {
        StringBuilder sb = new StringBuilder();
        for (TrajectoryRecord r : records) {
            try {
                sb.append(JSON.writeValueAsString(r)).append('\n');
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("a trajectory record could not be serialised: " + e.getMessage(), e);
            }
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

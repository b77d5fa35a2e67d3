package dev.agentswarm.eval.trajectory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.agentswarm.eval.EvalTask;
import dev.agentswarm.eval.LookupScenario;
import dev.agentswarm.eval.Scorer;
import dev.agentswarm.eval.reward.ParlReward;
import dev.agentswarm.report.SwarmResult;
import dev.agentswarm.test.ScriptedModel;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import reactor.core.scheduler.Schedulers;

/** One JSONL record per orchestrator turn of the {@link LookupScenario} swarm run, with hand-computed terms. */
class TrajectoryExportTest {

    static final EvalTask TASK = new EvalTask("lookup-1", LookupScenario.TASK, LookupScenario.ANSWER);

    @Test
    void oneRecordPerOrchestratorTurnWithStepsAndRewardTerms() throws Exception {
        ScriptedModel model = LookupScenario.model(Schedulers.immediate(), Duration.ZERO);
        TrajectoryRecorder recorder = new TrajectoryRecorder();
        SwarmResult result =
                LookupScenario.swarm(model, Schedulers.parallel(), recorder).run(LookupScenario.TASK);
        TrajectoryExporter exporter =
                new TrajectoryExporter(ParlReward.builder(Scorer.exactMatch()).build(), 0);

        List<TrajectoryRecord> records = exporter.records(TASK, result, recorder.events(result.runId()));

        assertThat(records).hasSize(2);
        TrajectoryRecord first = records.get(0);
        assertThat(first.turn()).isZero();
        assertThat(first.last()).isFalse();
        assertThat(first.messages()).extracting(TrajectoryRecord.Message::role).containsExactly("user", "assistant");
        assertThat(first.messages().get(0).content()).isEqualTo(LookupScenario.TASK);
        assertThat(first.messages().get(1).toolCalls())
                .extracting(TrajectoryRecord.ToolCall::name)
                .containsExactly("create_subagent", "assign_task", "assign_task", "assign_task", "assign_task");
        assertThat(first.subagents())
                .extracting(TrajectoryRecord.Subagent::finalMessage)
                .containsExactly("va", "vb", "vc", "vd");
        assertThat(first.subagents())
                .extracting(TrajectoryRecord.Subagent::steps)
                .containsExactly(3, 3, 3, 3);
        // stage 0: 1 + max(3, 3, 3, 3) = 4 critical steps; 1 + 4 * 3 = 13 steps
        assertThat(first.stageCriticalSteps()).isEqualTo(4);
        assertThat(first.criticalStepsSoFar()).isEqualTo(4);
        assertThat(first.totalStepsSoFar()).isEqualTo(13);
        // r_parallel = min(4, 10)/10 = 0.4, r_finish = 4/4 = 1; total = 0.3 * 0.4 + 0.2 * 1 = 0.32, no r_perf yet
        assertThat(first.reward().parallel()).isEqualTo(0.4);
        assertThat(first.reward().finish()).isEqualTo(1.0);
        assertThat(first.reward().performance()).isNull();
        assertThat(first.reward().total()).isCloseTo(0.32, within(1e-12));
        assertThat(first.status()).isNull();

        TrajectoryRecord last = records.get(1);
        assertThat(last.last()).isTrue();
        assertThat(last.messages()).singleElement().satisfies(m -> {
            assertThat(m.role()).isEqualTo("assistant");
            assertThat(m.content()).isEqualTo(LookupScenario.ANSWER);
            assertThat(m.toolCalls()).isEmpty();
        });
        assertThat(last.subagents()).isEmpty();
        assertThat(last.criticalStepsSoFar()).isEqualTo(5);
        assertThat(last.totalStepsSoFar()).isEqualTo(14);
        // + r_perf = 1 (exact match): 1.32
        assertThat(last.reward().performance()).isEqualTo(1.0);
        assertThat(last.reward().total()).isCloseTo(1.32, within(1e-12));
        assertThat(last.status()).isEqualTo("COMPLETED");

        StringWriter out = new StringWriter();
        TrajectoryExporter.write(records, out);
        String[] lines = out.toString().split("\n");
        assertThat(lines).hasSize(2);
        ObjectMapper json = new ObjectMapper();
        JsonNode line0 = json.readTree(lines[0]);
        assertThat(line0.fieldNames()).toIterable().first().isEqualTo("schema_version");
        assertThat(line0.get("schema_version").asText()).isEqualTo(TrajectoryExporter.SCHEMA_VERSION);
        assertThat(line0.get("run_id").asText()).isEqualTo("swarm-run");
        assertThat(line0.get("critical_steps_so_far").asInt()).isEqualTo(4);
        assertThat(line0.get("reward").get("lambda_parallel").asDouble()).isEqualTo(0.3);
        assertThat(line0.get("reward").get("performance").isNull()).isTrue();
        assertThat(line0.get("messages")
                        .get(1)
                        .get("tool_calls")
                        .get(1)
                        .get("name")
                        .asText())
                .isEqualTo("assign_task");
        assertThat(line0.get("subagents").get(0).get("task_id").asText()).isEqualTo("s0-t0");
        assertThat(json.readTree(lines[1]).get("reward").get("total").asDouble())
                .isCloseTo(1.32, within(1e-12));
    }

    @Test
    void eventsWithoutTheOrchestratorTurnsAreRefusedWithAHint() {
        ScriptedModel model = LookupScenario.model(Schedulers.immediate(), Duration.ZERO);
        SwarmResult result = LookupScenario.swarm(model, Schedulers.parallel()).run(LookupScenario.TASK);
        TrajectoryExporter exporter =
                new TrajectoryExporter(ParlReward.builder(Scorer.exactMatch()).build(), 0);

        assertThatThrownBy(() -> exporter.records(TASK, result, List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("lack the orchestrator turn of stage 0")
                .hasMessageContaining("TrajectoryRecorder");
    }
}

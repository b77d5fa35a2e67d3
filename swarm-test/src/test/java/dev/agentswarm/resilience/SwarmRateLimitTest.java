package dev.agentswarm.resilience;

import static dev.agentswarm.test.Replies.assignTask;
import static dev.agentswarm.test.Replies.calls;
import static dev.agentswarm.test.Replies.createSubagent;
import static dev.agentswarm.test.Replies.text;
import static org.assertj.core.api.Assertions.assertThat;

import dev.agentswarm.AgentSwarm;
import dev.agentswarm.SwarmRun;
import dev.agentswarm.report.RunStatus;
import dev.agentswarm.report.SwarmResult;
import dev.agentswarm.report.TaskStatus;
import dev.agentswarm.test.RecordedRequest;
import dev.agentswarm.test.ScriptedModel;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import reactor.test.scheduler.VirtualTimeScheduler;

/**
 * A per-model rate limit of R requests per minute, shared by every subagent task on that model: calls wait for
 * capacity instead of failing, and the observed request rate never exceeds R in any 60-second window. Virtual time.
 */
class SwarmRateLimitTest {

    static final int R = 5;
    static final int TASKS = 17;

    @Test
    void requestsNeverExceedTheLimitInAnyWindowAndNoCallFails() {
        VirtualTimeScheduler time = VirtualTimeScheduler.create();
        List<ToolExecutionRequest> stage = new ArrayList<>();
        stage.add(createSubagent("worker", "You work."));
        for (int i = 0; i < TASKS; i++) {
            stage.add(assignTask("worker", "task " + i));
        }
        ScriptedModel orchestrator = ScriptedModel.builder()
                .name("big")
                .orchestrator(calls(stage))
                .orchestrator(text("done"))
                .scheduler(time)
                .build();
        ScriptedModel workers = ScriptedModel.builder()
                .name("small")
                .subagentSystemPrompt("You work.", "worker")
                .subagent("worker", r -> text("answer to " + r.userPrompt()))
                .latency(Duration.ofSeconds(3))
                .scheduler(time)
                .build();
        SwarmRun run = AgentSwarm.builder()
                .orchestratorModel(orchestrator)
                .subagentModel(workers)
                .timer(time)
                .modelPolicy("small", ModelPolicy.builder().requestsPerMinute(R).build())
                .build()
                .start("go");
        time.advanceTimeBy(Duration.ofMinutes(10));
        SwarmResult result = run.result().block(Duration.ofSeconds(5));

        assertThat(result).isNotNull();
        assertThat(result.status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(result.tasks()).hasSize(TASKS).allMatch(t -> t.status() == TaskStatus.COMPLETED);
        List<Long> starts = workers.requests().stream()
                .map(RecordedRequest::receivedAt)
                .map(i -> i.toEpochMilli())
                .sorted()
                .toList();
        assertThat(starts).hasSize(TASKS);
        int maxInWindow = 0;
        for (int i = 0; i < starts.size(); i++) {
            int n = 0;
            for (long s : starts) {
                if (s >= starts.get(i) && s < starts.get(i) + 60_000) {
                    n++;
                }
            }
            maxInWindow = Math.max(maxInWindow, n);
        }
        assertThat(maxInWindow).as("most requests in any 60 s window").isEqualTo(R);
        // 17 requests at 5 per minute: the last can start at 3 minutes, not earlier, and it waits no longer.
        assertThat(starts.get(TASKS - 1)).isEqualTo(Duration.ofMinutes(3).toMillis());
        assertThat(orchestrator.requests()).hasSize(2);
    }
}

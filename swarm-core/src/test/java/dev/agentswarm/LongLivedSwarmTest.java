package dev.agentswarm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentswarm.internal.bulkhead.FairBulkhead;
import dev.agentswarm.internal.run.DurationHistory;
import dev.agentswarm.model.SwarmModel;
import dev.agentswarm.report.RunStatus;
import dev.agentswarm.report.SwarmResult;
import dev.agentswarm.resilience.ModelPolicy;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.TokenUsage;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.scheduler.VirtualTimeScheduler;

/**
 * One swarm for many runs, as a service holds it: every run defines a subagent of a name never seen before. The state
 * the swarm keeps between runs stays bounded: the duration history keeps the most recent names only, and the task
 * bulkhead keeps nothing of a run that ended.
 */
class LongLivedSwarmTest {

    static final int RUNS = 2_000;

    @Test
    void uniqueSubagentNamesOverManyRunsKeepTheStateBounded() {
        VirtualTimeScheduler vts = VirtualTimeScheduler.create();
        AgentSwarm swarm = AgentSwarm.builder()
                .orchestratorModel(SwarmModel.of("m", LongLivedSwarmTest::reply))
                .maxTasksInFlight(4)
                .modelPolicy(
                        "m",
                        ModelPolicy.builder()
                                .requestsPerMinute(1_000_000)
                                .maxCallsInFlight(8)
                                .build())
                .timer(vts)
                .build();
        DurationHistory history = swarm.launcher().settings().ordering().history();

        for (int i = 0; i < RUNS; i++) {
            AtomicReference<SwarmResult> result = new AtomicReference<>();
            swarm.execute("r" + i + " agent" + i).subscribe(result::set);
            vts.advanceTimeBy(Duration.ofMillis(50));
            assertThat(result.get()).isNotNull();
            assertThat(result.get().status()).isEqualTo(RunStatus.COMPLETED);
            assertThat(result.get().tasks()).hasSize(2);
        }

        assertThat(history.size()).isEqualTo(DurationHistory.DEFAULT_CAPACITY);
        assertThat(history.expected("agent" + (RUNS - 1)))
                .as("the newest name is known")
                .isNotNull();
        assertThat(history.expected("agent0"))
                .as("the oldest name is forgotten")
                .isNull();
        FairBulkhead tasks = swarm.launcher().tasks();
        assertThat(tasks).isNotNull();
        assertThat(tasks.inFlight()).isZero();
        assertThat(tasks.waiting()).isZero();
        assertThat(tasks.activeLanes()).as("no lane of an ended run is kept").isZero();
        assertThat(tasks.peakInFlight()).isBetween(1, 2);
        assertThat(swarm.launcher().runningRuns()).isZero();
        swarm.close();
    }

    @Test
    void theHistoryForgetsTheLeastRecentlyUsedName() {
        DurationHistory h = new DurationHistory(2);
        h.add("a", Duration.ofSeconds(1));
        h.add("b", Duration.ofSeconds(2));
        assertThat(h.expected("a")).isEqualTo(Duration.ofSeconds(1)); // a is now the most recently used
        h.add("c", Duration.ofSeconds(3));
        assertThat(h.expected("b")).isNull();
        assertThat(h.expected("a")).isEqualTo(Duration.ofSeconds(1));
        assertThat(h.expected("c")).isEqualTo(Duration.ofSeconds(3));
        h.add("c", Duration.ofSeconds(13));
        assertThat(h.expected("c")).isEqualTo(Duration.ofSeconds(6)); // 3 + 0.3 * (13 - 3)
        assertThat(h.size()).isEqualTo(2);
        assertThat(h.capacity()).isEqualTo(2);
    }

    /** The orchestrator defines {@code agent<i>} and gives it two tasks, then answers; a task answers at once. */
    private static Mono<ChatResponse> reply(ChatRequest request) {
        boolean orchestrator = false;
        for (ToolSpecification s : request.toolSpecifications()) {
            orchestrator |= "assign_task".equals(s.name());
        }
        AiMessage ai;
        if (!orchestrator) {
            ai = AiMessage.from("ok");
        } else if (request.messages().stream().anyMatch(m -> m instanceof AiMessage)) {
            ai = AiMessage.from("done");
        } else {
            String task = "";
            for (ChatMessage m : request.messages()) {
                if (m instanceof UserMessage u) {
                    task = u.singleText();
                }
            }
            String agent = task.split(" ")[1];
            ai = AiMessage.from(List.of(
                    call("c0", "create_subagent", "{\"name\":\"" + agent + "\",\"system_prompt\":\"You work.\"}"),
                    call("c1", "assign_task", "{\"agent\":\"" + agent + "\",\"prompt\":\"one\"}"),
                    call("c2", "assign_task", "{\"agent\":\"" + agent + "\",\"prompt\":\"two\"}")));
        }
        return Mono.just(ChatResponse.builder()
                .aiMessage(ai)
                .tokenUsage(new TokenUsage(1, 1))
                .build());
    }

    private static ToolExecutionRequest call(String id, String name, String arguments) {
        return ToolExecutionRequest.builder()
                .id(id)
                .name(name)
                .arguments(arguments)
                .build();
    }
}

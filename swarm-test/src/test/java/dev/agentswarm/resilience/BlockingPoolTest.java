package dev.agentswarm.resilience;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static dev.agentswarm.test.Replies.assignTask;
import static dev.agentswarm.test.Replies.calls;
import static dev.agentswarm.test.Replies.createSubagent;
import static dev.agentswarm.test.Replies.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import dev.agentswarm.AgentSwarm;
import dev.agentswarm.model.SwarmModel;
import dev.agentswarm.report.RunStatus;
import dev.agentswarm.report.SwarmResult;
import dev.agentswarm.report.TaskResult;
import dev.agentswarm.report.TaskStatus;
import dev.agentswarm.test.ScriptedModel;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Blocking models (issue 12, section 7): a blocking {@code ChatModel} runs on a pool sized to the swarm's concurrency,
 * whose threads are created on demand and retire when idle; a healthy task never waits behind a hung one, and a
 * timed-out call's thread is interrupted. On JDK 17 this is the swarm's own pool; on JDK 21+ virtual threads.
 */
class BlockingPoolTest {

    static final String WORKER_PROMPT = "You work.";

    /** An orchestrator that assigns one task per prompt in one turn, then answers. */
    static ScriptedModel orchestrator(List<String> prompts) {
        List<ToolExecutionRequest> stage = new ArrayList<>();
        stage.add(createSubagent("worker", WORKER_PROMPT));
        prompts.forEach(p -> stage.add(assignTask("worker", p)));
        return ScriptedModel.builder()
                .name("orchestrator-model")
                .orchestrator(calls(stage))
                .orchestrator(text("done"))
                .build();
    }

    static List<String> prompts(int n, Function<Integer, String> prompt) {
        List<String> prompts = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            prompts.add(prompt.apply(i));
        }
        return prompts;
    }

    /** A blocking model: {@code answer} runs on the calling thread and may block. */
    static ChatModel blocking(Function<String, String> answer) {
        return new ChatModel() {
            @Override
            public ChatResponse doChat(ChatRequest request) {
                UserMessage user =
                        (UserMessage) request.messages().get(request.messages().size() - 1);
                return ChatResponse.builder()
                        .aiMessage(AiMessage.from(answer.apply(user.singleText())))
                        .build();
            }
        };
    }

    @Test
    void aHungCallNeverMakesAHealthySiblingTimeOut() {
        CountDownLatch never = new CountDownLatch(1);
        AtomicBoolean hungCallInterrupted = new AtomicBoolean();
        ChatModel model = blocking(prompt -> {
            try {
                if (prompt.equals("hang")) {
                    never.await(60, TimeUnit.SECONDS); // a provider that never answers
                    return "too late";
                }
                Thread.sleep(100); // a provider that answers in 100 ms
                return "answer to " + prompt;
            } catch (InterruptedException e) {
                if (prompt.equals("hang")) {
                    hungCallInterrupted.set(true);
                }
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        });
        List<String> prompts = prompts(30, i -> i == 0 ? "hang" : "task " + i);
        AgentSwarm swarm = AgentSwarm.builder()
                .orchestratorModel(orchestrator(prompts))
                .subagentModel(SwarmModel.of("blocking-model", model))
                .taskTimeout(Duration.ofSeconds(2))
                .build();

        SwarmResult result = swarm.run("go");

        assertThat(result.status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(result.tasks()).hasSize(30);
        assertThat(result.tasks().get(0).status()).isEqualTo(TaskStatus.TIMED_OUT);
        assertThat(result.tasks().subList(1, 30)).allSatisfy(t -> {
            assertThat(t.status()).as(t.taskId() + ": " + t.reason()).isEqualTo(TaskStatus.COMPLETED);
            assertThat(t.finalMessage()).isEqualTo("answer to " + t.prompt());
        });
        // The timed-out call's thread was interrupted: it stopped waiting long before its 60 s.
        await().atMost(Duration.ofSeconds(10)).untilTrue(hungCallInterrupted);
    }

    @Test
    void sixtyFourBlockingCallsRunAtOnceUnderMaxConcurrency64() {
        CyclicBarrier allAtOnce = new CyclicBarrier(64);
        Set<Thread> threads = ConcurrentHashMap.newKeySet();
        ChatModel model = blocking(prompt -> {
            threads.add(Thread.currentThread());
            try {
                allAtOnce.await(15, TimeUnit.SECONDS); // passes only when 64 calls wait here together
            } catch (Exception e) {
                throw new IllegalStateException(
                        "not 64 calls at once: " + allAtOnce.getNumberWaiting() + " were waiting", e);
            }
            return "answer to " + prompt;
        });
        AgentSwarm swarm = AgentSwarm.builder()
                .orchestratorModel(orchestrator(prompts(64, i -> "task " + i)))
                .subagentModel(SwarmModel.of("blocking-model", model))
                .maxConcurrency(64)
                .build();

        SwarmResult result = swarm.run("go");

        assertThat(result.tasks())
                .hasSize(64)
                .allSatisfy(t -> assertThat(t.status())
                        .as(t.taskId() + ": " + t.reason())
                        .isEqualTo(TaskStatus.COMPLETED));
        assertThat(allAtOnce.isBroken()).isFalse();
        assertThat(threads).as("one thread per call in flight").hasSize(64);
        assertThat(result.report().peakConcurrency()).isEqualTo(64);
    }

    @Test
    void sixtyFourHttpCallsThroughTheRealOpenAiClientAreInFlightAtOnce() {
        HoldingServer holding = new HoldingServer(64);
        WireMockServer server = new WireMockServer(options()
                .bindAddress("127.0.0.1")
                .dynamicPort()
                .containerThreads(160)
                .extensions(holding));
        server.start();
        try {
            server.stubFor(post(urlPathEqualTo("/v1/chat/completions"))
                    .willReturn(aResponse().withStatus(200)));
            AgentSwarm swarm = AgentSwarm.builder()
                    .orchestratorModel(orchestrator(prompts(64, i -> "task " + i)))
                    .subagentModel(SwarmModel.of(ProviderFixture.MODEL, ProviderFixture.openAi(server)))
                    .maxConcurrency(64)
                    .build();

            SwarmResult result = swarm.run("go");

            assertThat(result.tasks())
                    .hasSize(64)
                    .allSatisfy(t -> assertThat(t.status())
                            .as(t.taskId() + ": " + t.reason())
                            .isEqualTo(TaskStatus.COMPLETED));
            assertThat(result.tasks()).extracting(TaskResult::finalMessage).allMatch(m -> m.equals("held answer"));
            assertThat(holding.released.get())
                    .as("requests the server held until 64 were in flight")
                    .isEqualTo(64);
            assertThat(holding.barrier.isBroken()).isFalse();
        } finally {
            server.stop();
        }
    }

    @Test
    void aHugeMaxConcurrencyWithABlockingModelBuildsAndRuns() {
        ChatModel model = blocking(prompt -> "answer to " + prompt);
        AgentSwarm swarm = AgentSwarm.builder()
                .orchestratorModel(orchestrator(prompts(3, i -> "task " + i)))
                .subagentModel(SwarmModel.of("blocking-model", model))
                .defaultModelPolicy(ModelPolicy.builder().hedge(0.9, 20).build())
                .maxConcurrency(Integer.MAX_VALUE)
                .build();

        SwarmResult result = swarm.run("go");

        assertThat(result.status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(result.tasks())
                .extracting(TaskResult::finalMessage)
                .containsExactly("answer to task 0", "answer to task 1", "answer to task 2");
    }

    @Test
    void poolThreadsAreCreatedOnDemandAndRetireWhenIdle() {
        String name = "retire-test-" + System.nanoTime();
        CyclicBarrier allAtOnce = new CyclicBarrier(4);
        ChatModel model = blocking(prompt -> {
            try {
                allAtOnce.await(15, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            return "ok";
        });
        SwarmModel pooled = SwarmModel.of(
                "m", model, dev.agentswarm.model.BlockingSchedulers.pool(name, 4, Duration.ofMillis(200)));
        assertThat(poolThreads(name)).as("no thread before the first call").isZero();

        ChatRequest request =
                ChatRequest.builder().messages(UserMessage.from("hi")).build();
        List<ChatResponse> answers = reactor.core.publisher.Flux.range(0, 4)
                .flatMap(i -> pooled.chat(request))
                .collectList()
                .block(Duration.ofSeconds(20));

        assertThat(answers).hasSize(4);
        assertThat(poolThreads(name)).isBetween(1, 4);
        await().atMost(Duration.ofSeconds(10)).until(() -> poolThreads(name) == 0);
    }

    static int poolThreads(String poolName) {
        return (int) Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().startsWith("swarm-blocking-" + poolName + "-"))
                .count();
    }

    /** An OpenAI-compatible server that holds every subagent request until {@code parties} are in flight. */
    static final class HoldingServer implements ResponseDefinitionTransformerV2 {
        final CyclicBarrier barrier;
        final AtomicInteger released = new AtomicInteger();

        HoldingServer(int parties) {
            barrier = new CyclicBarrier(parties);
        }

        @Override
        public String getName() {
            return "holding-openai";
        }

        @Override
        public ResponseDefinition transform(ServeEvent serveEvent) {
            try {
                barrier.await(30, TimeUnit.SECONDS);
                released.incrementAndGet();
            } catch (Exception e) {
                return new ResponseDefinition(500, "not enough requests in flight at once: " + e);
            }
            return ProviderFixture.completion("held answer").build();
        }
    }
}

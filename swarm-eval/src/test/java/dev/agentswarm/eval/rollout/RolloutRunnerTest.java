package dev.agentswarm.eval.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.agentswarm.eval.EvalTask;
import dev.agentswarm.model.SwarmModel;
import dev.agentswarm.policy.Budget;
import dev.agentswarm.resilience.ModelPolicy;
import dev.agentswarm.resilience.ProviderHttpException;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.TokenUsage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.test.scheduler.VirtualTimeScheduler;

/**
 * 200 episodes at once on one scripted policy: every episode ends, the shared caps hold (one swarm, episodes in
 * flight at the cap, tasks in flight within episodes × maxConcurrency), and each bad episode (a line that is not
 * JSON, a line without its task, an unknown toolset, a policy that fails, a hanging policy, an episode over its
 * budget, a judge that throws) ends alone with an error naming it while the others complete.
 */
class RolloutRunnerTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final int EPISODES = 200;
    static final int EPISODE_CAP = 40;
    static final int MAX_CONCURRENCY = 4;
    /** The swarm-wide cap on tasks in flight, below what the episodes could reach (40 x 4 = 160). */
    static final int TASK_CAP = 60;

    final AtomicInteger orchestratorCallsInFlight = new AtomicInteger();
    final AtomicInteger peakOrchestratorCalls = new AtomicInteger();

    static ToolExecutionRequest call(String id, String name, String args) {
        return ToolExecutionRequest.builder().id(id).name(name).arguments(args).build();
    }

    static ChatResponse respond(AiMessage m) {
        return ChatResponse.builder()
                .aiMessage(m)
                .tokenUsage(new TokenUsage(50, 5))
                .build();
    }

    /** The policy: turn 0 defines a worker and assigns three (or, for "wide", six) parts; turn 1 answers. */
    Mono<ChatResponse> policy(ChatRequest request) {
        boolean orchestrator = request.toolSpecifications().stream().anyMatch(t -> "assign_task".equals(t.name()));
        String user = ((UserMessage) request.messages().get(1)).singleText();
        if (!orchestrator) {
            return Mono.delay(Duration.ofMillis(5), Schedulers.parallel())
                    .thenReturn(respond(AiMessage.from("part done: " + user)));
        }
        if (user.contains("boom")) {
            return Mono.error(new ProviderHttpException(400, null, "bad request"));
        }
        if (user.contains("hang")) {
            return Mono.never();
        }
        long turns =
                request.messages().stream().filter(m -> m instanceof AiMessage).count();
        AiMessage reply;
        if (turns == 0) {
            List<ToolExecutionRequest> calls = new ArrayList<>();
            calls.add(call("call_0", "create_subagent", "{\"name\":\"worker\",\"system_prompt\":\"You do a part.\"}"));
            int parts = user.contains("wide") ? 6 : 3;
            for (int i = 0; i < parts; i++) {
                calls.add(call(
                        "call_" + (i + 1),
                        "assign_task",
                        "{\"agent\":\"worker\",\"prompt\":\"part " + i + " of " + user + "\"}"));
            }
            reply = AiMessage.from(calls);
        } else {
            reply = AiMessage.from(user.replace("task", "answer"));
        }
        return Mono.delay(Duration.ofMillis(2), Schedulers.parallel())
                .thenReturn(respond(reply))
                .doOnSubscribe(s ->
                        peakOrchestratorCalls.accumulateAndGet(orchestratorCallsInFlight.incrementAndGet(), Math::max))
                .doFinally(s -> orchestratorCallsInFlight.decrementAndGet());
    }

    static String line(String id, String task, String answer, String extra) {
        return "{\"id\":\"" + id + "\",\"task\":\"" + task + "\",\"answer\":\"" + answer + "\"" + extra + "}";
    }

    @Test
    void twoHundredEpisodesRunConcurrentlyWithSharedCapsAndEachBadEpisodeIsIsolated(@TempDir Path out)
            throws Exception {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            lines.add(line("q" + i, "task-" + i, "answer-" + i, ""));
        }
        lines.add("this is not json"); // line 11
        lines.add("{\"id\":\"no-task\"}"); // line 12
        lines.add(line("q-tools", "task-t", "answer-t", ",\"toolset\":\"nope\"")); // line 13
        lines.add(line("q-boom", "task-boom", "x", "")); // line 14
        lines.add(line("q-wide", "task-wide", "answer-wide", "")); // line 15
        lines.add(line("q-judge", "task-j", "answer-j", ",\"judge\":\"broken\"")); // line 16
        lines.add(line("q-hang", "task-hang", "x", "")); // line 17
        List<DatasetLine> dataset = Dataset.parse(lines);

        // The swarm's timer is virtual: the hanging episodes' run timeout fires only when the test moves time, once
        // every other episode has ended, so no episode times out because the machine is slow.
        VirtualTimeScheduler timer = VirtualTimeScheduler.create();
        RolloutRunner runner = RolloutRunner.builder()
                .policy(SwarmModel.of("policy", this::policy))
                .configure(b -> b.timer(timer)
                        .maxConcurrency(MAX_CONCURRENCY)
                        .budget(Budget.builder().maxTasks(5).build())
                        .defaultModelPolicy(ModelPolicy.builder()
                                .maxAttempts(2)
                                .backoff(Duration.ofMillis(1), 1.0, Duration.ofMillis(1))
                                .build()))
                .judge("broken", (task, answer) -> {
                    throw new IllegalStateException("judge exploded");
                })
                .maxConcurrentEpisodes(EPISODE_CAP)
                .maxTasksInFlight(TASK_CAP)
                .episodeTimeout(Duration.ofSeconds(3))
                .seed(42)
                .build();

        List<EpisodeResult> results;
        int hanging = 11; // line 17 of 17: episodes 16, 33, ..., 186
        CountDownLatch othersDone = new CountDownLatch(EPISODES - hanging);
        try (RolloutWriter writer = new RolloutWriter(out)) {
            CompletableFuture<List<EpisodeResult>> all = runner.run(dataset, EPISODES)
                    .doOnNext(writer::write)
                    .doOnNext(r -> {
                        if (r.line() != 17) {
                            othersDone.countDown();
                        }
                    })
                    .collectList()
                    .toFuture();
            assertThat(othersDone.await(2, TimeUnit.MINUTES))
                    .as("every episode but the hanging ones ends while they hang")
                    .isTrue();
            assertThat(all).isNotDone();
            assertThat(runner.progress().episodesInFlight()).isEqualTo(hanging);
            timer.advanceTimeBy(Duration.ofSeconds(3));
            results = all.get(1, TimeUnit.MINUTES);
        } finally {
            timer.dispose();
        }

        assertThat(results).hasSize(EPISODES);
        assertThat(results.stream().map(EpisodeResult::episodeId).collect(Collectors.toSet()))
                .hasSize(EPISODES);
        Map<Integer, List<EpisodeResult>> byLine = results.stream().collect(Collectors.groupingBy(EpisodeResult::line));
        // 200 episodes over 17 lines: lines 1..13 get 12 episodes, 14..17 get 11
        assertThat(byLine.get(1)).hasSize(12);
        assertThat(byLine.get(17)).hasSize(11);

        for (int l = 1; l <= 10; l++) {
            for (EpisodeResult r : byLine.get(l)) {
                assertThat(r.status()).as(r.toString()).isEqualTo("COMPLETED");
                assertThat(r.ok()).isTrue();
                assertThat(r.error()).isNull();
                assertThat(r.answer()).isEqualTo("answer-" + (l - 1));
                assertThat(r.reward().performance()).isEqualTo(1.0);
                assertThat(r.reward().parallel()).as("three parts at once").isGreaterThan(0.0);
                assertThat(r.tasks()).isEqualTo(3);
                assertThat(r.trajectory()).hasSize(2);
                assertThat(r.trajectory().get(0).episodeId()).isEqualTo(r.episodeId());
            }
        }
        assertIsolated(byLine.get(11), "INVALID_INPUT", "dataset line 11 is not JSON");
        assertIsolated(byLine.get(12), "INVALID_INPUT", "dataset line 12 lacks its task");
        assertIsolated(byLine.get(13), "INVALID_INPUT", "unknown toolset 'nope'");
        assertIsolated(byLine.get(14), "FAILED", "HTTP 400");
        assertIsolated(byLine.get(15), "BUDGET_EXHAUSTED", "maxTasks");
        assertIsolated(byLine.get(17), "TIMED_OUT", "wall-clock limit");
        for (EpisodeResult r : byLine.get(16)) {
            assertThat(r.status()).isEqualTo("COMPLETED");
            assertThat(r.judgeError())
                    .contains("episode " + r.episodeId())
                    .contains("dataset line 16")
                    .contains("judge exploded");
            assertThat(r.reward().performance()).isNull();
            assertThat(r.trajectory()).isNotEmpty();
        }

        // shared caps: one swarm for every episode, the episode cap reached and held, tasks within the bound
        RolloutProgress p = runner.progress();
        assertThat(runner.swarmsBuilt()).isEqualTo(1);
        assertThat(p.episodesDone()).isEqualTo(EPISODES);
        assertThat(p.episodesInFlight()).isZero();
        assertThat(p.peakEpisodesInFlight()).isEqualTo(EPISODE_CAP);
        assertThat(p.peakTasksInFlight())
                .as("tasks of several episodes ran at once, within the swarm-wide cap")
                .isGreaterThan(MAX_CONCURRENCY)
                .isLessThanOrEqualTo(TASK_CAP);
        assertThat(peakOrchestratorCalls.get()).isGreaterThan(1);
        assertThat(p.tasksInFlight()).isZero();
        assertThat(p.firstEpisodeDone()).isNotNull();
        assertThat(p.episodesNotOk()).isEqualTo(12 + 12 + 12 + 11 + 11 + 11 + 11);
        assertThat(p.line()).contains("episodes 200/200");

        // the output: one episode line each, and the trajectories of the episodes that ran
        List<String> episodeLines = Files.readAllLines(out.resolve(RolloutWriter.EPISODES));
        assertThat(episodeLines).hasSize(EPISODES);
        JsonNode first = JSON.readTree(episodeLines.get(0));
        assertThat(first.has("episode_id")).isTrue();
        assertThat(first.has("trajectory")).isFalse();
        long turns = results.stream().mapToLong(EpisodeResult::turns).sum();
        List<String> trajectoryLines = Files.readAllLines(out.resolve(RolloutWriter.TRAJECTORIES));
        assertThat(trajectoryLines).hasSize((int) turns);
        assertThat(new HashSet<>(trajectoryLines.stream()
                        .map(l -> {
                            try {
                                return JSON.readTree(l).get("episode_id").asText();
                            } catch (Exception e) {
                                throw new AssertionError(e);
                            }
                        })
                        .toList()))
                .hasSizeGreaterThan(100);
    }

    private static void assertIsolated(List<EpisodeResult> episodes, String status, String detail) {
        assertThat(episodes).isNotEmpty();
        for (EpisodeResult r : episodes) {
            assertThat(r.status()).as(r.toString()).isEqualTo(status);
            assertThat(r.error())
                    .as(r.toString())
                    .contains("episode " + r.episodeId())
                    .contains("line " + r.line())
                    .contains(detail);
            assertThat(r.ok()).isFalse();
        }
    }

    @Test
    void seedsDriveTemplatesAndParaphrasesReproducibly() {
        List<String> prompts = new java.util.concurrent.CopyOnWriteArrayList<>();
        SwarmModel echo = SwarmModel.of("policy", r -> {
            String user = ((UserMessage) r.messages().get(1)).singleText();
            prompts.add(user);
            return Mono.just(respond(AiMessage.from("ok")));
        });
        RolloutRunner.Builder b = RolloutRunner.builder()
                .policy(echo)
                .template(PromptTemplate.oneOf("Q: {task}", "Please: {task} ({id})"))
                .paraphraser((prompt, random) -> prompt + " #" + random.nextInt(1000))
                .seed(7);
        List<DatasetLine> data = List.of(new DatasetLine.Valid(RolloutTask.of(new EvalTask("q", "do it", "ok"))));

        List<EpisodeResult> a = b.build().run(data, 6).collectList().block();
        List<EpisodeResult> again = b.build().run(data, 6).collectList().block();

        Map<String, String> first =
                a.stream().collect(Collectors.toMap(EpisodeResult::episodeId, EpisodeResult::prompt));
        Map<String, String> second =
                again.stream().collect(Collectors.toMap(EpisodeResult::episodeId, EpisodeResult::prompt));
        assertThat(first).isEqualTo(second);
        assertThat(new HashSet<>(first.values()))
                .as("seeds diversify the prompts")
                .hasSizeGreaterThan(1);
        assertThat(first.values()).allMatch(p -> p.contains("do it"));
        assertThat(prompts).containsAll(first.values());
        assertThat(a).allMatch(r -> r.seed() != null && r.ok());
    }

    @Test
    void aTaskWithItsOwnSeedKeepsItAndAnUnknownJudgeIsNamed() {
        RolloutRunner runner = RolloutRunner.builder()
                .policy(SwarmModel.of("policy", r -> Mono.just(respond(AiMessage.from("ok")))))
                .build();
        List<DatasetLine> data = Dataset.parse(
                List.of("{\"task\":\"a\",\"answer\":\"ok\",\"seed\":99}", "{\"task\":\"b\",\"judge\":\"oracle\"}"));

        List<EpisodeResult> r = runner.run(data, 2).collectList().block();
        EpisodeResult seeded = r.stream().filter(e -> e.line() == 1).findFirst().orElseThrow();
        EpisodeResult unknown =
                r.stream().filter(e -> e.line() == 2).findFirst().orElseThrow();

        assertThat(seeded.seed()).isEqualTo(99L);
        assertThat(seeded.taskId()).isEqualTo("line-1");
        assertThat(unknown.status()).isEqualTo(EpisodeResult.INVALID_INPUT);
        assertThat(unknown.error())
                .contains("episode e1")
                .contains("unknown judge 'oracle'")
                .contains("exact");
    }
}

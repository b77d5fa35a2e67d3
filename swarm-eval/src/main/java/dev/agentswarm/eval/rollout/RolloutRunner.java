package dev.agentswarm.eval.rollout;

import dev.agentswarm.AgentSwarm;
import dev.agentswarm.RunOptions;
import dev.agentswarm.eval.EvalTask;
import dev.agentswarm.eval.Scorer;
import dev.agentswarm.eval.reward.ParlReward;
import dev.agentswarm.eval.reward.RewardTerms;
import dev.agentswarm.eval.trajectory.CapturedTurn;
import dev.agentswarm.eval.trajectory.TrajectoryExporter;
import dev.agentswarm.eval.trajectory.TrajectoryRecord;
import dev.agentswarm.eval.trajectory.TurnCapture;
import dev.agentswarm.event.SwarmEvent;
import dev.agentswarm.event.SwarmEventListener;
import dev.agentswarm.model.SwarmModel;
import dev.agentswarm.report.SwarmResult;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The RL environment's rollout runner: many episodes at once, each one swarm run on one task of a dataset, scored by
 * a judge, rewarded with PARL, and recorded as a faithful trajectory.
 *
 * <p><b>Shared limits.</b> Every episode of a toolset runs on the same {@link AgentSwarm}, built once by
 * {@link #swarmFor}: the per-model rate limits and retries of its {@code ModelPolicy} are shared by all of them, and
 * the policy model is decorated once by the {@link TurnCapture}. The runner bounds the episodes in flight
 * ({@link Builder#maxConcurrentEpisodes}); each run bounds its own tasks ({@code maxConcurrency}), so tasks in flight
 * stay below episodes × maxConcurrency. {@link Builder#maxTasksInFlight} sets the swarm-wide cap on tasks in flight
 * across all episodes of a swarm ({@code AgentSwarm.Builder.maxTasksInFlight}), shared fairly between the runs.
 *
 * <p><b>Isolation.</b> An episode never fails the rollout: a bad dataset line, an unknown toolset or judge, a run that
 * fails, exhausts its budget or times out ({@link Builder#episodeTimeout}), a judge that throws, each ends that
 * episode with its status and an error naming the episode and its line; the others go on.
 *
 * <p>Thread-safe; one rollout at a time per runner is the intended use, several are allowed.
 */
public final class RolloutRunner {

    private static final Logger LOG = LoggerFactory.getLogger(RolloutRunner.class);

    /** The name of the toolset of tasks that name none, unless {@link Builder#defaultToolset} changes it. */
    public static final String DEFAULT_TOOLSET = "default";

    /** The name of the judge of tasks that name none, unless {@link Builder#defaultJudge} changes it. */
    public static final String DEFAULT_JUDGE = "exact";

    private final SwarmModel policy;
    private final @Nullable SwarmModel subagents;
    private final UnaryOperator<AgentSwarm.Builder> configure;
    private final Map<String, UnaryOperator<AgentSwarm.Builder>> toolsets;
    private final Map<String, Judge> judges;
    private final String defaultToolset;
    private final String defaultJudge;
    private final PromptTemplate template;
    private final PromptTemplate.Paraphraser paraphraser;
    private final long seed;
    private final int maxConcurrentEpisodes;
    private final int maxTasksInFlight;
    private final @Nullable Duration episodeTimeout;
    private final Duration judgeTimeout;
    private final ParlReward reward;
    private final long trainingStep;
    private final Clock clock;

    private final TurnCapture capture = new TurnCapture();
    private final SwarmModel capturedPolicy;
    private final Map<String, AgentSwarm> swarms = new ConcurrentHashMap<>();
    private final Counters counters = new Counters();
    private final AtomicLong runIds = new AtomicLong();
    private final String runIdPrefix = "rollout-" + Long.toHexString(new SplittableRandom().nextLong()) + "-";

    private RolloutRunner(Builder b) {
        this.policy = Objects.requireNonNull(b.policy, "a policy model is required: call policy(...)");
        this.subagents = b.subagents;
        this.configure = b.configure;
        this.toolsets = Map.copyOf(b.toolsets);
        this.judges = Map.copyOf(b.judges);
        this.defaultToolset = b.defaultToolset;
        this.defaultJudge = b.defaultJudge;
        this.template = b.template;
        this.paraphraser = b.paraphraser;
        this.seed = b.seed;
        this.maxConcurrentEpisodes = b.maxConcurrentEpisodes;
        this.maxTasksInFlight = b.maxTasksInFlight;
        this.episodeTimeout = b.episodeTimeout;
        this.judgeTimeout = b.judgeTimeout;
        this.reward = b.reward;
        this.trainingStep = b.trainingStep;
        this.clock = b.clock;
        this.capturedPolicy = capture.wrap(policy);
    }

    /** @return a builder */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Runs {@code episodes} episodes over the dataset, episode i on line {@code i mod size}, at most
     * {@link Builder#maxConcurrentEpisodes} at once. Several episodes of one task (a group, for GRPO-style training)
     * differ by seed.
     *
     * @param dataset the dataset's lines, invalid ones included
     * @param episodes how many episodes, at least 0
     * @return each episode's result as it ends, in completion order; never an error signal
     * @throws IllegalArgumentException if the dataset is empty while episodes are asked for
     */
    public Flux<EpisodeResult> run(List<DatasetLine> dataset, int episodes) {
        if (episodes < 0) {
            throw new IllegalArgumentException("episodes must be >= 0, got " + episodes);
        }
        List<DatasetLine> lines = List.copyOf(dataset);
        if (lines.isEmpty() && episodes > 0) {
            throw new IllegalArgumentException("the dataset has no task; give at least one line");
        }
        return Flux.defer(() -> {
            counters.start(clock.instant(), episodes);
            return Flux.range(0, episodes).flatMap(i -> episode(i, lines.get(i % lines.size())), maxConcurrentEpisodes);
        });
    }

    /** @return a snapshot of the current rollout's progress */
    public RolloutProgress progress() {
        return counters.snapshot(clock.instant());
    }

    /**
     * The one swarm of a toolset, built on first use, so that all its episodes share its rate limits. This is where
     * every swarm of the rollout is configured: the captured policy, the subagent model, the user's configuration,
     * the toolset, the episode timeout and the progress listener.
     */
    AgentSwarm swarmFor(String toolset, UnaryOperator<AgentSwarm.Builder> tools) {
        return swarms.computeIfAbsent(toolset, name -> {
            // Run ids without UUID.randomUUID(): its SecureRandom may block on first use, and episodes start on the
            // threads where earlier episodes ended, which may be non-blocking ones. A user's runIds(...) still wins.
            AgentSwarm.Builder b = AgentSwarm.builder()
                    .orchestratorModel(capturedPolicy)
                    .runIds(() -> runIdPrefix + runIds.incrementAndGet());
            if (subagents != null) {
                b.subagentModel(subagents);
            }
            b = configure.apply(b);
            b = tools.apply(b);
            if (episodeTimeout != null) {
                b.runTimeout(episodeTimeout);
            }
            b.listener(counters);
            // One cap on tasks in flight across every episode of this swarm (the swarm-wide bulkhead).
            if (maxTasksInFlight > 0) {
                b.maxTasksInFlight(maxTasksInFlight);
            }
            LOG.debug("rollout: built the swarm of toolset '{}' (maxTasksInFlight {})", name, maxTasksInFlight);
            return b.build();
        });
    }

    /** @return the number of swarms built so far, one per toolset used */
    public int swarmsBuilt() {
        return swarms.size();
    }

    private Mono<EpisodeResult> episode(int index, DatasetLine entry) {
        String id = "e" + index;
        return Mono.defer(() -> {
                    if (entry instanceof DatasetLine.Invalid bad) {
                        return Mono.just(EpisodeResult.failed(
                                id,
                                index,
                                bad.line(),
                                null,
                                EpisodeResult.INVALID_INPUT,
                                "episode " + id + ": " + bad.error()));
                    }
                    RolloutTask task = ((DatasetLine.Valid) entry).task();
                    return run(id, index, task);
                })
                .onErrorResume(e -> Mono.just(EpisodeResult.failed(
                        id,
                        index,
                        entry.line(),
                        entry instanceof DatasetLine.Valid v ? v.task().task().id() : null,
                        EpisodeResult.ERROR,
                        "episode " + id + " (dataset line " + entry.line() + ") could not run: " + describe(e))))
                .doOnSubscribe(s -> counters.episodeStarted())
                .doOnNext(r -> counters.episodeDone(r, clock.instant()));
    }

    private Mono<EpisodeResult> run(String id, int index, RolloutTask task) {
        String where = "episode " + id + " (dataset line " + task.line() + ", task "
                + task.task().id() + ")";
        String toolsetName = task.toolset() == null ? defaultToolset : task.toolset();
        UnaryOperator<AgentSwarm.Builder> tools = toolsets.get(toolsetName);
        if (tools == null) {
            return Mono.just(EpisodeResult.failed(
                    id,
                    index,
                    task.line(),
                    task.task().id(),
                    EpisodeResult.INVALID_INPUT,
                    where + ": unknown toolset '" + toolsetName + "'; known: " + toolsets.keySet()));
        }
        String judgeName = task.judge() == null ? defaultJudge : task.judge();
        Judge judge = judges.get(judgeName);
        if (judge == null) {
            return Mono.just(EpisodeResult.failed(
                    id,
                    index,
                    task.line(),
                    task.task().id(),
                    EpisodeResult.INVALID_INPUT,
                    where + ": unknown judge '" + judgeName + "'; known: " + judges.keySet()));
        }
        long episodeSeed = task.seed() != null ? task.seed() : new SplittableRandom(seed + index).nextLong();
        String prompt = paraphraser.paraphrase(template.render(task, episodeSeed), new SplittableRandom(episodeSeed));
        AgentSwarm swarm = swarmFor(toolsetName, tools);
        AtomicReference<@Nullable String> runId = new AtomicReference<>();
        SwarmEventListener runStarted = event -> {
            if (event instanceof SwarmEvent.RunStarted) {
                runId.compareAndSet(null, event.runId());
            }
        };
        EvalTask evalTask = task.task();
        return swarm.execute(prompt, RunOptions.defaults().withListener(runStarted))
                .flatMap(result -> judge(judge, evalTask, result, where)
                        .map(score -> finish(id, index, task, episodeSeed, prompt, swarm, result, score, where)))
                .doFinally(signal -> {
                    String started = runId.get();
                    if (started != null) {
                        capture.take(started); // drops what an episode that ended in error left behind
                    }
                });
    }

    /** The judge's score, or its error: never an error signal. */
    private Mono<Scored> judge(Judge judge, EvalTask task, SwarmResult result, String where) {
        Mono<Double> score;
        try {
            score = judge.score(task, result.answer());
        } catch (RuntimeException e) {
            score = Mono.error(e);
        }
        return score.timeout(judgeTimeout)
                .map(s -> {
                    if (!(s >= 0.0 && s <= 1.0)) {
                        throw new IllegalStateException("the judge returned " + s + ", outside [0, 1]");
                    }
                    return new Scored(s, null);
                })
                .switchIfEmpty(Mono.fromSupplier(() -> new Scored(null, where + ": the judge returned no score")))
                .onErrorResume(e -> Mono.just(new Scored(null, where + ": the judge failed: " + describe(e))));
    }

    private record Scored(@Nullable Double score, @Nullable String error) {}

    private EpisodeResult finish(
            String id,
            int index,
            RolloutTask task,
            long episodeSeed,
            String prompt,
            AgentSwarm swarm,
            SwarmResult result,
            Scored scored,
            String where) {
        RewardTerms terms = reward.evaluate(task.task(), result, trainingStep, scored.score());
        List<CapturedTurn> turns = capture.take(result.runId());
        List<TrajectoryRecord> trajectory = new TrajectoryExporter(reward, trainingStep, swarm.redactor())
                .records(task.task(), result, turns, id, terms);
        String status = result.status().name();
        String error = result.isCompleted()
                ? null
                : where + " ended " + status + (result.reason() == null ? "" : ": " + result.reason());
        return new EpisodeResult(
                id,
                index,
                task.line(),
                task.task().id(),
                result.runId(),
                episodeSeed,
                swarm.redactor().redact(prompt),
                status,
                error,
                scored.error(),
                result.answer(),
                terms,
                result.criticalSteps(),
                result.report().totalSteps(),
                result.tasks().size(),
                result.report().tokens().total(),
                result.report().wallTime().toMillis(),
                trajectory.size(),
                trajectory);
    }

    private String describe(Throwable e) {
        String message = e.getMessage() == null ? "" : ": " + e.getMessage();
        String text = e.getClass().getSimpleName() + message;
        int nl = text.indexOf('\n');
        return nl < 0 ? text : text.substring(0, nl);
    }

    /** Counts episodes and tasks across every swarm of the rollout; a listener of each swarm. */
    private static final class Counters implements SwarmEventListener {
        private volatile Instant started = Instant.EPOCH;
        private volatile int total;
        private final AtomicInteger done = new AtomicInteger();
        private final AtomicInteger notOk = new AtomicInteger();
        private final AtomicInteger inFlight = new AtomicInteger();
        private final AtomicInteger peakEpisodes = new AtomicInteger();
        private final AtomicLong tasksInFlight = new AtomicLong();
        private final AtomicLong peakTasks = new AtomicLong();
        private final AtomicLong tasksDone = new AtomicLong();
        private final AtomicReference<@Nullable Duration> firstDone = new AtomicReference<>();

        void start(Instant now, int episodes) {
            started = now;
            total = episodes;
            done.set(0);
            notOk.set(0);
            peakEpisodes.set(0);
            peakTasks.set(tasksInFlight.get());
            tasksDone.set(0);
            firstDone.set(null);
        }

        void episodeStarted() {
            peakEpisodes.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
        }

        void episodeDone(EpisodeResult r, Instant now) {
            inFlight.decrementAndGet();
            done.incrementAndGet();
            if (!r.ok()) {
                notOk.incrementAndGet();
            }
            firstDone.compareAndSet(null, Duration.between(started, now));
        }

        @Override
        public void onEvent(SwarmEvent event) {
            if (event instanceof SwarmEvent.TaskStarted) {
                peakTasks.accumulateAndGet(tasksInFlight.incrementAndGet(), Math::max);
            } else if (event instanceof SwarmEvent.TaskFinished) {
                tasksInFlight.decrementAndGet();
                tasksDone.incrementAndGet();
            }
        }

        RolloutProgress snapshot(Instant now) {
            return new RolloutProgress(
                    total,
                    done.get(),
                    notOk.get(),
                    inFlight.get(),
                    peakEpisodes.get(),
                    Math.max(0, tasksInFlight.get()),
                    peakTasks.get(),
                    tasksDone.get(),
                    Duration.between(started, now),
                    firstDone.get());
        }
    }

    /** Configures a {@link RolloutRunner}. */
    public static final class Builder {
        private @Nullable SwarmModel policy;
        private @Nullable SwarmModel subagents;
        private UnaryOperator<AgentSwarm.Builder> configure = UnaryOperator.identity();
        private final Map<String, UnaryOperator<AgentSwarm.Builder>> toolsets = new LinkedHashMap<>();
        private final Map<String, Judge> judges = new LinkedHashMap<>();
        private String defaultToolset = DEFAULT_TOOLSET;
        private String defaultJudge = DEFAULT_JUDGE;
        private PromptTemplate template = PromptTemplate.identity();
        private PromptTemplate.Paraphraser paraphraser = PromptTemplate.Paraphraser.none();
        private long seed;
        private int maxConcurrentEpisodes = 256;
        private int maxTasksInFlight;
        private @Nullable Duration episodeTimeout;
        private Duration judgeTimeout = Duration.ofMinutes(10);
        private ParlReward reward = ParlReward.builder(Scorer.exactMatch()).build();
        private long trainingStep;
        private Clock clock = Clock.systemUTC();

        private Builder() {
            toolsets.put(DEFAULT_TOOLSET, UnaryOperator.identity());
            judges.put(DEFAULT_JUDGE, Judge.exact());
            judges.put("normalized", Judge.normalizedAnswer());
        }

        /**
         * @param model the orchestrator: the trainable policy, usually an OpenAI-compatible endpoint (vLLM, SGLang)
         * @return this builder
         */
        public Builder policy(SwarmModel model) {
            this.policy = Objects.requireNonNull(model, "model");
            return this;
        }

        /**
         * @param model the frozen subagents' model; the policy's when not given
         * @return this builder
         */
        public Builder subagents(SwarmModel model) {
            this.subagents = Objects.requireNonNull(model, "model");
            return this;
        }

        /**
         * @param configure applied to every swarm's builder: limits, budgets, model policies (rate limits, retries),
         *     context policies, maxConcurrency, secrets
         * @return this builder
         */
        public Builder configure(UnaryOperator<AgentSwarm.Builder> configure) {
            this.configure = Objects.requireNonNull(configure, "configure");
            return this;
        }

        /**
         * @param name the toolset's name, as datasets give it
         * @param tools adds its tools to a swarm's builder ({@code b -> b.tools(...)})
         * @return this builder
         */
        public Builder toolset(String name, UnaryOperator<AgentSwarm.Builder> tools) {
            toolsets.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(tools, "tools"));
            return this;
        }

        /**
         * @param name the toolset of tasks that name none; it must be registered
         * @return this builder
         */
        public Builder defaultToolset(String name) {
            this.defaultToolset = Objects.requireNonNull(name, "name");
            return this;
        }

        /**
         * @param name the judge's name, as datasets give it ({@code exact} and {@code normalized} are registered)
         * @param judge the judge
         * @return this builder
         */
        public Builder judge(String name, Judge judge) {
            judges.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(judge, "judge"));
            return this;
        }

        /**
         * @param name the judge of tasks that name none; it must be registered
         * @return this builder
         */
        public Builder defaultJudge(String name) {
            this.defaultJudge = Objects.requireNonNull(name, "name");
            return this;
        }

        /**
         * @param template renders each episode's prompt from its task and seed
         * @return this builder
         */
        public Builder template(PromptTemplate template) {
            this.template = Objects.requireNonNull(template, "template");
            return this;
        }

        /**
         * @param paraphraser rewrites each rendered prompt, seeded by the episode
         * @return this builder
         */
        public Builder paraphraser(PromptTemplate.Paraphraser paraphraser) {
            this.paraphraser = Objects.requireNonNull(paraphraser, "paraphraser");
            return this;
        }

        /**
         * @param seed the rollout's seed, from which episodes whose task gives none derive theirs
         * @return this builder
         */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /**
         * @param episodes the most episodes in flight at once, at least 1 (default 256)
         * @return this builder
         */
        public Builder maxConcurrentEpisodes(int episodes) {
            if (episodes < 1) {
                throw new IllegalArgumentException("maxConcurrentEpisodes must be >= 1, got " + episodes);
            }
            this.maxConcurrentEpisodes = episodes;
            return this;
        }

        /**
         * A swarm-wide cap on subagent tasks in flight across every episode of a swarm, up to 100,000; 0 for none
         * (then episodes × each run's {@code maxConcurrency} bounds the tasks in flight). Episodes share it fairly
         * through the swarm's bulkhead; a task waiting for a place holds no thread.
         *
         * @param tasks the cap, at least 0
         * @return this builder
         */
        public Builder maxTasksInFlight(int tasks) {
            if (tasks < 0) {
                throw new IllegalArgumentException("maxTasksInFlight must be >= 0, got " + tasks);
            }
            this.maxTasksInFlight = tasks;
            return this;
        }

        /**
         * @param timeout the wall-clock limit of each episode's run, which then ends {@code TIMED_OUT} with the
         *     tasks that had finished
         * @return this builder
         */
        public Builder episodeTimeout(Duration timeout) {
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("episodeTimeout must be positive, got " + timeout);
            }
            this.episodeTimeout = timeout;
            return this;
        }

        /**
         * @param timeout how long a judge may take to score one answer (default 10 minutes); a judge that takes longer
         *     is that episode's judge error
         * @return this builder
         */
        public Builder judgeTimeout(Duration timeout) {
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("judgeTimeout must be positive, got " + timeout);
            }
            this.judgeTimeout = timeout;
            return this;
        }

        /**
         * @param reward the PARL reward (its r_perf is replaced by the episode's judge)
         * @param trainingStep the training step for its λ schedules, from 0
         * @return this builder
         */
        public Builder reward(ParlReward reward, long trainingStep) {
            if (trainingStep < 0) {
                throw new IllegalArgumentException("the training step must be >= 0, got " + trainingStep);
            }
            this.reward = Objects.requireNonNull(reward, "reward");
            this.trainingStep = trainingStep;
            return this;
        }

        /**
         * @param clock the clock of progress and time to first episode
         * @return this builder
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * @return the runner
         * @throws IllegalStateException if no policy is given, or the default toolset or judge is not registered
         */
        public RolloutRunner build() {
            if (policy == null) {
                throw new IllegalStateException("a policy model is required: call policy(...)");
            }
            if (!toolsets.containsKey(defaultToolset)) {
                throw new IllegalStateException(
                        "the default toolset '" + defaultToolset + "' is not registered; known: " + toolsets.keySet());
            }
            if (!judges.containsKey(defaultJudge)) {
                throw new IllegalStateException(
                        "the default judge '" + defaultJudge + "' is not registered; known: " + judges.keySet());
            }
            return new RolloutRunner(this);
        }
    }

    /**
     * @param results episode results
     * @return the mean total reward of those that have one; NaN when none has
     */
    public static double meanReward(List<EpisodeResult> results) {
        List<Double> totals = new ArrayList<>();
        for (EpisodeResult r : results) {
            if (r.reward() != null) {
                totals.add(r.reward().total());
            }
        }
        return totals.isEmpty()
                ? Double.NaN
                : totals.stream().mapToDouble(Double::doubleValue).average().orElse(0);
    }
}

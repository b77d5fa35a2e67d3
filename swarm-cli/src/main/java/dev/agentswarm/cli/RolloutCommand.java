package dev.agentswarm.cli;

import dev.agentswarm.eval.Scorer;
import dev.agentswarm.eval.reward.ParlReward;
import dev.agentswarm.eval.rollout.Dataset;
import dev.agentswarm.eval.rollout.DatasetLine;
import dev.agentswarm.eval.rollout.EpisodeResult;
import dev.agentswarm.eval.rollout.RolloutProgress;
import dev.agentswarm.eval.rollout.RolloutRunner;
import dev.agentswarm.eval.rollout.RolloutWriter;
import dev.agentswarm.eval.rollout.SimulatedPolicy;
import dev.agentswarm.model.SwarmModel;
import dev.agentswarm.resilience.ModelPolicy;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;

/**
 * {@code swarm rollout}: the RL environment from the command line. Runs episodes over a JSONL dataset, many at once on
 * one shared swarm, with the orchestrator (the policy) on an OpenAI-compatible endpoint and the subagents on another,
 * or offline on the simulated policy; writes {@code episodes.jsonl} and {@code trajectories.jsonl} to {@code --out}.
 * A bad dataset line, a failing endpoint or an episode over its budget ends that episode with an error naming it;
 * the exit code is 0 when every episode completed and was judged, 1 otherwise, 2 for bad options.
 */
@Command(
        name = "rollout",
        mixinStandardHelpOptions = true,
        description = "Run RL episodes over a JSONL dataset (one task per line) concurrently, judge them, and write "
                + "their outcomes, PARL reward terms and faithful trajectories as JSONL. Offline on the simulated "
                + "policy unless --policy-url is given.")
public final class RolloutCommand implements Callable<Integer> {

    private final CliContext ctx;

    @Option(names = "--dataset", required = true, description = "The tasks, JSONL: {\"id\",\"task\",\"answer\",...}.")
    Path dataset = Path.of("");

    @Option(names = "--episodes", description = "Episodes to run, cycling over the dataset (default: one per line).")
    @Nullable
    Integer episodes;

    @Option(
            names = "--policy-url",
            description = "OpenAI-compatible endpoint of the policy (orchestrator), e.g. "
                    + "http://localhost:8000/v1 (vLLM, SGLang). Default: the simulated policy, offline.")
    @Nullable
    String policyUrl;

    @Option(names = "--policy-model", description = "The policy's served model name (required with --policy-url).")
    @Nullable
    String policyModel;

    @Option(
            names = "--subagent-url",
            description = "OpenAI-compatible endpoint of the frozen subagents " + "(default: the policy's).")
    @Nullable
    String subagentUrl;

    @Option(names = "--subagent-model", description = "The subagents' model name (default: the policy's).")
    @Nullable
    String subagentModel;

    @Option(names = "--out", description = "Output folder (default: ./rollout); its files must not exist yet.")
    @Nullable
    Path out;

    @Option(names = "--max-episodes", description = "Episodes in flight at once (default ${DEFAULT-VALUE}).")
    int maxEpisodes = 256;

    @Option(names = "--concurrency", description = "Subagent tasks of one episode at once (default ${DEFAULT-VALUE}).")
    int concurrency = 64;

    @Option(names = "--max-tasks-in-flight", description = "Swarm-wide cap on tasks in flight, 0 = none (default 0).")
    int maxTasksInFlight;

    @Option(names = "--episode-timeout", description = "Seconds an episode may run (default ${DEFAULT-VALUE}).")
    int episodeTimeout = 600;

    @Option(names = "--max-attempts", description = "Attempts per model call, retries included (default 3).")
    int maxAttempts = 3;

    @Option(names = "--training-step", description = "Training step for the λ schedules (default 0).")
    long trainingStep;

    @Option(names = "--anneal-steps", description = "Steps over which λ1 0.3→0 and λ2 0.2→0 (default 1000).")
    long annealSteps = ParlReward.DEFAULT_ANNEALING_STEPS;

    @Option(names = "--critical-step-budget", description = "Critical steps without penalty, 0 = no budget.")
    int criticalStepBudget;

    @Option(names = "--judge", description = "Judge of tasks that name none: exact or normalized (default exact).")
    String judge = RolloutRunner.DEFAULT_JUDGE;

    @Option(names = "--seed", description = "The rollout's seed (default 0).")
    long seed;

    @Option(names = "--sim-width", description = "Simulated policy: tasks per first turn (default ${DEFAULT-VALUE}).")
    int simWidth = 4;

    @Option(names = "--sim-latency-ms", description = "Simulated policy: latency of a call (default ${DEFAULT-VALUE}).")
    int simLatencyMs = 50;

    RolloutCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        Path data = ctx.workDir().resolve(dataset);
        if (!Files.isRegularFile(data)) {
            throw new UsageException("--dataset " + Terminal.line(dataset.toString())
                    + " is not a file: give a JSONL file with one task per line");
        }
        List<DatasetLine> lines;
        try {
            lines = Dataset.read(data);
        } catch (UncheckedIOException e) {
            throw new UsageException(Terminal.line(e.getMessage()));
        }
        if (lines.isEmpty()) {
            throw new UsageException("--dataset " + Terminal.line(dataset.toString()) + " holds no task");
        }
        int n = episodes == null ? lines.size() : Inputs.integer("--episodes", episodes, 1, 10_000_000);
        Inputs.integer("--max-episodes", maxEpisodes, 1, 1_000_000);
        Inputs.integer("--concurrency", concurrency, 1, 100_000);
        Inputs.integer("--max-tasks-in-flight", maxTasksInFlight, 0, 10_000_000);
        Inputs.integer("--episode-timeout", episodeTimeout, 1, 86_400 * 7);
        Inputs.integer("--max-attempts", maxAttempts, 1, 100);
        Inputs.integer("--sim-width", simWidth, 1, 100_000);
        Inputs.integer("--sim-latency-ms", simLatencyMs, 0, 3_600_000);
        if (trainingStep < 0 || annealSteps < 1 || criticalStepBudget < 0) {
            throw new UsageException(
                    "--training-step must be >= 0, --anneal-steps >= 1 and --critical-step-budget " + ">= 0");
        }

        SwarmModel policy;
        @Nullable SwarmModel subagents = null;
        String source;
        if (policyUrl == null) {
            if (subagentUrl != null) {
                throw new UsageException("--subagent-url needs --policy-url: the simulated policy plays both roles");
            }
            Duration latency = Duration.ofMillis(simLatencyMs);
            policy = SimulatedPolicy.model(simWidth, latency, latency, Schedulers.parallel());
            source = "the simulated policy (offline; width " + simWidth + ", " + simLatencyMs + " ms per call)";
        } else {
            if (policyModel == null) {
                throw new UsageException("--policy-url needs --policy-model (the served model's name)");
            }
            policy = Providers.create(ctx, "openai-compatible", policyModel, policyUrl);
            if (subagentUrl != null || subagentModel != null) {
                subagents = Providers.create(
                        ctx,
                        "openai-compatible",
                        subagentModel == null ? policyModel : subagentModel,
                        subagentUrl == null ? policyUrl : subagentUrl);
            }
            source = "the policy " + policy.name() + " at " + Terminal.line(policyUrl);
        }
        ParlReward.Builder reward = ParlReward.builder(Scorer.exactMatch()).annealOver(annealSteps);
        if (criticalStepBudget > 0) {
            reward.criticalStepBudget(criticalStepBudget, 1.0);
        }
        List<String> secrets = Providers.secrets(ctx);
        ModelPolicy modelPolicy = ModelPolicy.builder().maxAttempts(maxAttempts).build();
        RolloutRunner.Builder b = RolloutRunner.builder()
                .policy(policy)
                .configure(sb -> sb.maxConcurrency(concurrency).secrets(secrets).defaultModelPolicy(modelPolicy))
                .maxConcurrentEpisodes(maxEpisodes)
                .maxTasksInFlight(maxTasksInFlight)
                .episodeTimeout(Duration.ofSeconds(episodeTimeout))
                .reward(reward.build(), trainingStep)
                .seed(seed);
        if (subagents != null) {
            b.subagents(subagents);
        }
        RolloutRunner runner;
        try {
            runner = b.defaultJudge(judge).build();
        } catch (IllegalStateException e) {
            throw new UsageException("--judge " + Terminal.line(judge) + ": use exact or normalized");
        }
        Path dir =
                out == null ? ctx.workDir().resolve("rollout") : ctx.workDir().resolve(out);
        if (Files.exists(dir.resolve(RolloutWriter.EPISODES))
                || Files.exists(dir.resolve(RolloutWriter.TRAJECTORIES))) {
            throw new UsageException(Terminal.line(dir.toString()) + " already holds a rollout: give another --out");
        }
        ctx.out().println("Rollout: " + n + " episodes over " + lines.size() + " dataset lines on " + source + ".");
        ctx.out().flush();

        List<EpisodeResult> results = new ArrayList<>();
        Disposable ticker = Flux.interval(Duration.ofSeconds(2), Schedulers.parallel())
                .subscribe(t -> {
                    ctx.out().println("  " + runner.progress().line());
                    ctx.out().flush();
                });
        try (RolloutWriter writer = new RolloutWriter(dir)) {
            runner.run(lines, n)
                    .doOnNext(r -> {
                        writer.write(r);
                        synchronized (results) {
                            results.add(r);
                        }
                        String problem = r.error() != null ? r.error() : r.judgeError();
                        if (problem != null) {
                            synchronized (ctx) {
                                ctx.err().println("swarm: " + Terminal.line(problem));
                                ctx.err().flush();
                            }
                        }
                    })
                    .blockLast();
        } catch (UncheckedIOException e) {
            throw new UsageException(Terminal.line(String.valueOf(e.getMessage())) + ": give another --out");
        } finally {
            ticker.dispose();
        }
        RolloutProgress p = runner.progress();
        Map<String, Integer> byStatus = new TreeMap<>();
        for (EpisodeResult r : results) {
            byStatus.merge(r.status(), 1, Integer::sum);
        }
        ctx.out().println(p.line());
        ctx.out()
                .printf(
                        Locale.ROOT,
                        "Episodes by status: %s; mean reward %.4f; first episode done after %s ms; wrote %s and %s in %s%n",
                        byStatus,
                        RolloutRunner.meanReward(results),
                        p.firstEpisodeDone() == null
                                ? "-"
                                : String.valueOf(p.firstEpisodeDone().toMillis()),
                        RolloutWriter.EPISODES,
                        RolloutWriter.TRAJECTORIES,
                        Terminal.line(dir.toString()));
        ctx.out().flush();
        return p.episodesNotOk() == 0 ? 0 : 1;
    }
}

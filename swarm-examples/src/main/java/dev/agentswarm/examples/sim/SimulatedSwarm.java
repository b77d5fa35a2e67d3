package dev.agentswarm.examples.sim;

import dev.agentswarm.SchedulerClock;

import dev.agentswarm.AgentSwarm;
import dev.agentswarm.event.SwarmEventListener;
import dev.agentswarm.report.SwarmResult;
import dev.agentswarm.report.TokenUsage;
import dev.agentswarm.tool.AgentTool;
import dev.agentswarm.tools.search.LocalSearchTool;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import dev.agentswarm.model.SwarmModel;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.test.scheduler.VirtualTimeScheduler;

/**
 * Builds swarms that run a {@link Scenario} on the simulated provider, in real time (scaled) or in virtual time
 * (the capacity planner), and the matching single-agent baseline. The subagents' tool is a real
 * {@link LocalSearchTool} over the scenario's corpus.
 */
public final class SimulatedSwarm {

    /** The tool names a scenario's steps may use: those of {@link LocalSearchTool}. */
    public static final Set<String> TOOLS = Set.of("search", "open");

    private SimulatedSwarm() {}

    /**
     * How to run a scenario.
     *
     * @param concurrency the most subagent tasks that run at once, at least 1
     * @param rpm each model's requests-per-minute limit, 0 for none
     * @param latencyScale every latency is multiplied by this, &gt; 0
     * @param speedup a real-time run plays this many times faster than the scenario's latencies, &gt; 0; times are
     *     reported in scenario time
     */
    public record Options(int concurrency, int rpm, double latencyScale, double speedup) {

        /** 64 tasks at once, no rate limit, latencies as given, real time. */
        public static final Options DEFAULTS = new Options(64, 0, 1.0, 1.0);

        /**
         * Validates.
         *
         * @param concurrency the most subagent tasks that run at once, at least 1
         * @param rpm each model's requests-per-minute limit, 0 for none
         * @param latencyScale every latency is multiplied by this, &gt; 0
         * @param speedup a real-time run plays this many times faster than the scenario's latencies, &gt; 0; times are reported in scenario time
         * @throws IllegalArgumentException if a value is out of range; the message names it
         */
        public Options {
            if (concurrency < 1) {
                throw new IllegalArgumentException("--concurrency must be >= 1, got " + concurrency);
            }
            if (rpm < 0) {
                throw new IllegalArgumentException("--rpm must be >= 0 (0 = no limit), got " + rpm);
            }
            if (!(latencyScale > 0)) {
                throw new IllegalArgumentException("--latency-scale must be > 0, got " + latencyScale);
            }
            if (!(speedup > 0)) {
                throw new IllegalArgumentException("--speedup must be > 0, got " + speedup);
            }
        }
    }

    /**
     * A scenario and the folder its relative paths start from.
     *
     * @param scenario the scenario
     * @param baseDir the scenario file's folder
     */
    public record Loaded(Scenario scenario, Path baseDir) {

        /**
         * Loads a scenario file and checks that its corpus exists and its steps use known tools.
         *
         * @param file the file
         * @return the scenario
         * @throws Scenario.InvalidScenarioException if it is invalid; the message says what to fix
         */
        public static Loaded load(Path file) {
            Scenario s = Scenario.load(file);
            Path base = file.toAbsolutePath().getParent();
            Loaded loaded = new Loaded(s, base == null ? Path.of(".") : base);
            if (!Files.isDirectory(loaded.corpus())) {
                throw new Scenario.InvalidScenarioException("invalid scenario " + file + ": its corpus folder "
                        + loaded.corpus() + " does not exist; set 'corpus' to a folder relative to the scenario file");
            }
            for (Scenario.Step step : s.subagent().steps()) {
                if (!TOOLS.contains(step.tool())) {
                    throw new Scenario.InvalidScenarioException("invalid scenario " + file + ": step tool '"
                            + step.tool() + "' does not exist; use one of " + TOOLS);
                }
            }
            return loaded;
        }

        /** @return the corpus folder */
        public Path corpus() {
            return baseDir.resolve(scenario.corpus()).normalize();
        }
    }

    /**
     * A swarm builder for a real-time run: latencies divided by the speed-up, timestamps in scenario time.
     *
     * @param loaded the scenario
     * @param options how to run it
     * @param search the search tool over the corpus
     * @param clock the run's clock, normally a {@link ScaledClock}
     * @return the builder, with models, tools, concurrency and clock set
     */
    public static AgentSwarm.Builder realTime(Loaded loaded, Options options, LocalSearchTool search, Clock clock) {
        return realTime(loaded, options, search, clock, m -> m);
    }

    /**
     * A swarm builder for a real-time run whose models are wrapped, e.g. to record them to a cassette.
     *
     * @param loaded the scenario
     * @param options how to run it
     * @param search the search tool over the corpus
     * @param clock the run's clock
     * @param wrap applied to each simulated model
     * @return the builder
     */
    public static AgentSwarm.Builder realTime(Loaded loaded, Options options, LocalSearchTool search, Clock clock,
            UnaryOperator<SwarmModel> wrap) {
        warmUp(loaded, search);
        Scheduler timer = Schedulers.parallel();
        double factor = options.latencyScale() / options.speedup();
        Scenario s = loaded.scenario();
        return AgentSwarm.builder()
                .orchestratorModel(wrap.apply(model(s, s.orchestrator().model(), timer, factor, options)))
                .subagentModel(wrap.apply(model(s, s.subagent().model(), timer, factor, options)))
                .maxConcurrency(options.concurrency())
                .clock(clock)
                .tools(search);
    }

    /**
     * The baseline for a real-time run.
     *
     * @param loaded the scenario
     * @param options how to run it
     * @param search the search tool over the corpus
     * @param clock the clock of its wall time
     * @return the baseline's result
     */
    public static SingleAgentBaseline.Result baselineRealTime(Loaded loaded, Options options, LocalSearchTool search,
            Clock clock) {
        double factor = options.latencyScale() / options.speedup();
        SimulatedModel model = model(loaded.scenario(), loaded.scenario().orchestrator().model(),
                Schedulers.parallel(), factor, options);
        SingleAgentBaseline.Result r = SingleAgentBaseline.run(model, loaded.scenario().orchestrator().subagentPrompt(),
                baselinePrompt(loaded.scenario()), AgentTool.fromObject(search), clock, 500).block();
        if (r == null) {
            throw new IllegalStateException("the baseline ended without a result");
        }
        return r;
    }

    /**
     * A capacity plan: the scenario run in virtual time, swarm and baseline.
     *
     * @param swarm the swarm's result, with times in scenario time
     * @param swarmCost the swarm's cost in USD
     * @param baseline the baseline's result
     * @param baselineCost the baseline's cost in USD
     */
    public record Plan(SwarmResult swarm, double swarmCost, SingleAgentBaseline.Result baseline, double baselineCost) {}

    /**
     * Runs a scenario in Reactor virtual time: no real waiting, so it predicts in milliseconds what a run would take
     * under the given concurrency, rate limit and latency scale. Tools run for real, on the calling thread.
     *
     * @param loaded the scenario
     * @param options how to run it ({@code speedup} is ignored)
     * @param task the orchestrator's task, or null for the scenario's
     * @param listeners listeners of the swarm run's events (timestamps in virtual time from the epoch)
     * @return the plan
     * @throws IllegalStateException if the run does not end within a simulated year
     */
    public static Plan plan(Loaded loaded, Options options, @Nullable String task, List<SwarmEventListener> listeners) {
        Scenario s = loaded.scenario();
        try (LocalSearchTool search = new LocalSearchTool(loaded.corpus())) {
            VirtualTimeScheduler vts = VirtualTimeScheduler.create();
            AgentSwarm.Builder b = builder(s, options, vts, options.latencyScale()).timer(vts);
            List<AgentTool> tools = SimTools.synchronous(search);
            b.tools(tools.toArray(AgentTool[]::new));
            listeners.forEach(b::listener);
            AtomicReference<@Nullable SwarmResult> result = new AtomicReference<>();
            AtomicReference<@Nullable Throwable> error = new AtomicReference<>();
            b.build().execute(task == null ? s.task() : task).subscribe(result::set, error::set);
            drive(vts, () -> result.get() != null || error.get() != null);
            SwarmResult swarm = require(result.get(), error.get());

            VirtualTimeScheduler vts2 = VirtualTimeScheduler.create();
            SimulatedModel model = model(s, s.orchestrator().model(), vts2, options.latencyScale(), options);
            AtomicReference<SingleAgentBaseline.@Nullable Result> base = new AtomicReference<>();
            AtomicReference<@Nullable Throwable> baseError = new AtomicReference<>();
            SingleAgentBaseline.run(model, s.orchestrator().subagentPrompt(), baselinePrompt(s),
                            SimTools.synchronous(search), new SchedulerClock(vts2), 500)
                    .subscribe(base::set, baseError::set);
            drive(vts2, () -> base.get() != null || baseError.get() != null);
            SingleAgentBaseline.Result baseline = require(base.get(), baseError.get());
            return new Plan(swarm, cost(s, swarm.report().tokensByModel()), baseline,
                    cost(s, Map.of(s.orchestrator().model(), baseline.tokens())));
        }
    }

    /**
     * The cost of some token usage under the scenario's prices.
     *
     * @param scenario the scenario
     * @param tokensByModel tokens per model name; models without a price cost nothing
     * @return USD
     */
    public static double cost(Scenario scenario, Map<String, TokenUsage> tokensByModel) {
        double sum = 0;
        for (var e : tokensByModel.entrySet()) {
            Scenario.ModelProfile p = scenario.models().get(e.getKey());
            if (p != null) {
                sum += p.cost(e.getValue());
            }
        }
        return sum;
    }

    /**
     * @param scenario the scenario
     * @return the baseline's task prompt: every item in one task
     */
    public static String baselinePrompt(Scenario scenario) {
        return SimulatedModel.taskPrompt(scenario, scenario.items(), 1);
    }

    /**
     * Calls the search tool once, so that class loading and JIT warm-up are not counted (and, in a sped-up run,
     * multiplied) as tool time of the first tasks.
     */
    private static void warmUp(Loaded loaded, LocalSearchTool search) {
        String item = loaded.scenario().items().get(0);
        search.search(item, 1);
        try {
            search.open(item);
        } catch (RuntimeException e) {
            // the item is not a document id in every scenario; the search above did the warm-up
        }
    }

    private static AgentSwarm.Builder builder(Scenario s, Options options, Scheduler timer, double factor) {
        return AgentSwarm.builder()
                .orchestratorModel(model(s, s.orchestrator().model(), timer, factor, options))
                .subagentModel(model(s, s.subagent().model(), timer, factor, options))
                .maxConcurrency(options.concurrency());
    }

    private static SimulatedModel model(Scenario s, String name, Scheduler timer, double factor, Options options) {
        SimRateLimiter limiter = options.rpm() > 0 ? new SimRateLimiter(options.rpm(), timer, factor) : null;
        return new SimulatedModel(name, s, timer, factor, limiter);
    }

    private static void drive(VirtualTimeScheduler vts, java.util.function.BooleanSupplier done) {
        for (int i = 0; i < 60 * 24 * 366 && !done.getAsBoolean(); i++) {
            vts.advanceTimeBy(Duration.ofMinutes(1));
        }
    }

    private static <T> T require(@Nullable T value, @Nullable Throwable error) {
        if (value != null) {
            return value;
        }
        throw new IllegalStateException(error == null ? "the simulated run did not end within a simulated year"
                : "the simulated run failed: " + error, error);
    }
}

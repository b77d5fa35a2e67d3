package dev.agentswarm.test.sim;

import dev.agentswarm.AgentSwarm;
import dev.agentswarm.model.SwarmModel;
import dev.agentswarm.report.TokenUsage;
import dev.agentswarm.tool.AgentTool;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.test.scheduler.VirtualTimeScheduler;

/**
 * A swarm on the simulated provider, run in virtual time: the scenario's latencies, rate limits and retry backoffs
 * pass on a {@link VirtualTimeScheduler} that is the swarm's timer and, through its clock, the swarm's time. So every
 * timestamp and duration of the run (events, journal, report) is scenario time exactly, whatever the JVM's warm-up or
 * the real tools cost. No real model is called.
 *
 * <pre>{@code
 * Scenario scenario = Scenario.load(Path.of("my-scenario.json"));
 * SimulatedSwarm sim = SimulatedSwarm.of(scenario, SimulatedSwarm.Options.DEFAULTS, Instant.EPOCH);
 * AgentSwarm swarm = sim.builder().tools(SimulatedSwarm.tools(new MyTools())).build();
 * SwarmResult result = sim.await(swarm.execute(scenario.task()));
 * }</pre>
 *
 * <p>Virtual time advances only while {@link #await} drives it, on the calling thread; everything the run does
 * happens on that thread. Tools must therefore complete when subscribed, on the calling thread: adapt
 * {@code @Tool} objects with {@link #tools(Object...)}, not with {@code AgentTool.fromObject}, which moves calls to
 * another thread (virtual time would run on while such a call is in flight, and its time would be counted wrongly).
 * A simulated swarm drives one run at a time.
 */
public final class SimulatedSwarm {

    /** A run that has not ended after this much scenario time is reported as stuck. */
    static final Duration MAX_SCENARIO_TIME = Duration.ofDays(366);

    /** How often a paced run looks at the real clock. */
    private static final long PACE_NANOS = 2_000_000;

    private final Scenario scenario;
    private final Options options;
    private final VirtualTimeScheduler scheduler;
    private final Clock clock;
    private final LongSupplier realNanos;
    private final AtomicBoolean driving = new AtomicBoolean();

    private SimulatedSwarm(Scenario scenario, Options options, Instant origin, LongSupplier realNanos) {
        this.scenario = Objects.requireNonNull(scenario, "scenario");
        this.options = Objects.requireNonNull(options, "options");
        this.scheduler = VirtualTimeScheduler.create();
        this.clock = new SimulatedClock(Objects.requireNonNull(origin, "origin"), scheduler);
        this.realNanos = realNanos;
    }

    /**
     * A simulated swarm with its own virtual-time scheduler.
     *
     * @param scenario the scenario its models play
     * @param options concurrency, rate limit, latency scale and pace
     * @param origin the instant its clock starts at: {@link Instant#EPOCH} for reproducible timestamps, or
     *     {@code Instant.now()} for a run that reads like a real one
     * @return the simulated swarm
     */
    public static SimulatedSwarm of(Scenario scenario, Options options, Instant origin) {
        return new SimulatedSwarm(scenario, options, origin, System::nanoTime);
    }

    /** @return the scenario */
    public Scenario scenario() {
        return scenario;
    }

    /** @return the options */
    public Options options() {
        return options;
    }

    /** @return the virtual-time scheduler: the swarm's timer */
    public Scheduler timer() {
        return scheduler;
    }

    /** @return the clock of the run: the origin plus the virtual time elapsed, so scenario time exactly */
    public Clock clock() {
        return clock;
    }

    /**
     * A new simulated model of the scenario on this swarm's timer, with the options' latency scale and rate limit.
     * Each call gives a model with its own attempt counters and rate limit.
     *
     * @param name a model name of the scenario
     * @return the model
     * @throws IllegalArgumentException if the scenario has no such model
     */
    public SimulatedModel model(String name) {
        return new SimulatedModel(name, scenario, scheduler, options.latencyScale(), options.rpm());
    }

    /**
     * A swarm builder with the scenario's orchestrator and subagent models, the options' concurrency, and this
     * swarm's timer and clock. Add tools (see {@link #tools(Object...)}), listeners and limits, then build it and run
     * it with {@link #await}.
     *
     * @return the builder
     */
    public AgentSwarm.Builder builder() {
        return builder(UnaryOperator.identity());
    }

    /**
     * {@link #builder()}, with each simulated model wrapped, e.g. to record it to a cassette.
     *
     * @param wrap applied to the orchestrator's and the subagents' model
     * @return the builder
     */
    public AgentSwarm.Builder builder(UnaryOperator<SwarmModel> wrap) {
        return AgentSwarm.builder()
                .orchestratorModel(wrap.apply(model(scenario.orchestrator().model())))
                .subagentModel(wrap.apply(model(scenario.subagent().model())))
                .maxConcurrency(options.concurrency())
                .timer(scheduler)
                .clock(clock);
    }

    /**
     * Subscribes to a run of this swarm and drives virtual time until it ends. With a finite
     * {@link Options#speedup()} virtual time is paced to run that many times faster than real time (for live
     * progress); with {@code Double.POSITIVE_INFINITY} it jumps from one scheduled delay to the next.
     *
     * @param run the run, e.g. {@code swarm.execute(task)} of a swarm built from {@link #builder()}
     * @param <T> the run's result type
     * @return its result
     * @throws IllegalStateException if the run failed, completed empty, or had not ended after a year of scenario
     *     time (e.g. a tool that never completes); or if another run of this swarm is being driven
     */
    public <T> T await(Mono<T> run) {
        if (!driving.compareAndSet(false, true)) {
            throw new IllegalStateException("a simulated swarm drives one run at a time: create another "
                    + "SimulatedSwarm for a concurrent run");
        }
        AtomicReference<@Nullable T> value = new AtomicReference<>();
        AtomicReference<@Nullable Throwable> error = new AtomicReference<>();
        AtomicBoolean done = new AtomicBoolean();
        Disposable subscription = run.subscribe(
                value::set,
                e -> {
                    error.set(e);
                    done.set(true);
                },
                () -> done.set(true));
        try {
            drive(done);
        } finally {
            driving.set(false);
            if (!done.get()) {
                subscription.dispose();
            }
        }
        Throwable e = error.get();
        if (e != null) {
            throw new IllegalStateException("the simulated run failed: " + e, e);
        }
        T result = value.get();
        if (!done.get()) {
            throw new IllegalStateException("the simulated run did not end within " + MAX_SCENARIO_TIME.toDays()
                    + " days of scenario time: does one of its tools never complete?");
        }
        if (result == null) {
            throw new IllegalStateException("the simulated run completed without a result");
        }
        return result;
    }

    private void drive(AtomicBoolean done) {
        long start = scheduler.now(TimeUnit.NANOSECONDS);
        long limit = start + MAX_SCENARIO_TIME.toNanos();
        scheduler.advanceTime();
        if (Double.isInfinite(options.speedup())) {
            while (!done.get() && scheduler.now(TimeUnit.NANOSECONDS) < limit) {
                scheduler.advanceTimeBy(Duration.ofMinutes(1));
            }
            return;
        }
        long realStart = realNanos.getAsLong();
        while (!done.get() && scheduler.now(TimeUnit.NANOSECONDS) < limit) {
            double elapsed = (realNanos.getAsLong() - realStart) * options.speedup();
            long target = start + (long) Math.min(elapsed, (double) MAX_SCENARIO_TIME.toNanos());
            long now = scheduler.now(TimeUnit.NANOSECONDS);
            if (target > now) {
                scheduler.advanceTimeBy(Duration.ofNanos(target - now));
            } else {
                scheduler.advanceTime();
            }
            if (!done.get()) {
                LockSupport.parkNanos(PACE_NANOS);
            }
        }
    }

    /**
     * Adapts {@code @Tool} objects for a simulated run: each tool executes when subscribed, on the driving thread.
     *
     * @param toolObjects objects with {@code @Tool} methods
     * @return one tool per method
     * @throws IllegalArgumentException if an object has no {@code @Tool} method
     */
    public static AgentTool[] tools(Object... toolObjects) {
        List<AgentTool> tools = new ArrayList<>();
        for (Object o : toolObjects) {
            tools.addAll(SimTools.synchronous(o));
        }
        return tools.toArray(AgentTool[]::new);
    }

    /**
     * The cost of some token usage at the scenario's prices.
     *
     * @param tokensByModel tokens per model name; models the scenario does not price cost nothing
     * @return the cost, in the scenario's currency (USD in the bundled scenarios)
     */
    public double cost(Map<String, TokenUsage> tokensByModel) {
        double sum = 0;
        for (var e : tokensByModel.entrySet()) {
            Scenario.ModelProfile p = scenario.models().get(e.getKey());
            if (p != null) {
                sum += p.price().cost(e.getValue());
            }
        }
        return sum;
    }

    /**
     * How to run a scenario.
     *
     * @param concurrency the most subagent tasks that run at once, at least 1
     * @param rpm each model's simulated requests-per-minute limit, 0 for none
     * @param latencyScale every latency is multiplied by this, finite and &gt; 0
     * @param speedup how many times faster than real time virtual time advances while a run is driven, &gt; 0;
     *     {@code Double.POSITIVE_INFINITY} for as fast as possible. It changes only how long the run takes in real
     *     time, never its reported times.
     */
    public record Options(int concurrency, int rpm, double latencyScale, double speedup) {

        /** 64 tasks at once, no rate limit, latencies as given, as fast as possible. */
        public static final Options DEFAULTS = new Options(64, 0, 1.0, Double.POSITIVE_INFINITY);

        /**
         * Validates.
         *
         * @param concurrency the most subagent tasks that run at once, at least 1
         * @param rpm each model's simulated requests-per-minute limit, 0 for none
         * @param latencyScale every latency is multiplied by this, finite and &gt; 0
         * @param speedup how many times faster than real time virtual time advances, &gt; 0, or infinite
         * @throws IllegalArgumentException if a value is out of range; the message names it
         */
        public Options {
            if (concurrency < 1) {
                throw new IllegalArgumentException("concurrency must be >= 1, got " + concurrency);
            }
            if (rpm < 0) {
                throw new IllegalArgumentException("rpm must be >= 0 (0 = no limit), got " + rpm);
            }
            if (!(latencyScale > 0) || Double.isInfinite(latencyScale)) {
                throw new IllegalArgumentException("latencyScale must be finite and > 0, got " + latencyScale);
            }
            if (!(speedup > 0)) {
                throw new IllegalArgumentException("speedup must be > 0, got " + speedup);
            }
        }

        /**
         * @param speedup the new pace
         * @return these options at another pace
         */
        public Options withSpeedup(double speedup) {
            return new Options(concurrency, rpm, latencyScale, speedup);
        }
    }
}

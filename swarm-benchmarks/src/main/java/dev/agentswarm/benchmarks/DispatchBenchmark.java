package dev.agentswarm.benchmarks;

import dev.agentswarm.AgentSwarm;
import dev.agentswarm.report.SwarmResult;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import reactor.core.scheduler.Schedulers;

/**
 * Dispatch cost per task: scheduling plus aggregation, with a zero-latency model ({@code Mono.just}). One invocation
 * is a whole run: the orchestrator assigns N tasks in one turn, each task answers in one model call (K = 1), the
 * orchestrator reads the N results and answers. The score is per task ({@link OperationsPerInvocation}), so it holds
 * parsing and admitting the assignment, starting the task in a fresh context, its model call and events, the
 * result's aggregation into a tool result, and the share of the two orchestrator turns.
 *
 * <p>Run: {@code java -cp <classpath> org.openjdk.jmh.Main DispatchBenchmark} (see {@code docs/benchmarks.md}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xmx2g", "-Xms2g"})
public class DispatchBenchmark {

    private AgentSwarm swarm1k;
    private AgentSwarm swarm10k;
    private AgentSwarm swarm1kK3;

    /** Builds the swarms; their fake models are rebuilt per iteration because each holds one run's turn counter. */
    @Setup(Level.Invocation)
    public void setUp() {
        swarm1k = ForkedMeasurement.swarm(
                new FakeModel(1_000, 1, Duration.ZERO).nonBlocking(Schedulers.parallel()), 1_000);
        swarm10k = ForkedMeasurement.swarm(
                new FakeModel(10_000, 1, Duration.ZERO).nonBlocking(Schedulers.parallel()), 10_000);
        swarm1kK3 = ForkedMeasurement.swarm(
                new FakeModel(1_000, 3, Duration.ZERO).nonBlocking(Schedulers.parallel()), 1_000);
    }

    /** @return the run, so that nothing is optimised away */
    @Benchmark
    @OperationsPerInvocation(1_000)
    public @Nullable SwarmResult dispatch1kTasks() {
        return swarm1k.execute("dispatch").block();
    }

    /** @return the run */
    @Benchmark
    @OperationsPerInvocation(10_000)
    public @Nullable SwarmResult dispatch10kTasks() {
        return swarm10k.execute("dispatch").block();
    }

    /** @return the run; each task makes K = 3 model calls with two tool calls between them */
    @Benchmark
    @OperationsPerInvocation(1_000)
    public @Nullable SwarmResult dispatch1kTasksOf3Calls() {
        return swarm1kK3.execute("dispatch").block();
    }
}

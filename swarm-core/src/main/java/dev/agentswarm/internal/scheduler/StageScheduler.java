package dev.agentswarm.internal.scheduler;

import dev.agentswarm.internal.subagent.SubagentTaskRunner;
import dev.agentswarm.internal.subagent.TaskSpec;
import dev.agentswarm.policy.TaskOrdering;
import dev.agentswarm.report.TaskResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Runs the tasks of one stage concurrently, at most {@code maxConcurrency} at a time, and returns their results in
 * call order. One task's failure is its result; it never cancels a sibling. When there are more tasks than slots and
 * the ordering is {@link TaskOrdering#LONGEST_EXPECTED_FIRST}, the tasks expected to take longest start first (a
 * stable sort: tasks with equal or unknown expectations keep their call order, unknown ones last).
 */
public final class StageScheduler {

    private final SubagentTaskRunner runner;
    private final int maxConcurrency;
    private final TaskOrdering ordering;
    private final Function<TaskSpec, @Nullable Duration> expected;

    /**
     * A FIFO scheduler.
     *
     * @param runner runs one task
     * @param maxConcurrency the most tasks running at once, at least 1
     * @throws IllegalArgumentException if maxConcurrency is below 1
     */
    public StageScheduler(SubagentTaskRunner runner, int maxConcurrency) {
        this(runner, maxConcurrency, TaskOrdering.FIFO, t -> null);
    }

    /**
     * @param runner runs one task
     * @param maxConcurrency the most tasks running at once, at least 1
     * @param ordering the start order when concurrency is the bottleneck
     * @param expected the expected duration of a task, or null when unknown
     * @throws IllegalArgumentException if maxConcurrency is below 1
     */
    public StageScheduler(SubagentTaskRunner runner, int maxConcurrency, TaskOrdering ordering,
            Function<TaskSpec, @Nullable Duration> expected) {
        if (maxConcurrency < 1) {
            throw new IllegalArgumentException("maxConcurrency must be >= 1, got " + maxConcurrency);
        }
        this.runner = runner;
        this.maxConcurrency = maxConcurrency;
        this.ordering = ordering;
        this.expected = expected;
    }

    /**
     * Runs a stage's tasks.
     *
     * @param tasks the tasks, in call order
     * @param onFinished told of each result as soon as its task ends, so nothing completed is lost on cancellation
     * @return their results, in the same order
     */
    public Mono<List<TaskResult>> run(List<TaskSpec> tasks, Consumer<TaskResult> onFinished) {
        if (tasks.isEmpty()) {
            return Mono.just(List.of());
        }
        int concurrency = Math.min(maxConcurrency, tasks.size());
        List<TaskSpec> startOrder = startOrder(tasks, concurrency);
        return Mono.defer(() -> {
            TaskResult[] results = new TaskResult[tasks.size()];
            return Flux.range(0, startOrder.size())
                    .flatMap(i -> runner.run(startOrder.get(i)).doOnNext(r -> {
                        onFinished.accept(r);
                        synchronized (results) {
                            results[tasks.indexOf(startOrder.get(i))] = r;
                        }
                    }), concurrency, 1)
                    .then(Mono.fromSupplier(() -> {
                        synchronized (results) {
                            return List.copyOf(Arrays.asList(results));
                        }
                    }));
        });
    }

    /**
     * The order tasks start in.
     *
     * @param tasks the tasks, in call order
     * @param concurrency the slots available
     * @return the tasks in start order
     */
    List<TaskSpec> startOrder(List<TaskSpec> tasks, int concurrency) {
        if (ordering == TaskOrdering.FIFO || tasks.size() <= concurrency) {
            return tasks;
        }
        List<TaskSpec> sorted = new ArrayList<>(tasks);
        List<@Nullable Duration> guesses = new ArrayList<>();
        for (TaskSpec t : tasks) {
            guesses.add(expected.apply(t));
        }
        Comparator<TaskSpec> longestFirst = Comparator.comparing(t -> {
            Duration d = guesses.get(tasks.indexOf(t));
            return d == null ? Long.MAX_VALUE : -saturatedNanos(d);
        });
        sorted.sort(longestFirst);
        return sorted;
    }

    private static long saturatedNanos(Duration d) {
        try {
            return d.toNanos();
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE;
        }
    }
}

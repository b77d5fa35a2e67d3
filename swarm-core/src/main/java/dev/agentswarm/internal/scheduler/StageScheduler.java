package dev.agentswarm.internal.scheduler;

import dev.agentswarm.internal.subagent.SubagentTaskRunner;
import dev.agentswarm.internal.subagent.TaskSpec;
import dev.agentswarm.report.TaskResult;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Runs the tasks of one stage concurrently, at most {@code maxConcurrency} at a time, and returns their results in
 * call order. One task's failure is its result; it never cancels a sibling.
 *
 * <p>When the bound admits every task of the stage, all tasks are subscribed at once, in call order, and each
 * result lands in its slot of an index-addressed array with an atomic countdown: O(1) per completion, however many
 * tasks are in flight. Reactor's {@code flatMap}/{@code flatMapSequential} with a concurrency in the tens of
 * thousands costs more per completion as the stage grows (see {@code docs/benchmarks.md}). A smaller bound keeps the
 * {@code flatMapSequential} path, which starts the next task in call order as soon as a slot frees.
 */
public final class StageScheduler {

    private final SubagentTaskRunner runner;
    private final int maxConcurrency;

    /**
     * @param runner runs one task
     * @param maxConcurrency the most tasks running at once, at least 1
     * @throws IllegalArgumentException if maxConcurrency is below 1
     */
    public StageScheduler(SubagentTaskRunner runner, int maxConcurrency) {
        if (maxConcurrency < 1) {
            throw new IllegalArgumentException("maxConcurrency must be >= 1, got " + maxConcurrency);
        }
        this.runner = runner;
        this.maxConcurrency = maxConcurrency;
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
        if (maxConcurrency >= tasks.size()) {
            return runAll(tasks, onFinished);
        }
        return Flux.fromIterable(tasks).flatMapSequential(t -> runner.run(t).doOnNext(onFinished), maxConcurrency, 1)
                .collectList();
    }

    /** Every task at once; cancelling the returned Mono cancels every task still running. */
    private Mono<List<TaskResult>> runAll(List<TaskSpec> tasks, Consumer<TaskResult> onFinished) {
        return Mono.create(sink -> {
            int n = tasks.size();
            TaskResult[] results = new TaskResult[n];
            // Each decrement publishes the slot written before it; the last one sees every slot.
            AtomicInteger remaining = new AtomicInteger(n);
            Disposable.Composite running = Disposables.composite();
            sink.onDispose(running);
            for (int i = 0; i < n && !running.isDisposed(); i++) {
                int slot = i;
                running.add(runner.run(tasks.get(i)).subscribe(result -> {
                    results[slot] = result;
                    onFinished.accept(result);
                    if (remaining.decrementAndGet() == 0) {
                        sink.success(Arrays.asList(results));
                    }
                }, sink::error));
            }
        });
    }
}

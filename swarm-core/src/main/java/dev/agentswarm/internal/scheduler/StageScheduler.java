package dev.agentswarm.internal.scheduler;

import dev.agentswarm.internal.subagent.SubagentTaskRunner;
import dev.agentswarm.internal.subagent.TaskSpec;
import dev.agentswarm.report.TaskResult;
import java.util.List;
import java.util.function.Consumer;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Runs the tasks of one stage concurrently, at most {@code maxConcurrency} at a time, and returns their results in
 * call order. One task's failure is its result; it never cancels a sibling.
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
        int concurrency = Math.min(maxConcurrency, tasks.size());
        return Flux.fromIterable(tasks).flatMapSequential(t -> runner.run(t).doOnNext(onFinished), concurrency, 1).collectList();
    }
}

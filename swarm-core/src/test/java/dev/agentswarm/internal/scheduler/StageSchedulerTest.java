package dev.agentswarm.internal.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentswarm.internal.subagent.TaskId;
import dev.agentswarm.internal.subagent.TaskRunner;
import dev.agentswarm.internal.subagent.TaskSpec;
import dev.agentswarm.policy.TaskOrdering;
import dev.agentswarm.report.TaskResult;
import dev.agentswarm.report.TaskStatus;
import dev.agentswarm.subagent.SubagentDefinition;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.test.scheduler.VirtualTimeScheduler;

/**
 * The stage scheduler starts a large stage in chunks on its dispatcher: on a multi-threaded scheduler the chunks start
 * side by side, on a virtual-time one in call order; every task starts once, results come back in call order, and a
 * cancelled stage starts nothing more.
 */
class StageSchedulerTest {

    private static final SubagentDefinition WORKER = new SubagentDefinition("w", "You work.", List.of(), "m");

    private static List<TaskSpec> tasks(int n) {
        List<TaskSpec> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(new TaskSpec(new TaskId(0, i), WORKER, "item " + i));
        }
        return out;
    }

    private static TaskResult done(TaskSpec spec) {
        return new TaskResult(
                spec.taskId(),
                "w",
                spec.prompt(),
                TaskStatus.COMPLETED,
                spec.prompt() + " done",
                null,
                1,
                Map.of(),
                Instant.EPOCH,
                Duration.ZERO);
    }

    /** Counts starts per index and the order of starts. */
    private static final class Starts implements StageScheduler.Callbacks {
        final AtomicIntegerArray perIndex;
        final List<Integer> order = new CopyOnWriteArrayList<>();

        Starts(int n) {
            perIndex = new AtomicIntegerArray(n);
        }

        @Override
        public void started(int index) {
            perIndex.incrementAndGet(index);
            order.add(index);
        }
    }

    @Test
    void aLargeStageStartsOnSeveralThreadsEveryTaskOnceWithResultsInCallOrder() {
        int n = 10_000;
        Set<String> threads = ConcurrentHashMap.newKeySet();
        TaskRunner runner = (spec, recorder) -> Mono.fromSupplier(() -> {
            threads.add(Thread.currentThread().getName());
            TaskResult r = done(spec);
            recorder.accept(r);
            return r;
        });
        Scheduler dispatcher = Schedulers.newParallel("dispatch-test", 2);
        try {
            StageScheduler scheduler = new StageScheduler(runner, n, TaskOrdering.FIFO, t -> null, dispatcher);
            Starts starts = new Starts(n);
            List<TaskResult> results = scheduler.run(tasks(n), starts).block(Duration.ofSeconds(30));

            assertThat(results).hasSize(n);
            for (int i = 0; i < n; i++) {
                assertThat(results.get(i).taskId()).isEqualTo("s0-t" + i);
                assertThat(starts.perIndex.get(i)).as("starts of task %d", i).isEqualTo(1);
            }
            assertThat(threads)
                    .as("the chunks ran on the dispatcher's two threads")
                    .hasSize(2);
        } finally {
            dispatcher.dispose();
        }
    }

    @Test
    void onVirtualTimeALargeStageStartsInCallOrderBeforeRunReturns() {
        int n = StageScheduler.SPREAD_MIN_TASKS + 7;
        VirtualTimeScheduler virtual = VirtualTimeScheduler.create();
        TaskRunner runner = (spec, recorder) -> Mono.just(done(spec));
        StageScheduler scheduler = new StageScheduler(runner, n, TaskOrdering.FIFO, t -> null, virtual);
        Starts starts = new Starts(n);
        List<TaskResult> results = new ArrayList<>();

        scheduler.run(tasks(n), starts).subscribe(results::addAll);

        assertThat(results).hasSize(n);
        for (int i = 0; i < n; i++) {
            assertThat(starts.order.get(i)).isEqualTo(i);
        }
    }

    @Test
    void aSmallStageStartsOnTheCallersThreadWithoutTheDispatcher() {
        int n = StageScheduler.SPREAD_MIN_TASKS - 1;
        AtomicInteger scheduled = new AtomicInteger();
        Scheduler counting = new CountingScheduler(scheduled);
        String caller = Thread.currentThread().getName();
        Set<String> threads = ConcurrentHashMap.newKeySet();
        TaskRunner runner = (spec, recorder) -> Mono.fromSupplier(() -> {
            threads.add(Thread.currentThread().getName());
            return done(spec);
        });
        List<TaskResult> results = new StageScheduler(runner, n, TaskOrdering.FIFO, t -> null, counting)
                .run(tasks(n), new Starts(n))
                .block();

        assertThat(results).hasSize(n);
        assertThat(scheduled).hasValue(0);
        assertThat(threads).containsExactly(caller);
    }

    @Test
    void aStageCancelledWhileItsChunksWaitStartsNothingMore() {
        int n = StageScheduler.SPREAD_MIN_TASKS * 2;
        List<Runnable> queued = new CopyOnWriteArrayList<>();
        Scheduler holding = new HoldingScheduler(queued);
        AtomicInteger ran = new AtomicInteger();
        TaskRunner runner = (spec, recorder) -> Mono.fromSupplier(() -> {
            ran.incrementAndGet();
            return done(spec);
        });
        Starts starts = new Starts(n);
        Disposable stage = new StageScheduler(runner, n, TaskOrdering.FIFO, t -> null, holding)
                .run(tasks(n), starts)
                .subscribe();
        assertThat(queued).hasSize(n / StageScheduler.SPREAD_CHUNK);
        // The first chunk runs, then the stage is cancelled: the chunks still queued start nothing.
        queued.get(0).run();
        stage.dispose();
        for (Runnable r : queued.subList(1, queued.size())) {
            r.run();
        }

        assertThat(ran).hasValue(StageScheduler.SPREAD_CHUNK);
        assertThat(starts.order).hasSize(StageScheduler.SPREAD_CHUNK);
    }

    /** Runs every task at once on the caller's thread, counting them. */
    private static final class CountingScheduler implements Scheduler {
        private final AtomicInteger scheduled;

        CountingScheduler(AtomicInteger scheduled) {
            this.scheduled = scheduled;
        }

        @Override
        public Disposable schedule(Runnable task) {
            scheduled.incrementAndGet();
            task.run();
            return () -> {};
        }

        @Override
        public Worker createWorker() {
            return Schedulers.immediate().createWorker();
        }
    }

    /** Holds every task for the test to run. */
    private static final class HoldingScheduler implements Scheduler {
        private final List<Runnable> queued;

        HoldingScheduler(List<Runnable> queued) {
            this.queued = queued;
        }

        @Override
        public Disposable schedule(Runnable task) {
            queued.add(task);
            return () -> {};
        }

        @Override
        public Worker createWorker() {
            return Schedulers.immediate().createWorker();
        }
    }
}

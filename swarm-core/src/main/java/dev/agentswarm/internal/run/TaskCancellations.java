package dev.agentswarm.internal.run;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * The cancellation switches of a run's tasks, by task id. A task is registered when it is assigned, so that it can
 * be cancelled while it waits for a concurrency slot as well as while it runs; a cancelled switch stays cancelled, so
 * a task cancelled before it starts never makes a model call. Thread-safe.
 */
public final class TaskCancellations {

    private final Map<String, Sinks.One<String>> switches = new ConcurrentHashMap<>();
    private final Map<String, Boolean> finished = new ConcurrentHashMap<>();
    private final Map<String, String> reasons = new ConcurrentHashMap<>();

    /**
     * Registers an assigned task.
     *
     * @param taskId the task id
     */
    public void register(String taskId) {
        switches.computeIfAbsent(taskId, k -> Sinks.one());
    }

    /**
     * @param taskId the task id
     * @return emits the reason when the task is cancelled; never completes otherwise
     */
    public Mono<String> signal(String taskId) {
        return switches.computeIfAbsent(taskId, k -> Sinks.one()).asMono();
    }

    /**
     * @param taskId the task id
     * @return the reason, if the task was cancelled already; else null
     */
    public @Nullable String reasonIfCancelled(String taskId) {
        return reasons.get(taskId);
    }

    /**
     * Marks a task as ended, so that cancelling it is refused.
     *
     * @param taskId the task id
     */
    public void finished(String taskId) {
        finished.put(taskId, Boolean.TRUE);
        // A finished task can no longer be cancelled; dropping its switch keeps 100,000-task runs lean.
        switches.remove(taskId);
    }

    /**
     * Cancels one task that is assigned and not yet ended.
     *
     * @param taskId the task id
     * @param reason why, for the task's result
     * @return whether a waiting or running task was cancelled
     */
    public boolean cancel(String taskId, String reason) {
        Sinks.One<String> s = switches.get(taskId);
        if (s == null || finished.containsKey(taskId)) {
            return false;
        }
        if (reasons.putIfAbsent(taskId, reason) != null) {
            return false;
        }
        s.tryEmitValue(reason);
        return true;
    }

    /**
     * Cancels every task that is assigned and not yet ended.
     *
     * @param reason why, for the tasks' results
     * @return how many were cancelled
     */
    public int cancelAll(String reason) {
        int n = 0;
        for (String id : switches.keySet()) {
            if (cancel(id, reason)) {
                n++;
            }
        }
        return n;
    }
}

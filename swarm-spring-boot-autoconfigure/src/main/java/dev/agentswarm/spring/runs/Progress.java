package dev.agentswarm.spring.runs;

import dev.agentswarm.event.SwarmEvent;
import dev.agentswarm.event.SwarmEventListener;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/** Follows one run's events: its stage, its tasks queued and running, and the tokens it used so far. */
final class Progress implements SwarmEventListener {

    private enum TaskState {
        QUEUED,
        RUNNING
    }

    private final AtomicLong sharedTokens;
    private final Map<String, TaskState> tasks = new HashMap<>();
    private int stage = -1;
    private int running;
    private int queued;
    private long tokens;

    /** @param sharedTokens the tokens of every tracked run together, to which this run's are added */
    Progress(AtomicLong sharedTokens) {
        this.sharedTokens = sharedTokens;
    }

    @Override
    public synchronized void onEvent(SwarmEvent event) {
        if (event instanceof SwarmEvent.StageStarted s) {
            stage = s.stage();
        } else if (event instanceof SwarmEvent.TaskAssigned a) {
            move(a.taskId(), TaskState.QUEUED);
        } else if (event instanceof SwarmEvent.TaskStarted s) {
            move(s.taskId(), TaskState.RUNNING);
        } else if (event instanceof SwarmEvent.TaskFinished f) {
            move(f.taskId(), null);
        } else if (event instanceof SwarmEvent.ModelCallFinished m) {
            long used = Math.max(0, m.inputTokens()) + Math.max(0, m.outputTokens());
            tokens += used;
            sharedTokens.addAndGet(used);
        }
    }

    private void move(@Nullable String taskId, @Nullable TaskState to) {
        if (taskId == null) {
            return;
        }
        TaskState from = to == null ? tasks.remove(taskId) : tasks.put(taskId, to);
        if (from == TaskState.QUEUED) {
            queued--;
        } else if (from == TaskState.RUNNING) {
            running--;
        }
        if (to == TaskState.QUEUED) {
            queued++;
        } else if (to == TaskState.RUNNING) {
            running++;
        }
    }

    synchronized int stage() {
        return stage;
    }

    synchronized int running() {
        return running;
    }

    synchronized int queued() {
        return queued;
    }

    synchronized long tokens() {
        return tokens;
    }
}

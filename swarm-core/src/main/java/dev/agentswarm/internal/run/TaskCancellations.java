package dev.agentswarm.internal.run;

import java.util.AbstractMap;
import java.util.Collection;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * The cancellation switches of a run's tasks, by task id. A task is registered when it is assigned, so that it can
 * be cancelled while it waits for a concurrency slot as well as while it runs; a cancelled switch stays cancelled, so
 * a task cancelled before it starts never makes a model call. Thread-safe.
 *
 * <p>A task's end is decided once: either {@link #cancel} or the task's own {@link #finish} wins, atomically. So
 * {@code cancel} returns true only when the cancellation takes effect (the task will end {@code CANCELLED}), and a
 * task whose own result won cannot be cancelled any more. When the run ends, {@link #close()} refuses every later
 * cancellation.
 */
public final class TaskCancellations {

    /** The end a task claimed for its own result. */
    private static final String FINISHED = "\u0000finished";

    /** The fewest ids {@link #registerAll} makes room for at once; fewer go in as {@link #register} adds them. */
    private static final int ROOM_FROM = 64;

    private final ConcurrentHashMap<String, Switch> switches = new ConcurrentHashMap<>();
    private volatile boolean closed;

    /**
     * One task's switch: its decided end (null while open, the value of this reference), and who is told when a
     * cancellation takes effect: the running task's listener, and a signal made only when somebody asks for one (a
     * task waiting at the swarm's bulkhead). A running task holds its own switch ({@link #of}), so that it looks
     * nothing up by id while it runs.
     */
    @SuppressWarnings("serial")
    public static final class Switch extends AtomicReference<@Nullable String> {
        private static final long serialVersionUID = 1L;

        private Switch() {}

        /** Guarded by this. */
        private transient Sinks.@Nullable One<String> signal;
        /** Guarded by this. */
        private transient @Nullable Consumer<String> listener;

        synchronized Mono<String> signal() {
            Sinks.One<String> s = signal;
            if (s == null) {
                s = Sinks.one();
                signal = s;
                String end = get();
                if (end != null && !end.equals(FINISHED)) {
                    s.tryEmitValue(end);
                }
            }
            return s.asMono();
        }

        /**
         * Tells the running task when a cancellation of it takes effect: at once if one already did. The listener may
         * be told twice when a cancellation races with this call, and must act once.
         *
         * @param l given the reason, on the thread that cancels
         */
        public void listen(Consumer<String> l) {
            String end;
            synchronized (this) {
                listener = l;
                end = get();
            }
            // Either this or fire() sees the other's write; both may, so a listener must act once.
            if (end != null && !end.equals(FINISHED)) {
                l.accept(end);
            }
        }

        /** @return the reason, if the task was cancelled already; else null */
        public @Nullable String reasonIfCancelled() {
            String end = get();
            return end == null || end.equals(FINISHED) ? null : end;
        }

        /**
         * Claims the task's end for its own result; see {@link TaskCancellations#finish}.
         *
         * @return true when the task keeps its own result
         */
        public boolean finish() {
            return (get() == null && compareAndSet(null, FINISHED)) || FINISHED.equals(get());
        }

        void fire(String reason) {
            Sinks.One<String> s;
            Consumer<String> l;
            synchronized (this) {
                s = signal;
                l = listener;
            }
            if (s != null) {
                s.tryEmitValue(reason);
            }
            if (l != null) {
                l.accept(reason);
            }
        }
    }

    /**
     * Registers an assigned task.
     *
     * @param taskId the task id
     */
    public void register(String taskId) {
        if (!closed) {
            switches.computeIfAbsent(taskId, k -> new Switch());
        }
    }

    /**
     * Registers a stage's assigned tasks at once, as {@link #register} registers each: a task registered before keeps
     * its switch. The map is grown once for all of them first, instead of again and again while a large stage's ids
     * go in one by one.
     *
     * @param taskIds the task ids
     */
    public void registerAll(Collection<String> taskIds) {
        if (closed || taskIds.isEmpty()) {
            return;
        }
        Iterator<String> ids = taskIds.iterator();
        int n = taskIds.size();
        if (n >= ROOM_FROM) {
            // putAll(room) sizes the table for room.size() s: it makes it (or grows it to) the power of two c at or
            // above 1.5 s + 1, and then doubles it once more, as the threshold of c is below c. Half of n is thus
            // room for n: the table ends as large as n one by one would leave it, without the resizes on the way.
            Room room = new Room(n / 2);
            // A map without a table gets one at once (JDK 17; later JDKs wait for the first entry) ...
            switches.putAll(room);
            switches.computeIfAbsent(ids.next(), k -> new Switch());
            // ... and a table made before, or just now for that first entry, is grown; one large enough is kept.
            switches.putAll(room);
        }
        while (ids.hasNext()) {
            String taskId = ids.next();
            switches.computeIfAbsent(taskId, k -> new Switch());
        }
    }

    /**
     * Asks a {@link ConcurrentHashMap} for room: {@code putAll} sizes the table for the size of the map it is given
     * (JDK 17; later JDKs for their own size plus that, once they have a table) before it inserts that map's entries,
     * and this one has none. Nothing is inserted or replaced: the switches are then added one by one, each as
     * {@link #register} adds it.
     */
    private static final class Room extends AbstractMap<String, Switch> {
        private final int size;

        Room(int size) {
            this.size = size;
        }

        @Override
        public int size() {
            return size;
        }

        @Override
        public Set<Map.Entry<String, Switch>> entrySet() {
            return Set.of();
        }
    }

    /**
     * The switch of a task, for the task to hold while it runs; registers the task if it was not.
     *
     * @param taskId the task id
     * @return its switch
     */
    public Switch of(String taskId) {
        return switches.computeIfAbsent(taskId, k -> new Switch());
    }

    /**
     * @param taskId the task id
     * @return emits the reason when the task is cancelled; never completes otherwise
     */
    public Mono<String> signal(String taskId) {
        return of(taskId).signal();
    }

    /**
     * @param taskId the task id
     * @return the reason, if the task was cancelled already; else null
     */
    public @Nullable String reasonIfCancelled(String taskId) {
        Switch s = switches.get(taskId);
        return s == null ? null : s.reasonIfCancelled();
    }

    /**
     * Claims a task's end for its own result. Called by the task when its result is known, before it is handed on.
     *
     * @param taskId the task id
     * @return true when the task keeps its own result; false when a cancellation won, and the task must end
     *     {@code CANCELLED} with the reason {@link #signal} emits
     */
    public boolean finish(String taskId) {
        Switch s = switches.get(taskId);
        return s == null || s.finish();
    }

    /**
     * Forgets a task that has ended, so that cancelling it is refused; keeps 100,000-task runs lean.
     *
     * @param taskId the task id
     */
    public void finished(String taskId) {
        Switch s = switches.remove(taskId);
        if (s != null) {
            s.compareAndSet(null, FINISHED);
        }
    }

    /**
     * Cancels one task that is assigned and has not yet ended.
     *
     * @param taskId the task id
     * @param reason why, for the task's result
     * @return whether the cancellation took effect: the task was waiting or running and will end {@code CANCELLED};
     *     false for an unknown task, a task that ended (or whose own result is decided), a task cancelled before, or
     *     after the run ended
     */
    public boolean cancel(String taskId, String reason) {
        Switch s = switches.get(taskId);
        if (closed || s == null || !s.compareAndSet(null, reason)) {
            return false;
        }
        s.fire(reason);
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

    /** Refuses every later cancellation: the run has ended, and a task that never started never will. */
    public void close() {
        closed = true;
        if (!switches.isEmpty()) { // ended tasks were removed: a large stage's table is not walked for nothing
            switches.clear();
        }
    }
}

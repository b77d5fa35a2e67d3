package dev.agentswarm.test.journal;

import dev.agentswarm.event.SwarmEvent;
import dev.agentswarm.journal.Journal;
import dev.agentswarm.journal.JournalReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** Reads journals and reduces event sequences to comparable shapes. */
public final class Journals {

    private Journals() {}

    /**
     * Reads a journal, or gives an empty one when the file does not exist yet (a run that has not started writing).
     *
     * @param path the journal file
     * @return its intact events
     */
    public static Journal read(Path path) {
        if (!Files.exists(path)) {
            return new Journal(path, List.of(), 0, 0);
        }
        return JournalReader.read(path);
    }

    /**
     * @param journal a journal
     * @return the ids of the tasks with a {@code task_finished} event, in file order
     */
    public static Set<String> finishedTaskIds(Journal journal) {
        Set<String> out = new LinkedHashSet<>();
        for (SwarmEvent.TaskFinished f : journal.eventsOf(SwarmEvent.TaskFinished.class)) {
            out.add(f.taskId());
        }
        return out;
    }

    /**
     * @param journal a journal
     * @return the ids of the tasks that started and have not finished, in file order
     */
    public static Set<String> inFlightTaskIds(Journal journal) {
        Set<String> out = new LinkedHashSet<>();
        for (SwarmEvent.TaskStarted s : journal.eventsOf(SwarmEvent.TaskStarted.class)) {
            out.add(s.taskId());
        }
        out.removeAll(finishedTaskIds(journal));
        return out;
    }

    /**
     * The shape of one event: its type, stage, task id and, for the events that have one, its status, agent or
     * tool; without timestamps, latencies and token counts.
     *
     * @param event an event
     * @return e.g. {@code TaskFinished s1 s1-t0 COMPLETED}
     */
    public static String shape(SwarmEvent event) {
        String base = event.getClass().getSimpleName() + " s" + event.stage() + " "
                + (event.taskId() == null ? "-" : event.taskId());
        if (event instanceof SwarmEvent.TaskFinished f) {
            return base + " " + f.result().status() + " steps=" + f.result().steps();
        }
        if (event instanceof SwarmEvent.RunFinished f) {
            return base + " " + f.status() + " critical=" + f.criticalSteps();
        }
        if (event instanceof SwarmEvent.TaskAssigned a) {
            return base + " " + a.agent();
        }
        if (event instanceof SwarmEvent.ModelCallStarted m) {
            return base + " " + m.role() + " step=" + m.step();
        }
        if (event instanceof SwarmEvent.ModelCallFinished m) {
            return base + " " + m.role() + " step=" + m.step() + (m.error() == null ? "" : " error");
        }
        if (event instanceof SwarmEvent.ToolCallStarted t) {
            return base + " " + t.tool();
        }
        if (event instanceof SwarmEvent.ToolCallFinished t) {
            return base + " " + t.tool() + (t.error() ? " error" : "");
        }
        if (event instanceof SwarmEvent.LimitHit l) {
            return base + " " + l.limit();
        }
        return base;
    }

    /**
     * @param events events in emission order
     * @return their shapes, in the same order
     */
    public static List<String> shapes(List<? extends SwarmEvent> events) {
        List<String> out = new ArrayList<>(events.size());
        events.forEach(e -> out.add(shape(e)));
        return out;
    }

    /**
     * The shapes grouped by unit (the run and stage level, and each task), each group in emission order. The
     * interleaving of parallel tasks depends on timing; the order within a unit does not, so two runs of the same
     * deterministic script have equal unit shapes.
     *
     * @param events events in emission order
     * @return shapes per unit ({@code run} or a task id), units sorted by name
     */
    public static Map<String, List<String>> shapesByUnit(List<? extends SwarmEvent> events) {
        Map<String, List<String>> out = new TreeMap<>();
        for (SwarmEvent e : events) {
            String unit = e.taskId() == null ? "run" : e.taskId();
            out.computeIfAbsent(unit, k -> new ArrayList<>()).add(shape(e));
        }
        return new LinkedHashMap<>(out);
    }
}

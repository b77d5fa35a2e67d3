package dev.agentswarm.cli;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import dev.agentswarm.event.SwarmEvent;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.nio.file.Path;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Checks that every event of a journal is complete before {@code report} renders it: each field that the event's
 * record does not mark {@code @Nullable} is present, in the event and in the records it holds (a task's result, a
 * tool call). A journal may parse and still lack fields (a {@code task_finished} without its result, an empty
 * {@code orchestrator_turn}); this names the line instead of failing later with a {@code NullPointerException}.
 * Events are one per line, so event {@code i} is line {@code i + 1}.
 */
final class JournalCheck {

    private static final Map<Class<?>, String> TYPE_NAMES = typeNames();

    private JournalCheck() {}

    /**
     * @param journal the file, for the message
     * @param events its events, in line order
     * @throws UsageException naming the first incomplete event's line, type and missing field
     */
    static void complete(Path journal, List<SwarmEvent> events) {
        for (int i = 0; i < events.size(); i++) {
            SwarmEvent e = events.get(i);
            String missing = e instanceof Record r ? missing(r, "") : null;
            if (missing != null) {
                throw new UsageException("journal " + Terminal.line(journal.toString()) + " line " + (i + 1) + ": the "
                        + TYPE_NAMES.getOrDefault(e.getClass(), e.getClass().getSimpleName()) + " event lacks '"
                        + Terminal.line(missing)
                        + "', so it cannot be reported on; give a journal written by 'swarm run' or "
                        + "'swarm demo'");
            }
        }
    }

    /** The path of the first required component that is null, or null when all are present. */
    private static @Nullable String missing(Record r, String prefix) {
        for (RecordComponent c : r.getClass().getRecordComponents()) {
            Object v;
            try {
                v = c.getAccessor().invoke(r);
            } catch (IllegalAccessException | InvocationTargetException e) {
                throw new IllegalStateException(
                        "cannot read " + c.getName() + " of " + r.getClass().getName(), e);
            }
            String path = prefix + c.getName();
            if (v == null) {
                if (!c.getAnnotatedType().isAnnotationPresent(Nullable.class)) {
                    return path;
                }
            } else if (v instanceof Record nested) {
                String m = missing(nested, path + ".");
                if (m != null) {
                    return m;
                }
            } else if (v instanceof Collection<?> items) {
                int j = 0;
                for (Object item : items) {
                    if (item == null) {
                        return path + "[" + j + "]";
                    }
                    if (item instanceof Record nested) {
                        String m = missing(nested, path + "[" + j + "].");
                        if (m != null) {
                            return m;
                        }
                    }
                    j++;
                }
            } else if (v instanceof Map<?, ?> map) {
                for (Map.Entry<?, ?> entry : map.entrySet()) {
                    if (entry.getKey() == null || entry.getValue() == null) {
                        return path + "[" + entry.getKey() + "]";
                    }
                    if (entry.getValue() instanceof Record nested) {
                        String m = missing(nested, path + "[" + entry.getKey() + "].");
                        if (m != null) {
                            return m;
                        }
                    }
                }
            }
        }
        return null;
    }

    private static Map<Class<?>, String> typeNames() {
        Map<Class<?>, String> names = new HashMap<>();
        JsonSubTypes types = SwarmEvent.class.getAnnotation(JsonSubTypes.class);
        if (types != null) {
            for (JsonSubTypes.Type t : types.value()) {
                names.put(t.value(), t.name());
            }
        }
        return names;
    }
}

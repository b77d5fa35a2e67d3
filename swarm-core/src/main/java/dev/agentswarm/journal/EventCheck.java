package dev.agentswarm.journal;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.databind.JsonNode;
import dev.agentswarm.event.SwarmEvent;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The checks that make a journal line a complete event, beyond being JSON. The rule for required fields comes from
 * the event records themselves: every component that is not {@code @Nullable}, primitives included, must be present,
 * and every reference among them non-null, down through the values an event carries ({@code TaskResult},
 * {@code ToolCall}, {@code TokenUsage}) and the elements of their lists and maps. A field that is {@code @Nullable}
 * may be missing. After binding, the values must also agree with each other (see {@link #inconsistency}).
 */
final class EventCheck {

    /** The stable type names, as {@link SwarmEvent} declares them. */
    private static final Map<String, Class<?>> TYPES = types();

    /**
     * Fields that the record declares {@code @Nullable} because the interface does ({@link SwarmEvent#taskId()}),
     * but that its type always has: a task event names its task.
     */
    private static final Map<Class<?>, String> ALSO_REQUIRED = Map.of(
            SwarmEvent.TaskAssigned.class, "taskId",
            SwarmEvent.TaskStarted.class, "taskId",
            SwarmEvent.TaskFinished.class, "taskId");

    private EventCheck() {}

    private static Map<String, Class<?>> types() {
        Map<String, Class<?>> out = new LinkedHashMap<>();
        for (JsonSubTypes.Type t :
                SwarmEvent.class.getAnnotation(JsonSubTypes.class).value()) {
            out.put(t.name(), t.value());
        }
        return Map.copyOf(out);
    }

    /**
     * @param node one line's JSON value
     * @return what makes it an incomplete event, or null when it has every field its type requires
     */
    static @Nullable String incompleteness(JsonNode node) {
        if (!node.isObject()) {
            return "it is a JSON " + node.getNodeType().toString().toLowerCase(Locale.ROOT) + ", not an event object";
        }
        JsonNode type = node.get("type");
        if (type == null || !type.isTextual()) {
            return "it names no event type (its 'type' is " + (type == null ? "missing" : type.toString()) + ")";
        }
        Class<?> record = TYPES.get(type.asText());
        if (record == null) {
            return "'" + shorten(type.asText()) + "' is not an event type; the types are "
                    + TYPES.keySet().stream().sorted().toList();
        }
        String problem = missing(node, record, "");
        return problem == null ? null : type.asText() + " " + problem;
    }

    /**
     * @param event a bound event
     * @param type its type name, for messages
     * @return how its values contradict each other or what a resume relies on, or null when they do not
     */
    static @Nullable String inconsistency(SwarmEvent event, String type) {
        if (event.stage() < -1) {
            return type + " has stage " + event.stage() + "; a stage is -1 (outside a stage) or more";
        }
        boolean inStage = event instanceof SwarmEvent.StageStarted
                || event instanceof SwarmEvent.StageFinished
                || event instanceof SwarmEvent.OrchestratorTurn
                || event instanceof SwarmEvent.SubagentCreated
                || event instanceof SwarmEvent.TaskAssigned
                || event instanceof SwarmEvent.TaskStarted
                || event instanceof SwarmEvent.TaskFinished;
        if (inStage && event.stage() < 0) {
            return type + " happens in a stage, but its stage is " + event.stage();
        }
        if (event instanceof SwarmEvent.TaskFinished f && !f.result().taskId().equals(f.taskId())) {
            return "task_finished of task '" + shorten(String.valueOf(f.taskId())) + "' holds the result of task '"
                    + shorten(f.result().taskId()) + "'";
        }
        if (event instanceof SwarmEvent.OrchestratorTurn t
                && (outOfRange(t.inputTokens()) || outOfRange(t.outputTokens()))) {
            return "orchestrator_turn has token counts out of range (input " + t.inputTokens() + ", output "
                    + t.outputTokens() + ")";
        }
        return null;
    }

    private static boolean outOfRange(long tokens) {
        return tokens < 0 || tokens > Integer.MAX_VALUE;
    }

    /** A record component as the checks need it; reflecting on records is slow, so it is done once per class. */
    private record Field(String name, boolean nullable, Type type) {}

    private static final ClassValue<List<Field>> FIELDS = new ClassValue<>() {
        @Override
        protected List<Field> computeValue(Class<?> record) {
            return Arrays.stream(record.getRecordComponents())
                    .map(c -> new Field(
                            c.getName(),
                            c.getAnnotatedType().isAnnotationPresent(Nullable.class)
                                    && !c.getName().equals(ALSO_REQUIRED.get(record)),
                            c.getGenericType()))
                    .toList();
        }
    };

    private static @Nullable String missing(JsonNode node, Class<?> record, String prefix) {
        for (Field c : FIELDS.get(record)) {
            String path = prefix + c.name();
            JsonNode value = node.get(c.name());
            boolean nullable = c.nullable();
            if (value == null || value.isMissingNode()) {
                if (!nullable) {
                    return "lacks its required field '" + path + "'";
                }
                continue;
            }
            if (value.isNull()) {
                if (!nullable) {
                    return "has null for its required field '" + path + "'";
                }
                continue;
            }
            String deeper = nested(value, c.type(), path);
            if (deeper != null) {
                return deeper;
            }
        }
        return null;
    }

    /** Checks the inside of a value of the given declared type; mismatched shapes are left to binding. */
    private static @Nullable String nested(JsonNode value, Type type, String path) {
        Class<?> raw = raw(type);
        if (raw.isRecord() && value.isObject()) {
            return missing(value, raw, path + ".");
        }
        if (!(type instanceof ParameterizedType p)) {
            return null;
        }
        if (List.class.isAssignableFrom(raw) && value.isArray()) {
            Type element = p.getActualTypeArguments()[0];
            for (int i = 0; i < value.size(); i++) {
                String at = path + "[" + i + "]";
                if (value.get(i).isNull()) {
                    return "has null at '" + at + "'";
                }
                String deeper = nested(value.get(i), element, at);
                if (deeper != null) {
                    return deeper;
                }
            }
        } else if (Map.class.isAssignableFrom(raw) && value.isObject()) {
            Type element = p.getActualTypeArguments()[1];
            for (Map.Entry<String, JsonNode> e : value.properties()) {
                String at = path + "." + shorten(e.getKey());
                if (e.getValue().isNull()) {
                    return "has null at '" + at + "'";
                }
                String deeper = nested(e.getValue(), element, at);
                if (deeper != null) {
                    return deeper;
                }
            }
        }
        return null;
    }

    private static Class<?> raw(Type type) {
        if (type instanceof Class<?> c) {
            return c;
        }
        if (type instanceof ParameterizedType p && p.getRawType() instanceof Class<?> c) {
            return c;
        }
        return Object.class;
    }

    private static String shorten(String s) {
        return s.length() > 80 ? s.substring(0, 80) + "…" : s;
    }
}

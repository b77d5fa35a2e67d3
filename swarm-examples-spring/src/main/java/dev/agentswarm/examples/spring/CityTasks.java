package dev.agentswarm.examples.spring;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** The cities a task names, for the simulated orchestrator: the list after the task's last colon. */
final class CityTasks {

    /** The most cities the simulated orchestrator takes from one task. */
    static final int MAX_CITIES = 40;

    /** The task the page offers first. */
    static final String DEFAULT_TASK =
            "For each of these cities find its country and population: " + CityAtlas.DEFAULT_CITIES + ".";

    private CityTasks() {}

    /**
     * The cities of a task: the names after its last colon, separated by {@code ;} or {@code ,}, without a final
     * full stop, each once, at most {@link #MAX_CITIES}; the default task's cities when it names none.
     *
     * @param task the user's task
     * @return one or more city names
     */
    static List<String> cities(String task) {
        int colon = task.lastIndexOf(':');
        Set<String> cities = new LinkedHashSet<>();
        if (colon >= 0) {
            for (String part : task.substring(colon + 1).split("[;,\\n]")) {
                String city = part.strip();
                while (city.endsWith(".")) {
                    city = city.substring(0, city.length() - 1).strip();
                }
                if (!city.isEmpty() && cities.size() < MAX_CITIES) {
                    cities.add(city);
                }
            }
        }
        if (cities.isEmpty()) {
            return cities(DEFAULT_TASK);
        }
        return List.copyOf(new ArrayList<>(cities));
    }
}

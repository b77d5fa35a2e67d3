package dev.agentswarm.examples.spring;

import dev.agentswarm.spring.autoconfigure.SwarmTool;
import dev.langchain4j.agent.tool.P;
import dev.langchain4j.agent.tool.Tool;
import java.util.Locale;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * The subagents' tool: a small atlas of European cities (sample data, populations rounded to the thousand). Marked
 * {@link SwarmTool}, so the starter gives its {@code @Tool} method to the subagents, whichever model they run on.
 */
@Component
@SwarmTool
public class CityAtlas {

    /** The cities of the default task, in its order. */
    static final String DEFAULT_CITIES =
            "Lyon; Porto; Turin; Ghent; Krakow; Bergen; Seville; Graz; Utrecht; Tartu; Bologna; Aarhus";

    private static final Map<String, String[]> CITIES = Map.ofEntries(
            Map.entry("lyon", new String[] {"Lyon", "France", "522,000"}),
            Map.entry("porto", new String[] {"Porto", "Portugal", "232,000"}),
            Map.entry("turin", new String[] {"Turin", "Italy", "848,000"}),
            Map.entry("ghent", new String[] {"Ghent", "Belgium", "265,000"}),
            Map.entry("krakow", new String[] {"Krakow", "Poland", "804,000"}),
            Map.entry("bergen", new String[] {"Bergen", "Norway", "291,000"}),
            Map.entry("seville", new String[] {"Seville", "Spain", "684,000"}),
            Map.entry("graz", new String[] {"Graz", "Austria", "298,000"}),
            Map.entry("utrecht", new String[] {"Utrecht", "Netherlands", "374,000"}),
            Map.entry("tartu", new String[] {"Tartu", "Estonia", "97,000"}),
            Map.entry("bologna", new String[] {"Bologna", "Italy", "392,000"}),
            Map.entry("aarhus", new String[] {"Aarhus", "Denmark", "367,000"}),
            Map.entry("lille", new String[] {"Lille", "France", "236,000"}),
            Map.entry("leipzig", new String[] {"Leipzig", "Germany", "616,000"}),
            Map.entry("brno", new String[] {"Brno", "Czechia", "398,000"}),
            Map.entry("tampere", new String[] {"Tampere", "Finland", "255,000"}),
            Map.entry("cork", new String[] {"Cork", "Ireland", "224,000"}),
            Map.entry("malmo", new String[] {"Malmo", "Sweden", "362,000"}),
            Map.entry("valencia", new String[] {"Valencia", "Spain", "807,000"}),
            Map.entry("debrecen", new String[] {"Debrecen", "Hungary", "199,000"}));

    /** Created by Spring. */
    public CityAtlas() {}

    /**
     * Looks a city up.
     *
     * @param name the city's name, in any case
     * @return its country and population, or a line saying the atlas does not have it
     */
    @Tool("Looks a European city up in the atlas: its country and population")
    public String city(@P("the city's name, e.g. Lyon") String name) {
        String[] city = CITIES.get(name.strip().toLowerCase(Locale.ROOT));
        if (city == null) {
            return "The atlas has no city named '" + name.strip() + "'.";
        }
        return city[0] + " - country: " + city[1] + "; population: " + city[2] + " (sample data, rounded)";
    }
}

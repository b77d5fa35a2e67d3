package dev.agentswarm.examples.spring;

import dev.agentswarm.policy.ModelPrice;
import dev.agentswarm.test.sim.Scenario;
import dev.agentswarm.test.sim.SimulatedModel;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import reactor.core.scheduler.Scheduler;

/**
 * The example's simulated model, a LangChain4j {@link StreamingChatModel} over swarm-test's {@link SimulatedModel}: no
 * real model is called, and its name, {@value #NAME}, says so wherever it appears (events, results, the page). As the
 * orchestrator it splits the cities the task names (the list after its last colon) into tasks of two and defines one
 * subagent, {@code city-researcher}; as that subagent it calls the real {@link CityAtlas} tool for each of its cities
 * and answers with a table; the orchestrator then merges the tables. Each call takes 0.7 to 1.8 s of real time times the
 * latency scale, drawn from a seeded random source, so a run of twelve cities takes a few seconds.
 */
public final class SimulatedCityModel implements StreamingChatModel {

    /** The model's name: the bean's name, and so the model's name in the swarm's events and prices. */
    public static final String NAME = "simulated/city-researcher";

    private static final int CACHED_SCENARIOS = 32;

    private final double latencyScale;
    private final Scheduler scheduler;
    private final Map<List<String>, SimulatedModel> models = new LinkedHashMap<>(16, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<List<String>, SimulatedModel> eldest) {
            return size() > CACHED_SCENARIOS;
        }
    };

    /**
     * @param latencyScale every latency is multiplied by this, finite and &gt; 0
     * @param scheduler where the latencies pass: a real-time scheduler in the application
     */
    public SimulatedCityModel(double latencyScale, Scheduler scheduler) {
        this.latencyScale = latencyScale;
        this.scheduler = scheduler;
    }

    @Override
    public void doChat(ChatRequest request, StreamingChatResponseHandler handler) {
        model(CityTasks.cities(firstUserText(request.messages())))
                .chat(request)
                .subscribe(handler::onCompleteResponse, handler::onError);
    }

    /**
     * The scenario the simulated model plays for some cities.
     *
     * @param cities the cities, one task per two
     * @return the scenario
     */
    static Scenario scenario(List<String> cities) {
        return new Scenario(
                "cities",
                "The example's simulated run: one task per two cities, each looked up in the atlas.",
                17,
                "Find the country and population of: " + String.join("; ", cities),
                cities,
                ".",
                new Scenario.Orchestrator(
                        NAME,
                        "city-researcher",
                        "You look cities up in the atlas and report their country and population.",
                        2,
                        "Find the {fields} of each city below: look each one up in the atlas and answer with a "
                                + "markdown table.",
                        1,
                        "Cities: country and population (simulated provider)"),
                new Scenario.Subagent(
                        NAME,
                        2,
                        List.of(new Scenario.Step("city", Map.of("name", "{item}"), null)),
                        "city",
                        List.of(
                                new Scenario.Field("country", "country: ([^;]+)", false),
                                new Scenario.Field("population", "population: ([\\d,]+)", false))),
                Map.of(
                        NAME,
                        new Scenario.ModelProfile(
                                List.of(700L, 1800L), List.of(20L, 120L), 0.0, new ModelPrice(0.15, 0.6))));
    }

    private SimulatedModel model(List<String> cities) {
        synchronized (models) {
            return models.computeIfAbsent(cities, c -> new SimulatedModel(NAME, scenario(c), scheduler, latencyScale));
        }
    }

    private static String firstUserText(List<ChatMessage> messages) {
        for (ChatMessage m : messages) {
            if (m instanceof UserMessage u && u.hasSingleText()) {
                return u.singleText();
            }
        }
        return "";
    }
}

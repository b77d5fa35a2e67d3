package dev.agentswarm.examples.spring;

import dev.agentswarm.AgentSwarm;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /example/info}: what the page says about the model before a run starts, and the task it offers. */
@RestController
public class ExampleController {

    private final ExampleProperties properties;
    private final ObjectProvider<AgentSwarm> swarm;

    /**
     * @param properties which provider
     * @param swarm the swarm, absent when there is no model bean
     */
    public ExampleController(ExampleProperties properties, ObjectProvider<AgentSwarm> swarm) {
        this.properties = properties;
        this.swarm = swarm;
    }

    /**
     * The provider, whether it is simulated, the model's name, a note for the page, and the default task.
     *
     * @return the information, as JSON
     */
    @GetMapping("/example/info")
    public Map<String, Object> info() {
        Map<String, Object> info = new LinkedHashMap<>();
        ExampleProperties.Provider provider = properties.provider();
        info.put("provider", provider.name().toLowerCase(java.util.Locale.ROOT));
        info.put("simulated", provider == ExampleProperties.Provider.SIMULATED);
        info.put("swarm", swarm.getIfAvailable() != null);
        switch (provider) {
            case SIMULATED -> {
                info.put("model", SimulatedCityModel.NAME);
                info.put(
                        "note",
                        "Simulated provider: no real model is called. The simulated orchestrator looks up the cities"
                                + " listed after the task's last colon, two per task; the atlas tool runs for real.");
            }
            case OPENAI -> {
                info.put("model", "openAiChatModel (" + properties.openai().model() + ")");
                info.put("note", "OpenAI: every run calls the real model and costs money.");
            }
            case NONE -> {
                info.put("model", "the application's own model bean");
                info.put("note", "A model of the application's own.");
            }
        }
        info.put("defaultTask", CityTasks.DEFAULT_TASK);
        return info;
    }
}

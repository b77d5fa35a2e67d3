package dev.agentswarm.spring.autoconfigure;

import static dev.agentswarm.test.Replies.assignTask;
import static dev.agentswarm.test.Replies.call;
import static dev.agentswarm.test.Replies.calls;
import static dev.agentswarm.test.Replies.createSubagent;
import static dev.agentswarm.test.Replies.text;
import static org.assertj.core.api.Assertions.assertThat;

import dev.agentswarm.AgentSwarm;
import dev.agentswarm.report.SwarmResult;
import dev.agentswarm.test.ScriptedModel;
import dev.langchain4j.agent.tool.Tool;
import dev.langchain4j.model.chat.ChatModel;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** Beans marked {@link SwarmTool} become subagent tools; unmarked ones and a turned-off property do not. */
class SwarmToolBeansTest {

    /** A marked tool bean that records its calls. */
    @SwarmTool
    static final class Lookup {
        final List<String> queries = new CopyOnWriteArrayList<>();

        @Tool("Looks a word up")
        public String lookup(String word) {
            queries.add(word);
            return "meaning of " + word;
        }
    }

    /** The same tool, unmarked. */
    static final class Unmarked {
        final List<String> queries = new CopyOnWriteArrayList<>();

        @Tool("Looks a word up")
        public String lookup(String word) {
            queries.add(word);
            return "meaning of " + word;
        }
    }

    private static ScriptedModel scripted() {
        return ScriptedModel.builder()
                .orchestrator(
                        calls(createSubagent("reader", "You look words up.", "lookup"), assignTask("reader", "swarm")),
                        text("done"))
                .subagent("reader", calls(call("lookup", Map.of("word", "swarm"))), text("found it"))
                .build();
    }

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(AgentSwarmAutoConfiguration.class))
            .withBean("gpt", ChatModel.class, () -> AgentSwarmAutoConfigurationTest.blocking(scripted()));

    @Test
    void aMarkedBeansToolsAreSubagentTools() {
        runner.withBean(Lookup.class, Lookup::new).run(context -> {
            SwarmResult result = context.getBean(AgentSwarm.class).run("look it up");
            assertThat(result.isCompleted()).isTrue();
            assertThat(context.getBean(Lookup.class).queries).containsExactly("swarm");
            assertThat(result.tasks().get(0).finalMessage()).isEqualTo("found it");
        });
    }

    @Test
    void anUnmarkedBeanIsNotATool() {
        runner.withBean(Unmarked.class, Unmarked::new).run(context -> {
            context.getBean(AgentSwarm.class).run("look it up");
            assertThat(context.getBean(Unmarked.class).queries).isEmpty();
        });
    }

    @Test
    void thePropertyTurnsMarkedBeansOff() {
        runner.withBean(Lookup.class, Lookup::new)
                .withPropertyValues("agent-swarm.tool-beans.enabled=false")
                .run(context -> {
                    context.getBean(AgentSwarm.class).run("look it up");
                    assertThat(context.getBean(Lookup.class).queries).isEmpty();
                });
    }

    @Test
    void twoMarkedBeansWithTheSameToolNameFailNamingTheBean() {
        runner.withBean("first", Lookup.class, Lookup::new)
                .withBean("second", Lookup.class, Lookup::new)
                .run(context ->
                        assertThat(context).hasFailed().getFailure().rootCause().hasMessageContaining("lookup"));
        runner.withBean("first", Lookup.class, Lookup::new)
                .withBean("second", Lookup.class, Lookup::new)
                .run(context -> assertThat(context.getStartupFailure())
                        .hasStackTraceContaining("the @SwarmTool bean 'second' cannot be a subagent tool"));
    }
}

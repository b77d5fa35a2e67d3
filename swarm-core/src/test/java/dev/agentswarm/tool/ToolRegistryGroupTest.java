package dev.agentswarm.tool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.langchain4j.agent.tool.ToolSpecification;
import java.util.List;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

/** Tool groups: a name in an allowlist that stands for several tools. */
class ToolRegistryGroupTest {

    static AgentTool tool(String name) {
        return AgentTool.reactive(ToolSpecification.builder().name(name).build(), r -> Mono.just(name));
    }

    @Test
    void aGroupExpandsToItsMembersAndAToolWinsOverAGroupOfTheSameName() {
        ToolRegistry r = ToolRegistry.builder()
                .add(tool("fs__read"))
                .add(tool("fs__write"))
                .add(tool("web"))
                .group("fs__*", List.of("fs__read", "fs__write"))
                .group("web", List.of("fs__read"))
                .build();

        assertThat(r.groupNames()).containsExactly("fs__*", "web");
        assertThat(r.expand(List.of("fs__write", "fs__*", "web", "nope")))
                .containsExactly("fs__write", "fs__read", "web", "nope");
    }

    @Test
    void aGroupOfUnknownToolsOrADuplicateGroupIsRefused() {
        assertThatThrownBy(() ->
                        ToolRegistry.builder().group("g", List.of("missing")).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("names tool 'missing'");
        assertThatThrownBy(() -> ToolRegistry.builder().group("g", List.of()).group("g", List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("duplicate tool group 'g'");
    }
}

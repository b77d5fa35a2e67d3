package dev.agentswarm.subagent;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.NullNode;
import dev.agentswarm.event.SwarmEvents;
import java.util.List;
import org.junit.jupiter.api.Test;

class SubagentDefinitionTest {

    @Test
    void aJournaledDefinitionWithoutSchemaReadsBackEqual() throws Exception {
        SubagentDefinition free = new SubagentDefinition("a", "p", List.of("lookup"), "m", null);
        String json = SwarmEvents.mapper().writeValueAsString(free);
        SubagentDefinition back = SwarmEvents.mapper().readValue(json, SubagentDefinition.class);
        assertThat(back).isEqualTo(free);
        assertThat(back.outputSchema()).isNull();
    }

    @Test
    void aJsonNullOrMissingSchemaMeansNoSchema() {
        SubagentDefinition free = new SubagentDefinition("a", "p", List.of(), "m", null);
        assertThat(new SubagentDefinition("a", "p", List.of(), "m", NullNode.getInstance()))
                .isEqualTo(free);
        assertThat(new SubagentDefinition("a", "p", List.of(), "m", MissingNode.getInstance()))
                .isEqualTo(free);
    }
}

package dev.agentswarm.temporal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentswarm.temporal.workflow.Payloads;
import dev.agentswarm.temporal.workflow.ShardSettings;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The pieces of the shards: packed payloads, pages of outcomes, and the settings' checks. */
class ShardPiecesTest {

    @Test
    void aSmallPayloadTravelsAsItIsAndALargeOneCompressed() {
        String small = "{\"a\":1}";
        assertThat(Payloads.pack(small)).isSameAs(small);
        assertThat(Payloads.unpack(small)).isSameAs(small);
        String large = "{\"results\":[" + "{\"task\":\"s0-t1\",\"text\":\"done with item\"},".repeat(20_000) + "]}";
        String packed = Payloads.pack(large);
        assertThat(packed).startsWith("gz:");
        assertThat(Payloads.bytes(packed)).isLessThan(Payloads.bytes(large) / 10);
        assertThat(Payloads.unpack(packed)).isEqualTo(large);
    }

    @Test
    void outcomesComeInPagesUnderThePageSizeInOrder() {
        List<ShardMessages.Outcome> outcomes = new ArrayList<>();
        for (int i = 0; i < 3_000; i++) {
            outcomes.add(new ShardMessages.Outcome("s0-t" + i, "r".repeat(500), List.of("e".repeat(300))));
        }
        List<String> pages = SwarmShardWorkflowImpl.pages(outcomes);
        assertThat(pages).hasSizeGreaterThan(1);
        List<String> ids = new ArrayList<>();
        for (String page : pages) {
            String json = Payloads.unpack(page);
            assertThat(Payloads.bytes(json)).isLessThanOrEqualTo(Payloads.PAGE_BYTES + 1_000);
            dev.agentswarm.temporal.workflow.Codec.read(json, ShardMessages.Page.class)
                    .outcomes()
                    .forEach(o -> ids.add(o.taskId()));
        }
        assertThat(ids).hasSize(3_000).startsWith("s0-t0", "s0-t1").endsWith("s0-t2999");
        assertThat(SwarmShardWorkflowImpl.pages(List.of())).isEmpty();
    }

    @Test
    void shardSettingsRefuseValuesOutOfRange() {
        assertThat(ShardSettings.DEFAULTS.inlineTasksPerStage()).isEqualTo(200);
        assertThat(ShardSettings.DEFAULTS.tasksPerShard()).isEqualTo(1_000);
        assertThat(new ShardSettings(0, 1).tasksPerShard()).isEqualTo(1);
        assertThatThrownBy(() -> new ShardSettings(-1, 10))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("inlineTasksPerStage");
        assertThatThrownBy(() -> new ShardSettings(0, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("tasksPerShard");
    }
}

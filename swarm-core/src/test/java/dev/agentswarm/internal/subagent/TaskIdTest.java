package dev.agentswarm.internal.subagent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentswarm.subagent.SubagentDefinition;
import java.util.List;
import org.junit.jupiter.api.Test;

class TaskIdTest {

    @Test
    void itsStringFormIsTheJournalsAndItCarriesItsStageAndIndex() {
        TaskId id = new TaskId(12, 3);
        assertThat(id).hasToString("s12-t3");
        assertThat(id.stageId()).isEqualTo("s12");
        TaskSpec spec = new TaskSpec(id, new SubagentDefinition("a", "You are a.", List.of(), "m"), "p");
        assertThat(spec.taskId()).isEqualTo("s12-t3");
        assertThat(spec.stage()).isEqualTo(12);
        assertThat(spec.index()).isEqualTo(3);
        assertThat(spec.stageId()).isEqualTo("s12");
        assertThat(new TaskId(70, 0))
                .hasToString("s70-t0")
                .extracting(TaskId::stageId)
                .isEqualTo("s70");
    }

    @Test
    void idsAreEqualByStageAndIndex() {
        assertThat(new TaskId(1, 2)).isEqualTo(new TaskId(1, 2)).hasSameHashCodeAs(new TaskId(1, 2));
        assertThat(new TaskId(1, 2)).isNotEqualTo(new TaskId(2, 1)).isNotEqualTo(new TaskId(1, 3));
        assertThat(new TaskId(1, 2)).isNotEqualTo("s1-t2");
    }

    @Test
    void aNegativeStageOrIndexIsAProgrammingError() {
        assertThatThrownBy(() -> new TaskId(-1, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("-1");
        assertThatThrownBy(() -> new TaskId(0, -2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("-2");
    }
}

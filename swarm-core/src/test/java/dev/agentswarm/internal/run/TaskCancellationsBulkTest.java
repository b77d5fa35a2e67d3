package dev.agentswarm.internal.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** A stage's tasks registered at once are registered as one by one: cancellable by id, each exactly once. */
class TaskCancellationsBulkTest {

    private static List<String> ids(int stage, int n) {
        List<String> ids = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            ids.add("s" + stage + "-t" + i);
        }
        return ids;
    }

    @Test
    void everyTaskOfALargeStageCanBeCancelledByIdOnce() {
        TaskCancellations c = new TaskCancellations();
        c.register("s0-t0");
        c.registerAll(ids(1, 100_000));
        assertThat(c.cancel("s1-t0", "r")).isTrue();
        assertThat(c.cancel("s1-t0", "r")).isFalse();
        assertThat(c.cancel("s1-t99999", "r")).isTrue();
        assertThat(c.cancel("s1-t100000", "r")).as("never registered").isFalse();
        assertThat(c.reasonIfCancelled("s1-t0")).isEqualTo("r");
        assertThat(c.finish("s1-t5")).isTrue();
        assertThat(c.cancel("s1-t5", "r")).as("its own result won").isFalse();
        c.finished("s1-t6");
        assertThat(c.cancel("s1-t6", "r")).as("ended").isFalse();
        // s0-t0 and the 100,000 of stage 1, less the two cancelled, the one finishing and the one finished.
        assertThat(c.cancelAll("all")).isEqualTo(1 + 100_000 - 4);
    }

    @Test
    void aTaskRegisteredBeforeKeepsItsSwitch() {
        TaskCancellations c = new TaskCancellations();
        TaskCancellations.Switch held = c.of("s0-t1");
        AtomicReference<String> told = new AtomicReference<>();
        held.listen(told::set);
        c.registerAll(ids(0, 100));
        assertThat(c.of("s0-t1")).isSameAs(held);
        assertThat(c.cancel("s0-t1", "stop")).isTrue();
        assertThat(told.get()).isEqualTo("stop");
        assertThat(held.reasonIfCancelled()).isEqualTo("stop");
        assertThat(c.cancelAll("rest")).as("the other 99, each once").isEqualTo(99);
    }

    @Test
    void aClosedRunRegistersNothingAndOneIdOrNoneIsFine() {
        TaskCancellations c = new TaskCancellations();
        c.registerAll(List.of());
        c.registerAll(List.of("s0-t0"));
        assertThat(c.cancel("s0-t0", "r")).isTrue();
        assertThat(c.reasonIfCancelled("s0-t0")).isEqualTo("r");
        c.close();
        assertThat(c.reasonIfCancelled("s0-t0"))
                .as("forgotten when the run ends")
                .isNull();
        c.registerAll(ids(1, 10));
        assertThat(c.reasonIfCancelled("s1-t0")).isNull();
        assertThat(c.cancel("s1-t0", "r")).isFalse();
        assertThat(c.cancelAll("r")).isZero();
    }
}

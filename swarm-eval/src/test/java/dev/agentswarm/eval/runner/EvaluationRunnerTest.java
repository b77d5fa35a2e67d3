package dev.agentswarm.eval.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.agentswarm.eval.EvalTask;
import dev.agentswarm.eval.LookupScenario;
import dev.agentswarm.eval.Scorer;
import dev.agentswarm.test.ScriptedModel;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;
import reactor.test.scheduler.VirtualTimeScheduler;

/**
 * The evaluation runner on the {@link LookupScenario} task in virtual time, every model call taking 1 s: the swarm
 * takes (1 + 3) + 1 = 5 s, the baseline 9 s, so the wall-time ratio is 5/9.
 */
class EvaluationRunnerTest {

    @Test
    void reportsAccuracyCriticalStepsTokensAndTheWallTimeRatio() {
        VirtualTimeScheduler vts = VirtualTimeScheduler.create();
        ScriptedModel model = LookupScenario.model(vts, Duration.ofSeconds(1));
        EvaluationRunner runner = new EvaluationRunner(
                LookupScenario.swarm(model, vts), LookupScenario.baseline(model, vts), Scorer.exactMatch());
        EvalTask task = new EvalTask("lookup", LookupScenario.TASK, LookupScenario.ANSWER);

        StepVerifier.withVirtualTime(() -> runner.evaluate(List.of(task)), () -> vts, 1)
                .thenAwait(Duration.ofMinutes(1))
                .assertNext(report -> {
                    assertThat(report.tasks()).hasSize(1);
                    assertThat(report.swarmAccuracy()).isEqualTo(1.0);
                    assertThat(report.baselineAccuracy()).isEqualTo(1.0);
                    assertThat(report.swarmMeanCriticalSteps()).isEqualTo(5.0);
                    assertThat(report.baselineMeanCriticalSteps()).isEqualTo(9.0);
                    assertThat(report.swarmWallTime()).isEqualTo(Duration.ofSeconds(5));
                    assertThat(report.baselineWallTime()).isEqualTo(Duration.ofSeconds(9));
                    assertThat(report.wallTimeRatio()).isCloseTo(5.0 / 9, within(1e-12));
                    TaskComparison c = report.tasks().get(0);
                    assertThat(report.swarmTokens())
                            .isEqualTo(c.swarm().tokens())
                            .isPositive();
                    assertThat(report.baselineTokens())
                            .isEqualTo(c.baseline().tokens())
                            .isPositive();
                    assertThat(c.swarm().totalSteps()).isEqualTo(14);
                })
                .verifyComplete();
    }

    @Test
    void aWrongAnswerScoresZeroAndAnEmptyReportHasNoRatio() {
        VirtualTimeScheduler vts = VirtualTimeScheduler.create();
        ScriptedModel model = LookupScenario.model(vts, Duration.ofSeconds(1));
        EvaluationRunner runner = new EvaluationRunner(
                LookupScenario.swarm(model, vts), LookupScenario.baseline(model, vts), Scorer.exactMatch());
        EvalTask task = new EvalTask("lookup", LookupScenario.TASK, "something else");

        StepVerifier.withVirtualTime(() -> runner.evaluate(List.of(task)), () -> vts, 1)
                .thenAwait(Duration.ofMinutes(1))
                .assertNext(report -> {
                    assertThat(report.swarmAccuracy()).isZero();
                    assertThat(report.baselineAccuracy()).isZero();
                })
                .verifyComplete();
        assertThat(new EvaluationReport(List.of()).wallTimeRatio()).isNaN();
        assertThat(new EvaluationReport(List.of()).swarmAccuracy()).isZero();
    }
}

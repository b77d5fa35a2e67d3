package dev.agentswarm.eval.reward;

import static dev.agentswarm.eval.Runs.TASK;
import static dev.agentswarm.eval.Runs.done;
import static dev.agentswarm.eval.Runs.failed;
import static dev.agentswarm.eval.Runs.result;
import static dev.agentswarm.eval.Runs.stage;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.agentswarm.eval.Scorer;
import dev.agentswarm.report.CriticalSteps;
import dev.agentswarm.report.StageReport;
import dev.agentswarm.report.SwarmResult;
import dev.agentswarm.report.TaskResult;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The PARL reward, its default components and its λ schedules, on hand-computed examples. */
class ParlRewardTest {

    // stage 0: no tasks; stage 1: 3 tasks, 2 completed; stage 2: 2 tasks, 1 completed -> 5 tasks, 3 completed
    static final SwarmResult FIVE_TASKS = result(
            "42",
            stage(0),
            stage(1, done("s1-t0", 2), failed("s1-t1", 1), done("s1-t2", 3)),
            stage(2, done("s2-t0", 1), failed("s2-t1", 4)));

    @Test
    void rParallelIsMinOfTasksAndCapOverCap() {
        assertThat(new ParallelismReward(10).value(TASK, FIVE_TASKS)).isEqualTo(0.5); // min(5,10)/10
        assertThat(new ParallelismReward(4).value(TASK, FIVE_TASKS)).isEqualTo(1.0); // min(5,4)/4
        assertThat(new ParallelismReward(8).value(TASK, FIVE_TASKS)).isEqualTo(0.625); // 5/8
        assertThat(new ParallelismReward(10).value(TASK, result("x", stage(0)))).isZero();
    }

    @Test
    void rFinishIsCompletedOverAssignedAndTheEmptyValueForNoTasks() {
        assertThat(new FinishReward().value(TASK, FIVE_TASKS)).isEqualTo(0.6); // 3/5
        assertThat(new FinishReward().value(TASK, result("x", stage(0)))).isZero();
        assertThat(new FinishReward(1.0).value(TASK, result("x", stage(0)))).isEqualTo(1.0);
        assertThatThrownBy(() -> new FinishReward(1.5))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("1.5");
    }

    @Test
    void rPerfIsTheScorerOnTheAnswer() {
        assertThat(new PerformanceReward(Scorer.exactMatch()).value(TASK, FIVE_TASKS))
                .isEqualTo(1.0);
        assertThat(new PerformanceReward(Scorer.exactMatch()).value(TASK, result("41", stage(0))))
                .isZero();
    }

    @Test
    void theTotalIsLambda1TimesRParallelPlusLambda2TimesRFinishPlusRPerf() {
        ParlReward reward = ParlReward.builder(Scorer.exactMatch()).build();

        RewardTerms terms = reward.evaluate(TASK, FIVE_TASKS, 0);

        // P = (2+1+3 + 1+4) / (3 + 4) = 11/7; r_parallel = (11/7 - 1)/9 = 4/63
        // r = 0.3 * 4/63 + 0.2 * 0.6 + 1.0 = 1.12 + 0.0190476...
        assertThat(terms.lambdaParallel()).isEqualTo(0.3);
        assertThat(terms.lambdaFinish()).isEqualTo(0.2);
        assertThat(terms.parallel()).isCloseTo(4.0 / 63, within(1e-12));
        assertThat(terms.finish()).isEqualTo(0.6);
        assertThat(terms.performance()).isEqualTo(1.0);
        assertThat(terms.criticalSteps()).isEqualTo(FIVE_TASKS.criticalSteps());
        assertThat(terms.criticalStepPenalty()).isZero();
        assertThat(terms.total()).isCloseTo(1.12 + 0.3 * 4 / 63, within(1e-12));
    }

    // ---- r_parallel rewards concurrency, not instantiation

    static SwarmResult serialCollapse() {
        StageReport[] stages = new StageReport[11];
        for (int t = 0; t < 10; t++) {
            stages[t] = stage(t, done("s" + t + "-t0", 3));
        }
        stages[10] = stage(10);
        return result("42", stages);
    }

    static SwarmResult wideStage() {
        TaskResult[] tasks = new TaskResult[10];
        for (int i = 0; i < 10; i++) {
            tasks[i] = done("s0-t" + i, 3);
        }
        return result("42", stage(0, tasks), stage(1));
    }

    @Test
    void serialCollapseScoresZeroAndOneWideStageScoresOne() {
        SwarmResult serial = serialCollapse();
        SwarmResult wide = wideStage();
        // both instantiated ten tasks: the old instantiation count cannot tell them apart
        assertThat(new ParallelismReward(10).value(TASK, serial)).isEqualTo(1.0);
        assertThat(new ParallelismReward(10).value(TASK, wide)).isEqualTo(1.0);

        assertThat(ConcurrencyReward.effectiveParallelism(serial)).isEqualTo(1.0); // 30 steps / 30
        assertThat(ConcurrencyReward.effectiveParallelism(wide)).isEqualTo(10.0); // 30 steps / 3
        assertThat(new ConcurrencyReward().value(TASK, serial)).isZero();
        assertThat(new ConcurrencyReward().value(TASK, wide)).isEqualTo(1.0);

        ParlReward reward = ParlReward.builder(Scorer.exactMatch()).build();
        assertThat(reward.evaluate(TASK, wide, 0).total())
                .isGreaterThan(reward.evaluate(TASK, serial, 0).total());
        assertThat(reward.evaluate(TASK, serial, 0).parallel()).isZero();
    }

    @Test
    void rParallelFollowsTheStepMakespanUnderAConcurrencyCap() {
        TaskResult[] tasks = new TaskResult[10];
        int[] steps = new int[10];
        for (int i = 0; i < 10; i++) {
            tasks[i] = done("s0-t" + i, 1);
            steps[i] = 1;
        }
        // ten one-step tasks on two slots take five steps: P = 10/5 = 2
        StageReport capped = new StageReport(
                0, 1, List.of(tasks), List.of(), Instant.EPOCH, Duration.ZERO, CriticalSteps.stepMakespan(steps, 2));
        SwarmResult r = result("42", capped, stage(1));

        assertThat(ConcurrencyReward.effectiveParallelism(r)).isEqualTo(2.0);
        assertThat(new ConcurrencyReward().value(TASK, r)).isCloseTo(1.0 / 9, within(1e-12));
        assertThat(new ConcurrencyReward(3).value(TASK, r)).isCloseTo(0.5, within(1e-12));
        assertThat(new ConcurrencyReward(2).value(TASK, r)).isEqualTo(1.0);
        assertThat(new ConcurrencyReward().value(TASK, result("x", stage(0)))).isZero();
        assertThat(ConcurrencyReward.effectiveParallelism(result("x", stage(0))))
                .isZero();
        assertThat(new ConcurrencyReward(4).cap()).isEqualTo(4);
        assertThat(new ConcurrencyReward(4)).hasToString("(min(subagent steps / step-makespan, 4) - 1)/3");
        assertThatThrownBy(() -> new ConcurrencyReward(1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("got 1");
    }

    // ---- annealing

    @Test
    void theDefaultSchedulesAnnealLambda1From03AndLambda2From02ToZero() {
        ParlReward reward = ParlReward.builder(Scorer.exactMatch()).build();
        long t = ParlReward.DEFAULT_ANNEALING_STEPS;

        assertThat(reward.evaluate(TASK, FIVE_TASKS, 0).lambdaParallel()).isEqualTo(0.3);
        assertThat(reward.evaluate(TASK, FIVE_TASKS, 0).lambdaFinish()).isEqualTo(0.2);
        assertThat(reward.evaluate(TASK, FIVE_TASKS, t / 2).lambdaParallel()).isCloseTo(0.15, within(1e-12));
        assertThat(reward.evaluate(TASK, FIVE_TASKS, t / 2).lambdaFinish()).isCloseTo(0.1, within(1e-12));
        RewardTerms end = reward.evaluate(TASK, FIVE_TASKS, t);
        assertThat(end.lambdaParallel()).isZero();
        assertThat(end.lambdaFinish()).isZero();
        assertThat(end.total()).as("after annealing only r_perf counts").isEqualTo(1.0);
        assertThat(reward.evaluate(TASK, FIVE_TASKS, 10 * t).total()).isEqualTo(1.0);
    }

    @Test
    void theAnnealingHorizonIsConfigurableAndAConstantScheduleStaysAvailable() {
        ParlReward fast = ParlReward.builder(Scorer.exactMatch()).annealOver(10).build();
        assertThat(fast.evaluate(TASK, FIVE_TASKS, 5).lambdaParallel()).isCloseTo(0.15, within(1e-12));
        assertThat(fast.evaluate(TASK, FIVE_TASKS, 5).lambdaFinish()).isCloseTo(0.1, within(1e-12));
        assertThat(fast.evaluate(TASK, FIVE_TASKS, 10).lambdaFinish()).isZero();

        ParlReward constant =
                ParlReward.builder(Scorer.exactMatch()).constantLambdas().build();
        assertThat(constant.evaluate(TASK, FIVE_TASKS, 1_000_000).lambdaParallel())
                .isEqualTo(0.3);
        assertThat(constant.evaluate(TASK, FIVE_TASKS, 1_000_000).lambdaFinish())
                .isEqualTo(0.2);
        assertThatThrownBy(() -> ParlReward.builder(Scorer.exactMatch()).annealOver(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("got 0");
    }

    // ---- critical steps as a resource constraint

    @Test
    void exceedingTheCriticalStepBudgetIsPenalised() {
        // serial collapse: 10 stages of (1 + 3) + a final stage of 1 = 41 critical steps
        SwarmResult serial = serialCollapse();
        SwarmResult wide = wideStage(); // (1 + 3) + 1 = 5
        assertThat(serial.criticalSteps()).isEqualTo(41);
        assertThat(wide.criticalSteps()).isEqualTo(5);
        ParlReward reward = ParlReward.builder(Scorer.exactMatch())
                .constantLambdas()
                .criticalStepBudget(20, 0.5)
                .build();

        RewardTerms over = reward.evaluate(TASK, serial, 0);
        RewardTerms within = reward.evaluate(TASK, wide, 0);

        // 0.5 * (41 - 20) / 20 = 0.525
        assertThat(over.criticalSteps()).isEqualTo(41);
        assertThat(over.criticalStepPenalty()).isCloseTo(0.525, within(1e-12));
        assertThat(over.total()).isCloseTo(0.0 + 0.2 * 1.0 + 1.0 - 0.525, within(1e-12));
        assertThat(within.criticalStepPenalty()).isZero();
        assertThat(within.total()).isCloseTo(0.3 + 0.2 + 1.0, within(1e-12));
        assertThat(reward.criticalStepBudget()).isEqualTo(new CriticalStepBudget(20, 0.5));
        assertThat(new CriticalStepBudget(10, 1.0).penalty(20)).isEqualTo(1.0);
        assertThat(new CriticalStepBudget(10, 1.0).penalty(10)).isZero();
        assertThat(ParlReward.builder(Scorer.exactMatch()).build().criticalStepBudget())
                .isNull();
        assertThatThrownBy(() -> new CriticalStepBudget(0, 1.0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("got 0");
        assertThatThrownBy(() -> new CriticalStepBudget(5, -1.0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("got -1.0");
        assertThatThrownBy(() -> new CriticalStepBudget(5, Double.NaN))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("NaN");
    }

    @Test
    void aJudgesScoreReplacesRPerfAndAnUnscoredRunCountsZero() {
        ParlReward reward =
                ParlReward.builder(Scorer.exactMatch()).constantLambdas().build();
        assertThat(reward.evaluate(TASK, wideStage(), 0, 0.25).total()).isCloseTo(0.3 + 0.2 + 0.25, within(1e-12));
        RewardTerms unscored = reward.evaluate(TASK, wideStage(), 0, null);
        assertThat(unscored.performance()).isNull();
        assertThat(unscored.total()).isCloseTo(0.5, within(1e-12));
    }

    @Test
    void componentsAndSchedulesArePluggable() {
        ParlReward reward = ParlReward.builder(Scorer.exactMatch())
                .parallel((task, r) -> 0.25)
                .finish((task, r) -> 0.75)
                .performance((task, r) -> 0.5)
                .lambdaParallel(LambdaSchedule.linear(1.0, 100))
                .lambdaFinish(LambdaSchedule.cosine(2.0, 100))
                .build();

        RewardTerms terms = reward.evaluate(TASK, FIVE_TASKS, 50);

        // λ1(50) = 1.0 * (1 - 50/100) = 0.5; λ2(50) = 2.0 * 0.5 * (1 + cos(π/2)) = 1.0
        // r = 0.5 * 0.25 + 1.0 * 0.75 + 0.5 = 1.375
        assertThat(terms.lambdaParallel()).isCloseTo(0.5, within(1e-12));
        assertThat(terms.lambdaFinish()).isCloseTo(1.0, within(1e-12));
        assertThat(terms.total()).isCloseTo(1.375, within(1e-12));
        assertThat(terms.trainingStep()).isEqualTo(50);
    }

    @Test
    void theAuxiliaryTermsLeaveRPerfOutOfTheTotal() {
        RewardTerms terms = ParlReward.builder(Scorer.exactMatch()).build().evaluateAuxiliary(TASK, FIVE_TASKS, 0);

        assertThat(terms.performance()).isNull();
        assertThat(terms.total()).isCloseTo(0.12 + 0.3 * 4 / 63, within(1e-12));
    }

    @Test
    void constantScheduleNeverChanges() {
        LambdaSchedule s = LambdaSchedule.constant(0.3);
        assertThat(s.at(0)).isEqualTo(0.3);
        assertThat(s.at(1_000_000)).isEqualTo(0.3);
    }

    @Test
    void linearScheduleAnnealsToZeroAtTotalSteps() {
        LambdaSchedule s = LambdaSchedule.linear(0.3, 1000);
        assertThat(s.at(0)).isEqualTo(0.3);
        assertThat(s.at(250)).isCloseTo(0.225, within(1e-12)); // 0.3 * 0.75
        assertThat(s.at(500)).isCloseTo(0.15, within(1e-12));
        assertThat(s.at(1000)).isZero();
        assertThat(s.at(5000)).isZero();
    }

    @Test
    void cosineScheduleAnnealsToZeroAtTotalSteps() {
        LambdaSchedule s = LambdaSchedule.cosine(0.2, 1000);
        assertThat(s.at(0)).isCloseTo(0.2, within(1e-12));
        // 0.2 * 0.5 * (1 + cos(π/4)) = 0.1 * (1 + 0.70710678) = 0.170710678
        assertThat(s.at(250)).isCloseTo(0.170710678, within(1e-9));
        assertThat(s.at(500)).isCloseTo(0.1, within(1e-12));
        // 0.1 * (1 + cos(3π/4)) = 0.1 * 0.29289322 = 0.029289322
        assertThat(s.at(750)).isCloseTo(0.029289322, within(1e-9));
        assertThat(s.at(1000)).isZero();
        assertThat(s.at(2000)).isZero();
    }

    @Test
    void badScheduleArgumentsAreRefusedWithTheirValues() {
        assertThatThrownBy(() -> LambdaSchedule.linear(0.3, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("got 0");
        assertThatThrownBy(() -> LambdaSchedule.constant(0.3).at(-1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("got -1");
        assertThatThrownBy(() -> LambdaSchedule.cosine(Double.NaN, 10))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("NaN");
        assertThatThrownBy(() -> new ParallelismReward(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("got 0");
    }

    @Test
    void everyScheduleRefusesANegativeStepAndANonFiniteLambda() {
        for (LambdaSchedule s : new LambdaSchedule[] {
            LambdaSchedule.constant(0.3), LambdaSchedule.linear(0.3, 10), LambdaSchedule.cosine(0.3, 10)
        }) {
            assertThatThrownBy(() -> s.at(-1))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("got -1");
        }
        assertThatThrownBy(() -> LambdaSchedule.constant(Double.NaN))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("NaN");
        assertThatThrownBy(() -> LambdaSchedule.linear(Double.POSITIVE_INFINITY, 10))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Infinity");
        assertThatThrownBy(() -> LambdaSchedule.cosine(0.3, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("got 0");
    }

    @Test
    void oneTotalStepAnnealsAfterTheFirstStep() {
        assertThat(LambdaSchedule.linear(0.3, 1).at(0)).isEqualTo(0.3);
        assertThat(LambdaSchedule.linear(0.3, 1).at(1)).isZero();
        assertThat(LambdaSchedule.cosine(0.3, 1).at(0)).isCloseTo(0.3, within(1e-12));
        assertThat(LambdaSchedule.cosine(0.3, 1).at(1)).isZero();
    }

    @Test
    void theDefaultComponentsSayWhatTheyCompute() {
        // the descriptions name the formula and its parameters, for logs and trajectory metadata
        assertThat(new ParallelismReward(1).cap()).isEqualTo(1);
        assertThat(new ParallelismReward(1).value(TASK, FIVE_TASKS)).isEqualTo(1.0); // min(5,1)/1
        assertThat(new ParallelismReward(8)).hasToString("min(tasks, 8)/8");
        assertThat(new FinishReward(0.25).emptyValue()).isEqualTo(0.25);
        assertThat(new FinishReward()).hasToString("completed/assigned (no tasks: 0.0)");
        assertThat(new FinishReward(1.0)).hasToString("completed/assigned (no tasks: 1.0)");
    }
}

package dev.agentswarm.eval.detect;

import static dev.agentswarm.eval.Runs.done;
import static dev.agentswarm.eval.Runs.failed;
import static dev.agentswarm.eval.Runs.result;
import static dev.agentswarm.eval.Runs.stage;
import static dev.agentswarm.eval.Runs.task;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.agentswarm.report.TaskStatus;
import org.junit.jupiter.api.Test;

class SpuriousParallelismDetectorTest {

    static final String FRANCE = "find the population of France in 2020";
    static final String FRANCE_PLEASE = "Find the population of France in 2020, please";
    static final String GERMANY = "find the population of Germany in 2020";

    @Test
    void jaccardOfWordTrigramsIsHandComputable() {
        // FRANCE: {find the population, the population of, population of france, of france in, france in 2020}
        // FRANCE_PLEASE adds {in 2020 please}: 5 shared of 6 -> 0.8333
        assertThat(SpuriousParallelismDetector.jaccard(FRANCE, FRANCE_PLEASE, 3))
                .isCloseTo(5.0 / 6, within(1e-12));
        // GERMANY shares {find the population, the population of}: 2 of 5 + 5 - 2 = 8 -> 0.25
        assertThat(SpuriousParallelismDetector.jaccard(FRANCE, GERMANY, 3)).isEqualTo(0.25);
        // fewer words than k: one shingle of all words
        assertThat(SpuriousParallelismDetector.jaccard("Hello, world", "hello world!", 3))
                .isEqualTo(1.0);
        assertThat(SpuriousParallelismDetector.jaccard("", "  ", 3)).isEqualTo(1.0);
        assertThat(SpuriousParallelismDetector.jaccard("a b", "", 3)).isZero();
    }

    @Test
    void manyTasksFewCompletedIsSpurious() {
        Finding f = new SpuriousParallelismDetector()
                .detect(result(
                        "a", stage(0, done("s0-t0", 1), failed("s0-t1", 1), failed("s0-t2", 1), failed("s0-t3", 1))));

        assertThat(f.flagged()).isTrue();
        assertThat(f.value()).isEqualTo(0.25);
        assertThat(f.details()).containsExactly("1 of 4 tasks completed (finish rate 0.25 < 0.5)");
    }

    @Test
    void fewTasksFailingIsNotSpurious() {
        Finding f = new SpuriousParallelismDetector()
                .detect(result("a", stage(0, failed("s0-t0", 1), failed("s0-t1", 1), failed("s0-t2", 1))));

        assertThat(f.flagged()).isFalse();
        assertThat(f.value()).isZero();
    }

    @Test
    void nearDuplicatePromptsInOneStageAreSpurious() {
        Finding f = new SpuriousParallelismDetector()
                .detect(result(
                        "a",
                        stage(
                                0,
                                task("s0-t0", FRANCE, TaskStatus.COMPLETED, 1),
                                task("s0-t1", GERMANY, TaskStatus.COMPLETED, 1),
                                task("s0-t2", FRANCE_PLEASE, TaskStatus.COMPLETED, 1))));

        assertThat(f.flagged()).isTrue();
        assertThat(f.value()).isEqualTo(1.0);
        assertThat(f.details()).containsExactly("near-duplicate prompts s0-t0 ~ s0-t2 (Jaccard 0.833)");
    }

    @Test
    void distinctPromptsOrRepeatsAcrossStagesAreNot() {
        Finding f = new SpuriousParallelismDetector()
                .detect(result(
                        "a",
                        stage(
                                0,
                                task("s0-t0", FRANCE, TaskStatus.COMPLETED, 1),
                                task("s0-t1", GERMANY, TaskStatus.COMPLETED, 1)),
                        stage(1, task("s1-t0", FRANCE_PLEASE, TaskStatus.COMPLETED, 1))));

        assertThat(f.flagged()).isFalse();
        assertThat(f.details()).isEmpty();
    }

    @Test
    void theSimilarityThresholdIsConfigurable() {
        Finding f = new SpuriousParallelismDetector(4, 0.5, 0.9, 3)
                .detect(result(
                        "a",
                        stage(
                                0,
                                task("s0-t0", FRANCE, TaskStatus.COMPLETED, 1),
                                task("s0-t1", FRANCE_PLEASE, TaskStatus.COMPLETED, 1))));

        assertThat(f.flagged()).isFalse();
    }

    @Test
    void aRunWithoutTasksHasFinishRateOneAndIsNotSpurious() {
        Finding f = new SpuriousParallelismDetector(1, 0.5, 0.8, 3).detect(result("a", stage(0)));

        assertThat(f.value()).isEqualTo(1.0);
        assertThat(f.flagged()).isFalse();
    }

    @Test
    void aFinishRateEqualToTheMinimumIsNotSpurious() {
        Finding f = new SpuriousParallelismDetector()
                .detect(result(
                        "a", stage(0, done("s0-t0", 1), done("s0-t1", 1), failed("s0-t2", 1), failed("s0-t3", 1))));

        assertThat(f.value()).isEqualTo(0.5);
        assertThat(f.flagged()).isFalse();
    }

    @Test
    void aSimilarityEqualToTheThresholdIsANearDuplicate() {
        // "find the population of france in" has 4 of FRANCE's 5 trigrams and no other: J = 4/5 = 0.8
        Finding f = new SpuriousParallelismDetector()
                .detect(result(
                        "a",
                        stage(
                                0,
                                task("s0-t0", FRANCE, TaskStatus.COMPLETED, 1),
                                task("s0-t1", "find the population of france in", TaskStatus.COMPLETED, 1))));

        assertThat(f.flagged()).isTrue();
        assertThat(f.details()).containsExactly("near-duplicate prompts s0-t0 ~ s0-t1 (Jaccard 0.800)");
    }

    @Test
    void punctuationBeforeTheFirstWordIsNotAWord() {
        // splitting "...find" on non-word characters yields an empty first element, which must not count
        assertThat(SpuriousParallelismDetector.jaccard("... find the population", "find the population", 3))
                .isEqualTo(1.0);
        assertThat(SpuriousParallelismDetector.shingles("-- a b c", 2)).containsExactlyInAnyOrder("a b", "b c");
        assertThat(SpuriousParallelismDetector.shingles("... !", 3)).isEmpty();
    }

    @Test
    void theParametersAreCheckedAtTheEdgesOfTheirRanges() {
        // the edges themselves are allowed
        assertThat(new SpuriousParallelismDetector(1, 0.0, 1.0, 1)
                        .detect(result(
                                "a",
                                stage(
                                        0,
                                        task("s0-t0", "same words", TaskStatus.FAILED, 1),
                                        task("s0-t1", "Same, words!", TaskStatus.FAILED, 1))))
                        .details())
                .containsExactly("near-duplicate prompts s0-t0 ~ s0-t1 (Jaccard 1.000)");
        assertThat(new SpuriousParallelismDetector(1, 1.0, 0.5, 1)
                        .detect(result("a", stage(0, done("s0-t0", 1), failed("s0-t1", 1))))
                        .flagged())
                .isTrue(); // 0.5 < 1.0

        assertThatThrownBy(() -> new SpuriousParallelismDetector(0, 0.5, 0.8, 3))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("minTasks=0");
        assertThatThrownBy(() -> new SpuriousParallelismDetector(4, -0.01, 0.8, 3))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("minFinishRate=-0.01");
        assertThatThrownBy(() -> new SpuriousParallelismDetector(4, 1.01, 0.8, 3))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SpuriousParallelismDetector(4, Double.NaN, 0.8, 3))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SpuriousParallelismDetector(4, 0.5, 0.0, 3))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("similarityThreshold=0.0");
        assertThatThrownBy(() -> new SpuriousParallelismDetector(4, 0.5, 1.01, 3))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SpuriousParallelismDetector(4, 0.5, 0.8, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("shingleSize=0");
    }
}

package dev.agentswarm.eval.rollout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentswarm.eval.EvalTask;
import dev.agentswarm.model.SwarmModel;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Mono;

/** Judges (exact, normalised answer, LLM with a rubric) and the dataset reader's handling of bad lines. */
class JudgeAndDatasetTest {

    static final EvalTask TASK = new EvalTask("q", "Who wrote Dune?", "Frank Herbert");

    @Test
    void theNormalisedAnswerJudgeReadsTheExactAnswerLineAndIgnoresCaseArticlesAndPunctuation() {
        Judge j = Judge.normalizedAnswer();
        assertThat(j.score(TASK, "Explanation: ...\nExact Answer: frank  HERBERT.\nConfidence: 90%")
                        .block())
                .isEqualTo(1.0);
        assertThat(j.score(TASK, "The Frank Herbert!").block()).isEqualTo(1.0);
        assertThat(j.score(TASK, "Brian Herbert").block()).isZero();
        assertThat(j.score(new EvalTask("n", "no gold", null), "x").block()).isZero();
        assertThat(Judge.exact().score(TASK, " frank herbert ").block()).isEqualTo(1.0);
        assertThat(Judge.normalize("Ｆｒａｎｋ, the  Herbert")).isEqualTo("frank herbert");
    }

    @Test
    void theLlmJudgeSendsTheRubricAndReadsTheLastScore() {
        AtomicReference<ChatRequest> seen = new AtomicReference<>();
        SwarmModel grader = SwarmModel.of("grader", r -> {
            seen.set(r);
            return Mono.just(ChatResponse.builder()
                    .aiMessage(AiMessage.from("Reasoning... SCORE: 0.2 was a draft.\nSCORE: 0.75"))
                    .build());
        });

        double score =
                Judge.llm(grader, "Grade strictly.").score(TASK, "Herbert").block();

        assertThat(score).isEqualTo(0.75);
        assertThat(((SystemMessage) seen.get().messages().get(0)).text()).isEqualTo("Grade strictly.");
        assertThat(seen.get().messages().get(1).toString())
                .contains("Frank Herbert")
                .contains("Herbert");
        assertThat(LlmJudge.parse("CORRECT: yes")).isEqualTo(1.0);
        assertThat(LlmJudge.parse("correct: No")).isZero();
        assertThatThrownBy(() -> LlmJudge.parse("I think it is fine"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no SCORE")
                .hasMessageContaining("I think it is fine");
    }

    @Test
    void aJudgeOverAScorerScoresLikeTheScorer() {
        assertThat(Judge.of((task, answer) -> answer.length() / 10.0)
                        .score(TASK, "12345")
                        .block())
                .isEqualTo(0.5);
    }

    @Test
    void badLinesAreNamedAndGoodOnesKept(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("tasks.jsonl");
        Files.writeString(
                file,
                String.join(
                        "\n",
                        "{\"id\":\"a\",\"task\":\"one\",\"answer\":\"1\",\"toolset\":\"search\",\"judge\":\"normalized\"}",
                        "",
                        "{not json",
                        "[1, 2]",
                        "{\"id\":\"b\"}",
                        "{\"prompt\":\"two\",\"gold\":\"2\",\"seed\":5}",
                        "{\"task\":\"three\",\"seed\":\"x\"}",
                        "{\"task\":\"   \"}"));

        List<DatasetLine> lines = Dataset.read(file);

        assertThat(lines).hasSize(7);
        RolloutTask a = ((DatasetLine.Valid) lines.get(0)).task();
        assertThat(a.line()).isEqualTo(1);
        assertThat(a.task()).isEqualTo(new EvalTask("a", "one", "1"));
        assertThat(a.toolset()).isEqualTo("search");
        assertThat(a.judge()).isEqualTo("normalized");
        assertThat(((DatasetLine.Invalid) lines.get(1)).error()).startsWith("dataset line 3 is not JSON");
        assertThat(((DatasetLine.Invalid) lines.get(2)).error()).isEqualTo("dataset line 4 is not a JSON object");
        assertThat(((DatasetLine.Invalid) lines.get(3)).error()).contains("dataset line 5 lacks its task");
        RolloutTask two = ((DatasetLine.Valid) lines.get(4)).task();
        assertThat(two.task()).isEqualTo(new EvalTask("line-6", "two", "2"));
        assertThat(two.seed()).isEqualTo(5L);
        assertThat(((DatasetLine.Invalid) lines.get(5)).error())
                .contains("line 7")
                .contains("seed");
        assertThat(lines.get(6)).isInstanceOf(DatasetLine.Invalid.class);
        assertThat(lines.get(6).line()).isEqualTo(8);
        assertThatThrownBy(() -> Dataset.read(dir.resolve("missing.jsonl"))).hasMessageContaining("missing.jsonl");
    }

    @Test
    void templatesRefuseATextWithoutTheTaskPlaceholder() {
        assertThatThrownBy(() -> PromptTemplate.of("no placeholder"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("{task}");
        assertThat(PromptTemplate.of("[{id}] {task}").render(RolloutTask.of(new EvalTask("q1", "go", null)), 1))
                .isEqualTo("[q1] go");
    }

    @Test
    void aJudgeThatNeverAnswersIsTimedOutAndTheEpisodeKeepsItsRun() {
        RolloutRunner runner = RolloutRunner.builder()
                .policy(SwarmModel.of(
                        "policy",
                        r -> Mono.just(ChatResponse.builder()
                                .aiMessage(AiMessage.from("ok"))
                                .build())))
                .judge("silent", (task, answer) -> Mono.never())
                .defaultJudge("silent")
                .judgeTimeout(java.time.Duration.ofMillis(50))
                .build();

        EpisodeResult r = runner.run(List.of(new DatasetLine.Valid(RolloutTask.of(TASK))), 1)
                .blockLast(java.time.Duration.ofSeconds(30));

        assertThat(r.status()).isEqualTo("COMPLETED");
        assertThat(r.judgeError())
                .contains("episode e0")
                .contains("the judge failed")
                .contains("Timeout");
        assertThat(r.reward().performance()).isNull();
        assertThat(r.trajectory()).hasSize(1);
        assertThatThrownBy(() -> RolloutRunner.builder().judgeTimeout(java.time.Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
    }
}

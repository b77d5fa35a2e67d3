package dev.agentswarm.eval.rollout;

import dev.agentswarm.eval.EvalTask;
import dev.agentswarm.eval.Scorer;
import dev.agentswarm.model.SwarmModel;
import java.text.Normalizer;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import reactor.core.publisher.Mono;

/**
 * Scores an episode's answer: r_perf of the PARL reward. Asynchronous, so that a judge may call a model. A judge that
 * fails (an error signal, or a throw) fails only the scoring of its episode: the episode keeps its run and trajectory
 * and reports the judge's error; r_perf is then null.
 */
@FunctionalInterface
public interface Judge {

    /**
     * @param task the task, with its gold answer
     * @param answer the episode's answer
     * @return a score in [0, 1]
     */
    Mono<Double> score(EvalTask task, String answer);

    /**
     * @param scorer an existing scorer (exact match, the WideSearch table scorer, …)
     * @return the scorer as a judge
     */
    static Judge of(Scorer scorer) {
        Objects.requireNonNull(scorer, "scorer");
        return (task, answer) -> Mono.fromSupplier(() -> scorer.score(task, answer));
    }

    /** @return 1 when the answer, trimmed, equals the gold answer ignoring case; else 0 */
    static Judge exact() {
        return of(Scorer.exactMatch());
    }

    /**
     * The BrowseComp-style answer check: the answer's {@code Exact Answer:} line when it has one, else the whole
     * answer, equals the gold answer after normalisation (Unicode NFKC, lower case, punctuation and the articles
     * a/an/the removed, whitespace collapsed). 0 without a gold answer.
     *
     * @return the judge
     */
    static Judge normalizedAnswer() {
        return of((task, answer) -> {
            String gold = task.gold();
            if (gold == null) {
                return 0.0;
            }
            return normalize(exactAnswer(answer)).equals(normalize(gold)) ? 1.0 : 0.0;
        });
    }

    /**
     * An LLM judge: asks a model, with a rubric as its system prompt, to grade the answer against the gold answer, and
     * reads the last {@code SCORE: x} (x in [0, 1]) or {@code CORRECT: yes|no} of its reply. A reply with neither is
     * an error of that episode's scoring, quoting the start of the reply.
     *
     * @param model the judge's model (its calls are not part of any run)
     * @param rubric the grading instructions
     * @return the judge
     */
    static Judge llm(SwarmModel model, String rubric) {
        return new LlmJudge(model, rubric);
    }

    /**
     * @param answer an answer
     * @return its {@code Exact Answer:} line's value, or the whole answer
     */
    static String exactAnswer(String answer) {
        Matcher m = Pattern.compile("(?im)^\\s*exact answer\\s*:\\s*(.+)$").matcher(answer);
        return m.find() ? m.group(1) : answer;
    }

    /**
     * @param text a text
     * @return it normalised: NFKC, lower case, punctuation and articles removed, whitespace collapsed
     */
    static String normalize(String text) {
        String s = Normalizer.normalize(text, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
        s = s.replaceAll("[\\p{Punct}\\p{IsPunctuation}]", " ");
        s = s.replaceAll("\\b(a|an|the)\\b", " ");
        return s.replaceAll("\\s+", " ").strip();
    }
}
